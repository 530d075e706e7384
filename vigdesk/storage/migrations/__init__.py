"""Numbered schema migrations `NNNN_name.sql`, applied in order on open.

Before migrating an existing database, the (still encrypted) file is copied to
`case.db.pre-vN.bak`, so a failed upgrade can be rolled back by hand (Vorta).
"""

from __future__ import annotations

import re
import shutil
from importlib import resources
from pathlib import Path

from vigdesk.storage.db import Database

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

    Each migration and its version bump commit together, so a crash leaves the
    database at the old or the new version, never between.
    """
    version = current(db)
    pending = [(v, sql) for v, sql in available() if v > version]
    if pending and version > 0:
        backup(db, version)
    for number, sql in pending:
        with db.transact():
            db.executescript_in_tx(sql)
            db.execute(f"PRAGMA user_version = {number}")
        version = number
    return version


def backup(db: Database, version: int) -> Path:
    """Copy the encrypted database before a migration."""
    db.checkpoint()
    target = db.path.with_name(f"{db.path.name}.pre-v{version}.bak")
    shutil.copyfile(db.path, target)
    return target
