"""Migration 0031 rebuilds the sync outbox to queue hand-over notes: journal headers name
the last outbox id they carry, so the rebuilt table must keep every id and its counter."""

from __future__ import annotations

from tests.conftest import PASSPHRASE
from tests.schema_rollback import put_back
from vigdesk.core.ids import new_id
from vigdesk.services.access import unlock_vault
from vigdesk.storage.vault import Vault


def test_an_upgraded_outbox_keeps_its_counter_and_announces_old_withdrawals(vault: Vault) -> None:
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
    # The counter goes on from 3, and the withdrawal is announced like a new one.
    queued = [tuple(r) for r in db.execute("SELECT id, scope, scope_id FROM sync_outbox")]
    assert queued == [(4, "left", case_id)]
    # A withdrawal made before the upgrade counts every file the laptop had written.
    assert db.one("SELECT upto, carried FROM sync_withdrawn WHERE case_id = ?", (case_id,)) == (
        7,
        0,
    )
    upgraded.lock()
