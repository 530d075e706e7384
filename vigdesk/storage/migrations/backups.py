"""The encrypted copy of case.db taken before a schema upgrade, and its removal.

The copy holds everything the vault held at that moment (names, case codes, wrapped
case keys), so an erasure or a retention sweep made later would not reach it. It
therefore lives only while an upgrade is in flight: taken just before the first
migration, put back if a migration or the checks after it fail, and removed once the
upgraded vault has opened (`discard`). A process killed in between leaves it for the
next open, which checks the database again before removing it. Erasures and sweeps also
remove copies older versions of vigdesk left beside the vault (`case.db.pre-vN.bak`).

Blocking file I/O; call on the thread that owns the database.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path

from vigdesk.core.errors import VaultCorrupt, storage_error
from vigdesk.crypto.streaming import fsync_dir
from vigdesk.storage.db import Database

_CHUNK = 1 << 20


def path_for(db_path: Path, version: int) -> Path:
    return db_path.with_name(f"{db_path.name}.pre-v{version}.bak")


def found(db_path: Path) -> list[Path]:
    """Every backup of `db_path` in its folder, half-written copies included."""
    folder = db_path.parent
    return sorted({*folder.glob(f"{db_path.name}*.bak"), *folder.glob(f"{db_path.name}*.bak.tmp")})


def take(db: Database, version: int) -> Path:
    """Copy the encrypted file (WAL folded in first) atomically: a kill while copying
    leaves only a `.tmp`, never a partial copy under the backup's name."""
    db.checkpoint()
    target = path_for(db.path, version)
    tmp = target.with_name(target.name + ".tmp")
    try:
        shutil.copyfile(db.path, tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
        fsync_dir(target.parent)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise storage_error(exc, "back up the case database before upgrading it") from exc
    return target


def verify(db: Database) -> None:
    """SQLite's structural check and SQLCipher's per-page HMAC check; raises VaultCorrupt."""
    db.checkpoint()
    structure = [str(r[0]) for r in db.execute("PRAGMA integrity_check")]
    pages = db.execute("PRAGMA cipher_integrity_check")
    if structure != ["ok"] or pages:
        kept = ", ".join(p.name for p in found(db.path)) or "none"
        raise VaultCorrupt(
            f"{db.path.name} failed its integrity check after an upgrade. Nothing was "
            f"deleted; the copy from before the upgrade is kept ({kept}). Contact support."
        )


def restore(db: Database, point: Path) -> None:
    """Close `db` and put `point` back in its place (the backup is consumed).

    A kill at any moment leaves either the upgraded file or the restored one, and the
    backup until it has become case.db.
    """
    db.close()
    for suffix in ("-wal", "-shm"):
        db.path.with_name(db.path.name + suffix).unlink(missing_ok=True)
    os.replace(point, db.path)
    fsync_dir(db.path.parent)


def discard(db_path: Path) -> int:
    """Overwrite and remove every backup of `db_path`; returns how many there were.

    The overwrite defeats undelete tools on ordinary disks, but on SSDs (wear levelling)
    and copy-on-write or snapshotting file systems the old blocks may survive it: the
    guarantee is that vigdesk leaves no copy, not that the hardware forgets. Raises
    StorageFull / StorageReadOnly when a backup cannot be removed.
    """
    backups = found(db_path)
    for path in backups:
        try:
            _overwrite(path)
            path.unlink()
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise storage_error(exc, f"remove the old backup {path.name}") from exc
    if backups:
        fsync_dir(db_path.parent)
    return len(backups)


def _overwrite(path: Path) -> None:
    size = path.stat().st_size
    zeros = bytes(_CHUNK)
    with open(path, "rb+") as fh:
        for offset in range(0, size, _CHUNK):
            fh.write(zeros[: min(_CHUNK, size - offset)])
        fh.flush()
        os.fsync(fh.fileno())
