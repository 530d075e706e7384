"""Rolling the audit log back with the database key alone is caught at the next unlock.

The attacker here holds the SQLCipher key (not the passphrase): they open case.db
directly, drop the append-only triggers, delete the newest entries and repair the
in-database head pointer. The head kept beside the vault, MAC'd under a key derived
from the master key, still names the lost entries.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
import sqlcipher3

from tests.conftest import PASSPHRASE
from vigdesk.core.clock import utc_now
from vigdesk.core.errors import WrongPassphrase
from vigdesk.crypto import keys
from vigdesk.crypto.kdf import derive_kek
from vigdesk.services.access import unlock_vault
from vigdesk.storage import audit_head, unlock_state
from vigdesk.storage.audit import entry_hash
from vigdesk.storage.header import read_header
from vigdesk.storage.vault import DB_NAME, Vault


def _used(home: Path, actions: int = 5) -> int:
    """Unlock, do some audited things, lock; returns the newest seq (the lock's entry)."""
    vault = unlock_vault(home, PASSPHRASE)
    for i in range(actions):
        vault.audit.append("case.read", "case", f"case-{i}", {"n": i})
    last = int(vault.db.scalar("SELECT max(seq) FROM audit"))
    vault.lock()
    return last + 1


def _db_key(home: Path) -> bytes:
    header = read_header(home)
    master = keys.unwrap(
        derive_kek(PASSPHRASE, header.kdf),
        header.wrapped_master_key,
        keys.master_aad(header.vault_id),
    )
    return keys.hkdf(master, keys.DB_KEY_INFO)


def _roll_back(home: Path, keep: int, forge: int = 0) -> None:
    """Delete every audit entry after `keep` with the raw DB key, chain `forge` made-up
    entries on, and fix meta.audit_head to match."""
    conn = sqlcipher3.connect(str(home / DB_NAME), isolation_level=None)
    try:
        conn.execute(f"PRAGMA key = \"x'{_db_key(home).hex()}'\"")
        conn.execute("BEGIN")
        conn.execute("DROP TRIGGER audit_no_update")
        conn.execute("DROP TRIGGER audit_no_delete")
        conn.execute("DELETE FROM audit WHERE seq > ?", (keep,))
        digest = conn.execute("SELECT hash FROM audit WHERE seq = ?", (keep,)).fetchone()[0]
        seq = keep
        for seq in range(keep + 1, keep + 1 + forge):
            row = (seq, "2026-01-01T00:00:00Z", "x", "case.read", "case", "c", "{}", digest)
            digest = entry_hash(*row)
            conn.execute("INSERT INTO audit VALUES (?,?,?,?,?,?,?,?,?)", (*row, digest))
        conn.execute("UPDATE meta SET value = ? WHERE key = 'audit_head'", (f"{seq}:{digest}",))
        conn.execute("COMMIT")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def _actions(vault: Vault, name: str) -> list[dict[str, object]]:
    return [e.details for e in vault.audit.entries() if e.action == name]


def _cli_verify(home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "VIGDESK_PASSPHRASE": PASSPHRASE}
    cmd = [sys.executable, "-m", "vigdesk", "--home", str(home), "audit", "verify"]
    return subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)


def test_deleting_the_newest_entries_is_detected_at_unlock(vault_home: Path) -> None:
    last = _used(vault_home)
    _roll_back(vault_home, last - 3)
    vault = unlock_vault(vault_home, PASSPHRASE)  # still opens: no lock-out
    try:
        found = _actions(vault, "audit.rollback_detected")
        assert found == [
            {"reason": "rolled_back", "head_seq": last, "found_seq": last - 3},
        ]
        verdict = vault.audit.verify()
        assert not verdict.ok and verdict.first_bad_seq == last - 2
        assert "rolled back" in verdict.reason
    finally:
        vault.lock()


def test_audit_verify_fails_with_a_clear_line_after_a_rollback(vault_home: Path) -> None:
    last = _used(vault_home)
    _roll_back(vault_home, last - 2)
    result = _cli_verify(vault_home)
    assert result.returncode == 4
    assert result.stderr.strip() == (
        f"vigdesk: The audit log is broken at entry {last - 1}: the log was rolled back: "
        f"it reached entry {last} but held only {last - 2} at the next unlock."
    )
    # The finding is itself chained: later clean unlocks keep failing verify.
    assert _cli_verify(vault_home).returncode == 4


