"""One sync at a time per vault (the app's background sync and a CLI sync, say).

An exclusive, non-blocking OS lock on ``<vault>/sync.lock``; released when the holder
exits, even by a crash, so a killed sync never blocks the next one.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from vigdesk.core.errors import SyncBusy

LOCK_NAME = "sync.lock"


@contextlib.contextmanager
def sync_lock(home: Path) -> Iterator[None]:
    """Hold the vault's sync lock for the block; raises SyncBusy if it is taken."""
    fd = os.open(home / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            if sys.platform == "win32":
                import msvcrt

                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            raise SyncBusy(
                "A sync of this vault is already running; wait for it to finish."
            ) from exc
        yield
    finally:
        os.close(fd)  # closing releases the lock on every system
