"""The search index is kept by rowid: an edit touches its own entry, never scans them all.

FTS5 cannot index the columns that said where an entry came from, so triggers that found
entries by (source, ref) read the whole index on every edit of a person, video, session or
case: 28 ms each at a county's 150,000 entries on the BSO's laptop, against 0.03 ms by rowid.
"""

from __future__ import annotations

import re

from tests.conftest import CHILD, MOTHER, PASSPHRASE, add_family
from tests.schema_rollback import put_back
from vigdesk.services.access import unlock_vault
from vigdesk.services.session import Services
from vigdesk.storage.vault import Vault

INDEX_WRITE = re.compile(r"(DELETE FROM|INSERT INTO) search_index\b[^;]*", re.IGNORECASE)


def entries(vault: Vault) -> int:
    return int(vault.db.scalar("SELECT count(*) FROM search_index"))


def test_every_trigger_reaches_its_search_entry_by_rowid(vault: Vault) -> None:
    triggers = vault.db.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND sql LIKE '%search_index%'"
    )
    assert len(triggers) >= 14
    for name, sql in triggers:
        for statement in INDEX_WRITE.finditer(sql):
            text = statement.group(0)
            if text.upper().startswith("DELETE"):
                assert re.search(r"WHERE rowid (=|IN)", text), f"{name} scans: {text}"
            else:
                assert "rowid" in text, f"{name} inserts without a known rowid: {text}"


def test_edits_and_deletions_keep_the_index_exact(vault: Vault) -> None:
    s = Services.for_vault(vault)
    family = add_family(s)
    other = add_family(s)
    with vault.db.transact() as tx:
        tx.execute(
            "UPDATE people SET full_name = 'Hermione Wolstenholme' WHERE id = ?",
            (family.mother.id,),
        )
    assert [c.id for c in s.cases.search("Hermione")] == [family.case.id]
    assert {c.id for c in s.cases.search(MOTHER.split()[0])} == {other.case.id}
    with vault.db.transact() as tx:
        tx.execute("DELETE FROM people WHERE id = ?", (other.child.id,))
    assert [c.id for c in s.cases.search(CHILD.split()[0])] == [family.case.id]
    before = entries(vault)
    with vault.db.transact() as tx:
        tx.execute("DELETE FROM cases WHERE id = ?", (other.case.id,))
    assert entries(vault) < before
    assert s.cases.search(MOTHER.split()[0]) == []
    left = vault.db.scalar("SELECT count(*) FROM search_index WHERE case_id = ?", (other.case.id,))
    assert left == 0


def test_an_upgraded_vault_finds_what_it_held(vault: Vault) -> None:
    s = Services.for_vault(vault)
    family = add_family(s)
    put_back(vault.db, 29)
    home = vault.home
    vault.lock()
    upgraded = unlock_vault(home, PASSPHRASE)
    s = Services.for_vault(upgraded)
    assert [c.id for c in s.cases.search(MOTHER.split()[0])] == [family.case.id]
    with upgraded.db.transact() as tx:
        tx.execute(
            "UPDATE people SET full_name = 'Hermione Wolstenholme' WHERE id = ?",
            (family.mother.id,),
        )
    assert s.cases.search(MOTHER.split()[0]) == []
    assert [c.id for c in s.cases.search("Hermione")] == [family.case.id]
    upgraded.lock()


def test_a_replaced_record_keeps_one_entry_and_only_its_new_words(vault: Vault) -> None:
    """INSERT OR REPLACE deletes without firing delete triggers: the insert must not
    fail on the old entry, nor leave the old name searchable beside the new one."""
    s = Services.for_vault(vault)
    family = add_family(s)
    before = entries(vault)
    columns = [str(r[1]) for r in vault.db.execute("PRAGMA table_info(people)")]
    with vault.db.transact() as tx:
        tx.execute(
            f"INSERT OR REPLACE INTO people ({', '.join(columns)}) "
            f"SELECT {', '.join('? AS full_name' if c == 'full_name' else c for c in columns)} "
            "FROM people WHERE id = ?",
            ("Hermione Wolstenholme", family.mother.id),
        )
    assert entries(vault) == before
    assert [c.id for c in s.cases.search("Hermione")] == [family.case.id]
    assert s.cases.search(MOTHER.split()[0]) == []
