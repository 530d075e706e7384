"""Where everything lives in the site folder, and the two ways files are written there.

``<share>/vigdesk/`` holds site.json(.sig), requests/, devices/<id>/journal|audit/,
keys/<case-id>/<member-id>.key, keys/<case-id>/<epoch>/<member-id>.key,
keys/site/<epoch>/<member-id>.key, blobs/ab/<id> and outbox/<letter-id>.vlt.
Files are written as ``<name>.tmp``, fsynced and renamed; nothing relies on mtimes or
locks. OS errors propagate: callers map them (see `vigdesk.sync.share`).

Every path is built from checked parts only: ids of the exact shape `new_id` mints and
non-negative numbers. A name that is anything else (``..``, a drive, a separator) raises
IntegrityError here, whatever the caller forgot, so no path leaves the site root.
"""

from __future__ import annotations

import contextlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from vigdesk.core.errors import IntegrityError
from vigdesk.core.ids import is_id
from vigdesk.crypto.streaming import fsync_dir

SITE_DIR = "vigdesk"
JOURNAL_RE = re.compile(r"^(\d{8})\.vjr$")
SEGMENT_RE = re.compile(r"^(\d{8})\.vja$")


def _id(value: str) -> str:
    if not is_id(value):
        raise IntegrityError(f"refused an unsafe name from the site folder: {str(value)[:40]!r}")
    return value


def _num(value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 10**8:
        raise IntegrityError(f"refused an unsafe number from the site folder: {value!r}")
    return value


@dataclass(frozen=True)
class SiteLayout:
    """Paths below one site folder. `share` is what the user names (the network folder)."""

    share: Path

    @property
    def root(self) -> Path:
        return self.share / SITE_DIR

    @property
    def manifest(self) -> Path:
        return self.root / "site.json"

    @property
    def signature(self) -> Path:
        return self.root / "site.json.sig"

    @property
    def requests(self) -> Path:
        return self.root / "requests"

    def request(self, device_id: str) -> Path:
        return self.requests / f"{_id(device_id)}.json"

    @property
    def devices(self) -> Path:
        return self.root / "devices"

    def journal_dir(self, device_id: str) -> Path:
        return self.devices / _id(device_id) / "journal"

    def journal(self, device_id: str, seq: int) -> Path:
        return self.journal_dir(device_id) / f"{_num(seq):08d}.vjr"

    def audit_dir(self, device_id: str) -> Path:
        return self.devices / _id(device_id) / "audit"

    def segment(self, device_id: str, n: int) -> Path:
        return self.audit_dir(device_id) / f"{_num(n):08d}.vja"

    def checkpoint(self, device_id: str, n: int) -> Path:
        return self.audit_dir(device_id) / f"{_num(n):08d}.vjc"

    @property
    def keys(self) -> Path:
        return self.root / "keys"

    def case_keys_dir(self, case_id: str) -> Path:
        return self.keys / _id(case_id)

    def case_key(self, case_id: str, member_id: str) -> Path:
        return self.case_keys_dir(case_id) / f"{_id(member_id)}.key"

    def case_epoch_key(self, case_id: str, epoch: int, member_id: str) -> Path:
        """``keys/<case>/<epoch>/<member>.key``: a rotated case epoch's key (epoch ≥ 2)."""
        return self.case_keys_dir(case_id) / str(_num(epoch)) / f"{_id(member_id)}.key"

    def site_key(self, epoch: int, member_id: str) -> Path:
        return self.keys / "site" / str(_num(epoch)) / f"{_id(member_id)}.key"

    @property
    def blobs(self) -> Path:
        return self.root / "blobs"

    def blob(self, blob_id: str) -> Path:
        return self.blobs / _id(blob_id)[:2] / blob_id

    @property
    def outbox(self) -> Path:
        return self.root / "outbox"

    def letter(self, letter_id: str) -> Path:
        """``outbox/<letter-id>.vlt``: a letter sealed to the BSOs (`vigdesk.sync.letters`)."""
        return self.outbox / f"{_id(letter_id)}.vlt"

    def make_tree(self) -> None:
        """Create the site's folders (site init only: nothing else creates the root)."""
        for folder in (self.requests, self.devices, self.keys, self.blobs, self.outbox):
            folder.mkdir(parents=True, exist_ok=True)

    def ensure_folder(self, folder: Path) -> None:
        """Create `folder` below the site root, never the root itself: if the share went
        away, this raises FileNotFoundError instead of writing into a fresh empty folder."""
        below = folder.relative_to(self.root)
        current = self.root
        for part in below.parts:
            current = current / part
            if not current.is_dir():
                current.mkdir(exist_ok=True)  # FileNotFoundError if the root is gone

    def write(self, path: Path, data: bytes) -> None:
        """`write_file` for a path below the site root."""
        self.ensure_folder(path.parent)
        write_file(path, data)


def numbered(folder: Path, pattern: re.Pattern[str]) -> list[int]:
    """Sorted numbers of the files in `folder` matching `pattern` ([] if no folder)."""
    try:
        names = os.listdir(folder)
    except FileNotFoundError:
        return []
    found = []
    for name in names:
        match = pattern.match(name)
        if match:
            found.append(int(match.group(1)))
    return sorted(found)


def write_file(path: Path, data: bytes) -> None:
    """Write `path` via ``.tmp`` + fsync + rename (+ folder fsync); the folder must exist."""
    tmp = path.with_name(path.name + ".tmp")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    with contextlib.suppress(OSError):  # some network file systems cannot sync a folder
        fsync_dir(path.parent)


def remove_tree(folder: Path) -> None:
    """Delete a folder of small files (key wraps), ignoring what is already gone."""
    if not folder.exists():
        return
    for child in sorted(folder.rglob("*"), reverse=True):
        with contextlib.suppress(FileNotFoundError):
            if child.is_dir():
                child.rmdir()
            else:
                child.unlink()
    with contextlib.suppress(FileNotFoundError, OSError):
        folder.rmdir()
