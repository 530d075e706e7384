"""Put a real vault's schema back to an older version, whatever migrations came since.

Upgrade tests need a vault "made by an older vigdesk" that still holds a family added
through today's services. Rather than undo each later migration by hand (a list every new
migration had to extend), this builds the old schema in memory from the shipped
migration files and removes from the vault every trigger, view, index, table and column
the old schema did not have, then restores the old schema's own triggers.
"""

from __future__ import annotations

from sqlcipher3 import dbapi2 as sqlite3

from vigdesk.storage import migrations
from vigdesk.storage.db import Database


def _schema(rows: list[tuple[str, str, str, str | None]]) -> dict[tuple[str, str], str | None]:
    return {(kind, name): sql for kind, name, _table, sql in rows}


def _old_schema(version: int) -> tuple[dict[tuple[str, str], str | None], dict[str, list[str]]]:
    ref = sqlite3.connect(":memory:")
    for number, sql in migrations.available():
        if number <= version:
            ref.executescript(sql)
    objects = _schema(ref.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall())
    columns = {
        name: [r[1] for r in ref.execute(f"PRAGMA table_info({name})")]
        for (kind, name) in objects
        if kind == "table"
    }
    ref.close()
    return objects, columns


def put_back(db: Database, version: int) -> None:
    """Make `db`'s schema the one migrations 1..`version` create, keeping its rows."""
    old, old_columns = _old_schema(version)
    with db.transact() as tx:
        now = [
            (str(r[0]), str(r[1]), str(r[2]), r[3])
            for r in tx.execute("SELECT type, name, tbl_name, sql FROM sqlite_master")
        ]
        for kind, name, _table, _sql in now:
            if kind in ("trigger", "view"):
                tx.execute(f'DROP {kind.upper()} IF EXISTS "{name}"')
        for kind, name, _table, sql in now:
            if kind == "index" and sql is not None and (kind, name) not in old:
                tx.execute(f'DROP INDEX IF EXISTS "{name}"')
        # Virtual tables first: dropping one drops its shadow tables with it.
        for kind, name, _table, _sql in sorted(now, key=lambda r: "VIRTUAL" not in (r[3] or "")):
            if kind == "table" and ("table", name) not in old:
                tx.execute(f'DROP TABLE IF EXISTS "{name}"')
        for table, keep in old_columns.items():
            have = [str(r[1]) for r in tx.execute(f'PRAGMA table_info("{table}")')]
            for column in have:
                if column not in keep:
                    tx.execute(f'ALTER TABLE "{table}" DROP COLUMN "{column}"')
        for (kind, _name), sql in old.items():
            if kind in ("trigger", "view") and sql:
                tx.execute(sql)
        tx.execute(f"PRAGMA user_version = {version}")
