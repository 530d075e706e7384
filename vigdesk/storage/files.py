"""Crash-safe file writes: write `<name>.tmp`, fsync, rename, fsync the folder."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from vigdesk.core.errors import storage_error
from vigdesk.crypto.streaming import fsync_dir


def atomic_write(path: Path, data: bytes, doing: str) -> None:
    """Replace `path` with `data` so a crash leaves either the old or the new file.

    Raises StorageFull / StorageReadOnly (see core.errors.storage_error) and
    leaves no `.tmp` behind.
    """
    tmp = path.with_name(path.name + ".tmp")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        fsync_dir(path.parent)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise storage_error(exc, doing) from exc
