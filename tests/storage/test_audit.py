"""The audit chain detects edits, deletions, insertions, reorders and rollbacks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import PASSPHRASE
from vigdesk.services.access import unlock_vault
from vigdesk.storage.audit import entry_hash
from vigdesk.storage.vault import Vault


def filled(vault: Vault, n: int = 6) -> int:
    for i in range(n):
        vault.audit.append("case.read", "case", f"case-{i}", {"n": i})
    return int(vault.db.scalar("SELECT max(seq) FROM audit"))


def tamper(vault: Vault, *statements: str) -> None:
    """Bypass the append-only triggers as an attacker holding the key would."""
    with vault.db.transact() as db:
        db.execute("DROP TRIGGER audit_no_update")
        db.execute("DROP TRIGGER audit_no_delete")
        for sql in statements:
            db.execute(sql)


def test_intact_log_verifies(vault: Vault) -> None:
    last = filled(vault)
    verdict = vault.audit.verify()
    assert verdict.ok and verdict.entries == last


def test_triggers_refuse_update_and_delete(vault: Vault) -> None:
    filled(vault)
    with pytest.raises(Exception, match="append-only"):
        vault.db.execute("UPDATE audit SET action = 'x' WHERE seq = 1")
    with pytest.raises(Exception, match="append-only"):
        vault.db.execute("DELETE FROM audit WHERE seq = 1")


def test_edit_is_detected(vault: Vault) -> None:
    filled(vault)
    tamper(vault, "UPDATE audit SET details = '{\"n\":99}' WHERE seq = 4")
    verdict = vault.audit.verify()
    assert not verdict.ok and verdict.first_bad_seq == 4 and "altered" in verdict.reason


def test_deletion_in_the_middle_is_detected(vault: Vault) -> None:
    filled(vault)
    tamper(vault, "DELETE FROM audit WHERE seq = 3")
    verdict = vault.audit.verify()
    assert not verdict.ok and verdict.first_bad_seq == 3


def test_rollback_of_the_newest_entries_is_detected(vault: Vault) -> None:
    last = filled(vault)
    tamper(vault, f"DELETE FROM audit WHERE seq >= {last - 1}")
    verdict = vault.audit.verify()
    assert not verdict.ok and "rolled back" in verdict.reason


def test_reorder_is_detected(vault: Vault) -> None:
    filled(vault)
    rows = vault.db.execute("SELECT * FROM audit WHERE seq IN (3, 4) ORDER BY seq")
    tamper(vault, "DELETE FROM audit WHERE seq IN (3, 4)")
    with vault.db.transact() as db:
        # Same rows, swapped positions.
        db.execute("INSERT INTO audit VALUES (3,?,?,?,?,?,?,?,?)", rows[1][1:])
        db.execute("INSERT INTO audit VALUES (4,?,?,?,?,?,?,?,?)", rows[0][1:])
    verdict = vault.audit.verify()
    assert not verdict.ok and verdict.first_bad_seq == 3


def test_forged_insertion_is_detected(vault: Vault) -> None:
    last = filled(vault)
    prev = vault.db.scalar("SELECT hash FROM audit WHERE seq = 2")
    ts = vault.db.scalar("SELECT ts FROM audit WHERE seq = 2")
    digest = entry_hash(3, ts, "forger", "case.read", "case", "x", "{}", prev)
    tamper(vault, "UPDATE audit SET seq = seq + 100 WHERE seq >= 3")
    with vault.db.transact() as db:
        db.execute(
            "INSERT INTO audit VALUES (3,?,?,?,?,?,?,?,?)",
            (ts, "forger", "case.read", "case", "x", "{}", prev, digest),
        )
    verdict = vault.audit.verify()
    assert not verdict.ok and verdict.first_bad_seq == 4
    assert last > 3


def test_audit_details_hold_no_names(vault: Vault) -> None:
    for entry in vault.audit.entries():
        assert vault.profile.display_name not in json.dumps(entry.to_json())


def test_cli_verify_names_the_first_bad_entry(vault_home: Path) -> None:
    import os
    import subprocess
    import sys

    vault = unlock_vault(vault_home, PASSPHRASE)
    filled(vault)
    tamper(vault, "UPDATE audit SET actor = 'someone-else' WHERE seq = 5")
    vault.lock()
    env = {**os.environ, "VIGDESK_PASSPHRASE": PASSPHRASE}
    cmd = [sys.executable, "-m", "vigdesk", "--home", str(vault_home), "audit", "verify"]
    result = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 4
    assert result.stderr.strip() == (
        "vigdesk: The audit log is broken at entry 5: entry 5 was altered."
    )
