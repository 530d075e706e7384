"""The vault on real SQLCipher files: encryption at rest, unlock rules, bad input."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlcipher3

from tests.conftest import PASSPHRASE, PRACTITIONER, fast_kdf
from vigdesk.core.errors import (
    NotEncrypted,
    UnlockBackoff,
    VaultCorrupt,
    VaultExists,
    VaultMismatch,
    VaultNotFound,
    WeakPassphrase,
    WrongPassphrase,
)
from vigdesk.services.access import create_vault, unlock_vault
from vigdesk.storage import migrations
from vigdesk.storage.db import Database
from vigdesk.storage.migrations import backups
from vigdesk.storage.vault import Vault


def snapshot(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir() if p.is_file()
    }


def test_nothing_written_appears_in_the_raw_files(vault_home: Path) -> None:
    secret_note = "Ottoline-Marchbanks-secret-note"
    vault = unlock_vault(vault_home, PASSPHRASE)
    with vault.db.transact() as db:
        db.execute("INSERT INTO settings VALUES ('note', ?)", (secret_note,))
    wal = vault_home / "case.db-wal"
    assert wal.exists() and wal.stat().st_size > 0  # the WAL really holds the change
    raw = {p.name: p.read_bytes() for p in vault_home.iterdir() if p.is_file()}
    vault.lock()
    raw.update({p.name: p.read_bytes() for p in vault_home.iterdir() if p.is_file()})
    for name, data in raw.items():
        for needle in (PRACTITIONER, secret_note, "SQLite format 3"):
            assert needle.encode() not in data, f"{needle!r} found in {name}"
            assert needle.encode("utf-16-le") not in data


def test_header_holds_no_personal_data(vault_home: Path) -> None:
    header = json.loads((vault_home / "vault.json").read_text())
    assert PRACTITIONER not in json.dumps(header)
    assert header["kdf"]["alg"] == "argon2id"
    assert header["kdf"]["memory_kib"] >= 64 * 1024


def test_pragmas_and_sqlcipher(vault: Vault) -> None:
    assert vault.db.scalar("PRAGMA cipher_version")
    assert vault.db.scalar("PRAGMA journal_mode") == "wal"
    assert vault.db.scalar("PRAGMA secure_delete") == 1
    assert vault.db.scalar("PRAGMA foreign_keys") == 1
    assert vault.db.scalar("PRAGMA temp_store") == 2  # MEMORY
    assert vault.profile.display_name == PRACTITIONER


def test_wrong_passphrase_fails_cleanly_and_changes_nothing(vault_home: Path) -> None:
    before = snapshot(vault_home)
    with pytest.raises(WrongPassphrase, match="not right"):
        unlock_vault(vault_home, "not the passphrase at all")
    after = snapshot(vault_home)
    after.pop("unlock-state.json")
    assert after == before


def test_wrong_key_cannot_read_database(vault_home: Path) -> None:
    with pytest.raises(VaultMismatch):
        Database(vault_home / "case.db", b"\x01" * 32)


def test_backoff_survives_restart_and_failures_are_audited(vault_home: Path) -> None:
    now = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)

    def clock() -> datetime:
        return now

    for _ in range(3):
        with pytest.raises(WrongPassphrase):
            unlock_vault(vault_home, "wrong wrong wrong", clock=clock)
    # A "restart": nothing is held in memory; the next try must wait, even with the right one.
    with pytest.raises(UnlockBackoff) as waited:
        unlock_vault(vault_home, PASSPHRASE, clock=clock)
    assert waited.value.seconds == pytest.approx(2.0)
    now += timedelta(seconds=3)
    with pytest.raises(WrongPassphrase, match="Wait 4 s"):
        unlock_vault(vault_home, "wrong again wrong", clock=clock)
    now += timedelta(seconds=5)
    vault = unlock_vault(vault_home, PASSPHRASE, clock=clock)
    actions = [e.action for e in vault.audit.entries()]
    assert actions.count("unlock.failed") == 4
    assert actions[-1] == "unlock"
    vault.lock()
    # The counter was reset by the successful unlock.
    vault = unlock_vault(vault_home, PASSPHRASE, clock=clock)
    vault.lock()


def test_missing_header(tmp_path: Path) -> None:
    with pytest.raises(VaultNotFound, match="vigdesk init"):
        unlock_vault(tmp_path, PASSPHRASE)


def test_corrupt_header_leaves_data_untouched(vault_home: Path) -> None:
    (vault_home / "vault.json").write_text('{"app": "vigdesk", "format": 1, "vault_id": ')
    before = snapshot(vault_home)
    with pytest.raises(VaultCorrupt, match="damaged"):
        unlock_vault(vault_home, PASSPHRASE)
    assert snapshot(vault_home) == before


def test_database_from_another_vault(vault_home: Path, tmp_path: Path) -> None:
    other = create_vault(
        tmp_path / "other", PASSPHRASE, display_name="X", role="practitioner", kdf=fast_kdf()
    )
    other.lock()
    (vault_home / "case.db").write_bytes((tmp_path / "other" / "case.db").read_bytes())
    (vault_home / "case.db-wal").unlink(missing_ok=True)
    with pytest.raises(VaultMismatch, match="does not belong"):
        unlock_vault(vault_home, PASSPHRASE)


def test_missing_database(vault_home: Path) -> None:
    (vault_home / "case.db").unlink()
    with pytest.raises(VaultCorrupt, match="missing"):
        unlock_vault(vault_home, PASSPHRASE)
    assert not (vault_home / "case.db").exists()


def test_init_refuses_existing_vault_and_orphan_database(vault_home: Path) -> None:
    with pytest.raises(VaultExists):
        create_vault(vault_home, PASSPHRASE, display_name="X", role="practitioner", kdf=fast_kdf())
    (vault_home / "vault.json").unlink()
    before = snapshot(vault_home)
    with pytest.raises(VaultCorrupt, match=r"no vault\.json"):
        create_vault(vault_home, PASSPHRASE, display_name="X", role="practitioner", kdf=fast_kdf())
    assert snapshot(vault_home) == before


def test_weak_passphrase_is_refused(tmp_path: Path) -> None:
    with pytest.raises(WeakPassphrase):
        create_vault(tmp_path / "v", "short", display_name="X", role="practitioner", kdf=fast_kdf())
    assert not (tmp_path / "v").exists() or not any((tmp_path / "v").iterdir())


def test_change_passphrase(vault: Vault, vault_home: Path) -> None:
    new = "a completely different phrase"
    with pytest.raises(WrongPassphrase):
        vault.change_passphrase("not the old one at all", new)
    vault.change_passphrase(PASSPHRASE, new)
    vault.lock()
    with pytest.raises(WrongPassphrase):
        unlock_vault(vault_home, PASSPHRASE)
    reopened = unlock_vault(vault_home, new)
    actions = [e.action for e in reopened.audit.entries()]
    assert actions[-4:] == ["passphrase.changed", "lock", "unlock.failed", "unlock"]
    assert reopened.audit.verify().ok
    reopened.lock()


def test_refuses_plain_sqlite(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # sqlcipher3 is a third-party library: stand in plain SQLite to prove the refusal.
    monkeypatch.setattr(sqlcipher3, "connect", sqlite3.connect)
    with pytest.raises(NotEncrypted, match="refuses"):
        Database(tmp_path / "plain.db", b"\x00" * 32)


def test_migration_backs_up_the_encrypted_file(vault_home: Path) -> None:
    vault = unlock_vault(vault_home, PASSPHRASE)
    db = vault.db
    # Pretend the vault predates migration 2: drop every table the later ones made.
    base = {"meta", "profile", "settings", "audit"}
    later = [
        r[0]
        for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if r[0] not in base and not r[0].startswith("sqlite_")
    ]
    db.execute("PRAGMA foreign_keys = OFF")
    with db.transact():
        for table in later:
            db.execute(f"DROP TABLE IF EXISTS {table}")  # FTS shadow tables go with it
        db.execute("PRAGMA user_version = 1")
    db.execute("PRAGMA foreign_keys = ON")
    vault.lock()
    vault = unlock_vault(vault_home, PASSPHRASE)
    assert vault.db.scalar("PRAGMA user_version") == migrations.latest()
    assert vault.db.scalar("SELECT count(*) FROM cases") == 0
    # The copy taken before the upgrade is gone once the upgraded vault has opened.
    assert not list(vault_home.glob("*.bak"))
    backup = backups.take(vault.db, 99)  # while it exists, it is as encrypted as case.db
    assert backup.name == "case.db.pre-v99.bak"
    assert not backup.read_bytes().startswith(b"SQLite format 3")
    vault.lock()


def test_lock_drops_keys(vault: Vault) -> None:
    vault.lock()
    assert vault.is_locked
    from vigdesk.core.errors import Locked

    with pytest.raises(Locked):
        _ = vault.master_key
    with pytest.raises(Locked):
        _ = vault.db


def test_read_only_data_folder_gets_a_clear_message(read_only_dir: Path) -> None:
    from vigdesk.core.errors import StorageReadOnly

    with pytest.raises(StorageReadOnly, match="cannot be written"):
        create_vault(
            read_only_dir / "vault",
            PASSPHRASE,
            display_name="X",
            role="practitioner",
            kdf=fast_kdf(),
        )
    assert list(read_only_dir.iterdir()) == []
