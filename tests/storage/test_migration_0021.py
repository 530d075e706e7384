"""Migration 0021 (issue 19) on a vault made by the schema before it: the consents table
is rebuilt so its CHECK allows `review_filming` and `family_copy`; every consent keeps
its fields and form version, and its triggers still capture changes for sync."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from tests.conftest import PASSPHRASE, add_family
from vigdesk.core.consent import Method, Purpose
from vigdesk.services.access import unlock_vault
from vigdesk.services.session import Services
from vigdesk.storage import migrations

OLD_CHECK = "purpose IN ('film', 'keep', 'supervision', 'training')"
NEW_COLUMNS = ("lawful_basis", "interpreter", "accessible_version")
OLD_COLUMNS = (
    (
        "id, case_id, giver_id, child_id, purpose, granted, form_version, given_on, method,"
        " evidence_blob_id, review_due, child_view, withdrawn_on, withdrawn_reason, recorded_at,"
        " record_blob_id, recorded_by"
    )
    .replace(" ", "")
    .split(",")
)


def consents_sql(s: Services) -> str:
    return str(s.ctx.db.scalar("SELECT sql FROM sqlite_master WHERE name = 'consents'"))


def test_a_vault_from_schema_20_keeps_its_consents_and_takes_the_new_purposes(
    vault_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault = unlock_vault(vault_home, PASSPHRASE)
    s = Services.for_vault(vault)
    fam = add_family(s, consent=(Purpose.FILM, Purpose.KEEP, Purpose.SUPERVISION))
    before = s.consent.for_case(fam.case.id)
    # Put the table back as schema 20 had it: migrations 0003 and 0008, the triggers of 0009.
    shipped = dict(migrations.available())
    with vault.db.transact() as db:
        rows = db.execute(f"SELECT {', '.join(OLD_COLUMNS)} FROM consents")
        db.execute("DROP TABLE consents")
        db.executescript_in_tx(shipped[3] + shipped[8] + _sync_triggers(shipped[9]))
        db.executemany(
            f"INSERT INTO consents ({', '.join(OLD_COLUMNS)})"
            f" VALUES ({', '.join('?' * len(OLD_COLUMNS))})",
            rows,
        )
        db.execute("PRAGMA user_version = 20")
    assert OLD_CHECK in consents_sql(s)
    vault.lock()
    shipped = [m for m in migrations.available() if m[0] <= 21]
    monkeypatch.setattr(migrations, "available", lambda: shipped)

    vault = unlock_vault(vault_home, PASSPHRASE)
    assert vault.db.scalar("PRAGMA user_version") == 21
    s = Services.for_vault(vault)
    assert OLD_CHECK not in consents_sql(s)
    after = s.consent.for_case(fam.case.id)
    # Same ids, fields and form version; no lawful basis is made up for old consents.
    assert after == [replace(r, lawful_basis="") for r in before]
    cols = [r[1] for r in vault.db.execute("PRAGMA table_info(consents)")]
    assert set(NEW_COLUMNS) <= set(cols)
    assert {
        str(r[0])
        for r in vault.db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'consents'"
        )
    } == {"sync_consents_ai", "sync_consents_au", "sync_consents_ad"}
    assert {
        str(r[0])
        for r in vault.db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'consents'"
            " AND sql IS NOT NULL"
        )
    } == {"consents_case", "consents_record_blob"}

    logged = int(vault.db.scalar("SELECT count(*) FROM sync_changes WHERE tbl = 'consents'"))
    s.consent.record(
        fam.case.id,
        fam.mother.id,
        [fam.child.id],
        {Purpose.REVIEW_FILMING: True, Purpose.FAMILY_COPY: False},
        form_version="2026.4",
        given_on=s.ctx.today(),
        method=Method.SCANNED_PAPER,
    )
    now = int(vault.db.scalar("SELECT count(*) FROM sync_changes WHERE tbl = 'consents'"))
    assert now == logged + 2
    vault.lock()


def _sync_triggers(sql: str) -> str:
    """The consents capture triggers exactly as migration 0009 wrote them."""
    start = sql.index("CREATE TRIGGER sync_consents_ai")
    end = sql.index("CREATE TRIGGER sync_sessions_ai")
    return sql[start:end]