def test_normal_use_raises_no_alarm(vault_home: Path) -> None:
    _used(vault_home)
    vault = unlock_vault(vault_home, PASSPHRASE)
    with vault.db.transact():  # appends inside a caller's transaction
        vault.audit.append("case.read", "case", "x")
        vault.audit.append("case.read", "case", "y")
    vault.audit.append("case.read", "case", "z")
    vault.lock()
    vault = unlock_vault(vault_home, PASSPHRASE)
    try:
        assert _actions(vault, "audit.rollback_detected") == []
        assert _actions(vault, "unlock.counter_reset") == []
        assert vault.audit.verify().ok
    finally:
        vault.lock()
    assert _cli_verify(vault_home).returncode == 0


def test_an_unlock_without_a_lock_raises_no_alarm(vault_home: Path) -> None:
    """A killed app never locks: the head beside the vault is whatever the last append
    wrote, which the database holds."""
    crashed = unlock_vault(vault_home, PASSPHRASE)
    crashed.audit.append("case.read", "case", "x")
    vault = unlock_vault(vault_home, PASSPHRASE)
    try:
        assert _actions(vault, "audit.rollback_detected") == []
    finally:
        vault.lock()
        crashed.lock()


def test_a_deleted_head_record_is_reported(vault_home: Path) -> None:
    _used(vault_home)
    (vault_home / audit_head.HEAD_NAME).unlink()
    vault = unlock_vault(vault_home, PASSPHRASE)
    try:
        assert _actions(vault, "audit.rollback_detected") == [{"reason": "head_missing"}]
        verdict = vault.audit.verify()
        assert not verdict.ok and "missing" in verdict.reason
    finally:
        vault.lock()


def test_a_rewound_head_record_is_reported(vault_home: Path) -> None:
    last = _used(vault_home)
    path = vault_home / audit_head.HEAD_NAME
    data = json.loads(path.read_text())
    data["seq"] = last - 3  # without the master key the MAC cannot be redone
    path.write_text(json.dumps(data))
    vault = unlock_vault(vault_home, PASSPHRASE)
    try:
        assert _actions(vault, "audit.rollback_detected") == [{"reason": "head_altered"}]
    finally:
        vault.lock()


def test_a_rollback_padded_with_forged_entries_is_detected(vault_home: Path) -> None:
    """The chain hash has no key: an attacker can forge entries past the old head. The
    head beside the vault names the hash its seq had, which the forgery cannot match."""
    last = _used(vault_home)
    _roll_back(vault_home, last - 3, forge=5)
    vault = unlock_vault(vault_home, PASSPHRASE)
    try:
        assert _actions(vault, "audit.rollback_detected") == [
            {"reason": "rewritten", "head_seq": last, "found_seq": last + 2}
        ]
        assert not vault.audit.verify().ok
    finally:
        vault.lock()


# -- the failed-unlock counter ---------------------------------------------------------


def _fail(home: Path, times: int) -> None:
    for _ in range(times):
        with pytest.raises(WrongPassphrase):
            Vault.unlock(
                home, "not the passphrase at all", clock=lambda: utc_now() + timedelta(days=1)
            )


def _unlock_later(home: Path) -> Vault:
    return unlock_vault(home, PASSPHRASE, clock=lambda: utc_now() + timedelta(days=2))


def test_a_deleted_failure_counter_is_reported_at_the_next_unlock(vault_home: Path) -> None:
    _fail(vault_home, 2)
    _unlock_later(vault_home).lock()  # the head now remembers 2 failures in all
    _fail(vault_home, 3)
    (vault_home / unlock_state.STATE_NAME).unlink()  # resets the backoff
    vault = _unlock_later(vault_home)
    try:
        assert _actions(vault, "unlock.counter_reset") == [
            {"expected_at_least": 2, "found": 0, "state_file": "missing"}
        ]
    finally:
        vault.lock()
    assert unlock_state.load(vault_home).total >= 2  # restored for next time


def test_an_older_failure_counter_is_reported(vault_home: Path) -> None:
    _fail(vault_home, 1)
    older = (vault_home / unlock_state.STATE_NAME).read_bytes()
    _fail(vault_home, 2)
    _unlock_later(vault_home).lock()
    (vault_home / unlock_state.STATE_NAME).write_bytes(older)
    vault = _unlock_later(vault_home)
    try:
        assert _actions(vault, "unlock.counter_reset") == [
            {"expected_at_least": 3, "found": 1, "state_file": "older"}
        ]
    finally:
        vault.lock()


def test_a_vault_that_never_failed_needs_no_counter_file(vault_home: Path) -> None:
    _used(vault_home)
    (vault_home / unlock_state.STATE_NAME).unlink(missing_ok=True)
    vault = unlock_vault(vault_home, PASSPHRASE)
    try:
        assert _actions(vault, "unlock.counter_reset") == []
    finally:
        vault.lock()
