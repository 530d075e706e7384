"""The change-capture triggers in the database match the table list in `sync/schema.py`.

The triggers are hand-written SQL (migration 0009); `TABLES` is hand-written Python.
A table added to one and not the other would either never sync or log changes
nobody applies, silently. This test reads what a fresh vault really holds.
"""

from __future__ import annotations

import re

from vigdesk.storage.vault import Vault
from vigdesk.sync.schema import TABLES

EVENTS = {"ai": "INSERT", "au": "UPDATE", "ad": "DELETE"}
# Destroying a case key is a shred, captured as a site-wide notice (migration 0009).
# It is the one capture trigger on a table that does not sync as rows.
SHRED_TRIGGER = ("sync_case_keys_ad", "case_keys")


def capture_triggers(vault: Vault) -> dict[str, tuple[str, str]]:
    """Every trigger that writes to the change log: name -> (table, sql)."""
    rows = vault.db.execute("SELECT name, tbl_name, sql FROM sqlite_master WHERE type='trigger'")
    return {
        str(r[0]): (str(r[1]), str(r[2]))
        for r in rows
        if re.search(r"\bINSERT\s+INTO\s+sync_changes\b", str(r[2]), re.IGNORECASE)
    }


def test_every_synced_table_has_exactly_its_insert_update_and_delete_triggers(
    vault: Vault,
) -> None:
    found = capture_triggers(vault)
    expected = {f"sync_{t.name}_{suffix}": t.name for t in TABLES for suffix in EVENTS}
    expected[SHRED_TRIGGER[0]] = SHRED_TRIGGER[1]

    assert sorted(set(expected) - set(found)) == [], "synced tables missing a trigger"
    assert sorted(set(found) - set(expected)) == [], "capture triggers for unknown tables"
    assert {name: table for name, (table, _) in found.items()} == expected


def test_no_trigger_logs_a_table_that_does_not_sync(vault: Vault) -> None:
    synced = {t.name for t in TABLES}
    rows = vault.db.execute("SELECT name, tbl_name FROM sqlite_master WHERE type='trigger'")
    named_sync = {str(r[0]): str(r[1]) for r in rows if str(r[0]).startswith("sync_")}
    strays = {
        name: table
        for name, table in named_sync.items()
        if table not in synced and (name, table) != SHRED_TRIGGER
    }
    assert strays == {}


def test_each_trigger_fires_on_its_event_and_logs_its_own_table_and_key(vault: Vault) -> None:
    specs = {t.name: t for t in TABLES}
    wrong = []
    for name, (table, sql) in capture_triggers(vault).items():
        event = EVENTS.get(name.rsplit("_", 1)[-1], "?")
        header = re.match(r"CREATE TRIGGER (\w+) AFTER (\w+) ON (\w+) BEGIN", sql)
        if header is None or header.groups() != (name, event, table):
            wrong.append(f"{name}: header {sql.splitlines()[0]!r}")
            continue
        logged = set(re.findall(r"'(\w+)',\s*json_array\(", sql))
        if logged != {table}:
            wrong.append(f"{name} logs {sorted(logged)} instead of {table!r}")
        if table not in specs:
            continue
        pk = specs[table].pk
        row = "old" if event == "DELETE" else "new"
        keys = {
            tuple(c.strip() for c in m.split(","))
            for m in re.findall(r"json_array\(([^)]*)\)", sql)
        }
        want = tuple(f"{row}.{c}" for c in pk)
        if want not in keys:
            wrong.append(f"{name} logs keys {sorted(keys)}, expected json_array{want}")
    assert wrong == []
