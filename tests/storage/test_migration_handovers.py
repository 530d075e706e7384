"""Migration 0031 rebuilds the sync outbox to queue hand-over notes: journal headers name
the last outbox id they carry, so the rebuilt table must keep every id and its counter."""

from __future__ import annotations

from tests.conftest import PASSPHRASE
from tests.schema_rollback import put_back
from vigdesk.core.ids import new_id
from vigdesk.services.access import unlock_vault
from vigdesk.storage.vault import Vault


def test_an_upgraded_outbox_keeps_its_ids_and_counter_and_takes_notes(vault: Vault) -> None:
    case_id = new_id()
    with vault.db.transact() as tx:
        for n in range(3):
            tx.execute(
                "INSERT INTO sync_outbox (scope, scope_id, entry) VALUES ('site', '1', ?)",
                (f'{{"n":{n}}}',),
            )
        tx.execute("DELETE FROM sync_outbox")  # published: only the counter remembers 3
        tx.execute(
            "INSERT INTO sync_withdrawn (case_id, wrap_hash, withdrawn_at) VALUES (?, '', 'x')",
            (case_id,),
        )
        tx.execute("INSERT OR REPLACE INTO sync_state VALUES ('journal_seq', '7')")
    put_back(vault.db, 30)
    home = vault.home
    vault.lock()
    upgraded = unlock_vault(home, PASSPHRASE)
    db = upgraded.db
    with db.transact() as tx:
        tx.execute(
            "INSERT INTO sync_outbox (scope, scope_id, entry) VALUES ('left', ?, '7')", (case_id,)
        )
    assert [r[0] for r in db.execute("SELECT id FROM sync_outbox ORDER BY id")] == [4]
    # A withdrawal made before the upgrade counts every file the laptop had written.
    assert db.one("SELECT upto, carried FROM sync_withdrawn WHERE case_id = ?", (case_id,)) == (
        7,
        0,
    )
    upgraded.lock()
