"""Numbered schema migrations `NNNN_name.sql`, applied in order on open.

Before migrating an existing database, the (still encrypted) file is copied to
`case.db.pre-vN.bak` (Vorta); a failed upgrade is put back from it. The copy is removed
once the upgraded vault has opened (see `backups`), so it cannot outlive an erasure.
"""

from __future__ import annotations

import re
from importlib import resources

from vigdesk.core.errors import VaultCorrupt
from vigdesk.storage.db import Database
from vigdesk.storage.migrations import backups

_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


def available() -> list[tuple[int, str]]:
    """(version, sql) for every migration shipped with this build, ascending."""
    found = []
    for entry in resources.files(__package__).iterdir():
        match = _NAME.match(entry.name)
        if match:
            found.append((int(match.group(1)), entry.read_text(encoding="utf-8")))
    return sorted(found)


def latest() -> int:
    return available()[-1][0]


def current(db: Database) -> int:
    return int(db.scalar("PRAGMA user_version"))


def migrate(db: Database) -> int:
    """Bring the schema to the latest version; returns the version applied last.

    Each migration and its version bump commit together, so a kill leaves the database
    at the old or the new version, never between, and the next open carries on. If a
    migration or the integrity checks after it fail, the backup taken first is put back,
    `db` is closed and VaultCorrupt raised. The backup stays until the caller has opened
    the vault and calls `backups.discard`; an open that finds one with nothing left to
    migrate (the last run was killed) checks the database again first.
    """
    version = current(db)
    pending = [(v, sql) for v, sql in available() if v > version]
    if not pending:
        if backups.found(db.path):
            backups.verify(db)
        return version
    point = backups.take(db, version) if version > 0 else None
    try:
        for number, sql in pending:
            with db.transact():
                db.executescript_in_tx(sql)
                db.execute(f"PRAGMA user_version = {number}")
            version = number
        if point is not None:
            backups.verify(db)
    except Exception as exc:
        if point is None:
            raise
        try:
            backups.restore(db, point)
        except OSError as failed:
            raise VaultCorrupt(
                f"Upgrading {db.path.name} failed and putting it back failed too ({failed}). "
                f"The copy from before the upgrade is {point.name}: contact support."
            ) from exc
        raise VaultCorrupt(
            f"Upgrading {db.path.name} past schema {version} failed ({exc}). It was put "
            "back as it was before the upgrade, so nothing is lost: keep using the previous "
            "version of vigdesk and contact support."
        ) from exc
    return version
