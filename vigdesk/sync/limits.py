"""Size caps for every file read from the site folder, checked before reading it.

Anyone who can write to the share can plant a huge (or sparse) file; without a cap one
such file costs every laptop its memory at every sync. Each cap is far above what
vigdesk writes (a journal file holds at most `outgoing.BATCH` entries; a key wrap is
about 1.7 KB; site.json about 2 KB per member) and is documented in the README.
"""

from __future__ import annotations

import os
from pathlib import Path

from vigdesk.core.errors import IntegrityError

MIB = 1 << 20
SITE_JSON = 4 * MIB
SIGNATURE = 4096
REQUEST = 64 * 1024
KEY_WRAP = 64 * 1024
JOURNAL = 64 * MIB
JOURNAL_HEADER = 1 * MIB
SECTION_PLAIN = 64 * MIB  # a decompressed journal section
AUDIT_SEGMENT = 64 * MIB
CHECKPOINT = 64 * 1024
LETTER = 16 * MIB  # a sealed letter in the outbox


def read_capped(path: Path, cap: int, what: str) -> bytes:
    """The bytes of `path`, or IntegrityError if it is larger than `cap`.

    The size is taken from `stat` first and the read itself stops one byte past the
    cap, so a file that grows in between is refused too. OS errors propagate.
    """
    size = os.stat(path).st_size
    if size > cap:
        raise IntegrityError(_too_big(what, size, cap))
    with open(path, "rb") as fh:
        data = fh.read(cap + 1)
    if len(data) > cap:
        raise IntegrityError(_too_big(what, len(data), cap))
    return data


def _too_big(what: str, size: int, cap: int) -> str:
    return f"{what} is {_mib(size)}, over the {_mib(cap)} limit; it was not read"


def _mib(n: int) -> str:
    return f"{n / MIB:.1f} MB" if n >= MIB else f"{n / 1024:.0f} KB"
