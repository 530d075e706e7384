"""`vigdesk doctor` on real vaults: each planted defect is named, nothing is changed.

The tests run under the app's umask (077, `vigdesk.hardening`), and `_private` gives
the session's template vault, made without it, the modes the app would have written.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlcipher3

from tests.conftest import PASSPHRASE, add_family, without_codes
from vigdesk.core.errors import WrongPassphrase
from vigdesk.core.ids import new_id
from vigdesk.crypto import keys
from vigdesk.services.access import unlock_vault
from vigdesk.services.doctor import Report, Severity, examine
from vigdesk.services.session import Services
from vigdesk.storage import unlock_state
from vigdesk.storage.vault import DB_NAME

posix_only = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


@pytest.fixture(autouse=True)
def app_umask() -> Iterator[None]:
    old = os.umask(0o077)
    yield
    os.umask(old)


def _private(home: Path) -> None:
    os.chmod(home, 0o700)
    for root, folders, files in os.walk(home):
        for name in folders:
            os.chmod(Path(root, name), 0o700)
        for name in files:
            os.chmod(Path(root, name), 0o600)


def _state(home: Path) -> dict[str, tuple[int, str]]:
    """Every file and folder under `home`: mode and content digest."""
    found = {}
    for path in sorted(home.rglob("*")):
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""
        found[path.relative_to(home).as_posix()] = (path.stat().st_mode, digest)
    return found


def _problems(report: Report) -> dict[str, Severity]:
    return {f.code: f.severity for f in report.findings if f.severity > Severity.INFO}


@pytest.fixture
def home(vault_home: Path) -> Path:
    """A locked vault holding one family (its consent form is a sealed blob)."""
    vault = unlock_vault(vault_home, PASSPHRASE)
    add_family(Services.for_vault(vault))
    vault.lock()
    _private(vault_home)
    return vault_home


def _blob_ids(home: Path) -> list[str]:
    return sorted(p.name for p in (home / "blobs").glob("*/*"))


def _raw(home: Path) -> sqlcipher3.Connection:
    """The database opened with its key alone, as an attacker holding the key would."""
    vault = unlock_vault(home, PASSPHRASE)
    key = keys.hkdf(vault.master_key, keys.DB_KEY_INFO)
    vault.lock()
    conn = sqlcipher3.connect(str(home / DB_NAME), isolation_level=None)
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    return conn


def test_a_clean_vault_is_all_fine_and_left_exactly_as_it_was(home: Path) -> None:
    before = _state(home)
    report = examine(home, PASSPHRASE)
    assert report.exit_code == 0, [f.message for f in report.findings]
    codes = {f.code for f in report.findings}
    assert {"backups.stale", "files.modes", "vault.pages", "blobs.files"} <= codes
    assert {"keys.keyless", "audit.chain", "audit.head"} <= codes
    assert _state(home) == before  # no -wal/-shm, no audit entry, no new head


def test_a_stale_upgrade_backup_is_a_warning_and_is_left_alone(home: Path) -> None:
    stale = home / f"{DB_NAME}.pre-v12.bak"
    shutil.copyfile(home / DB_NAME, stale)
    report = examine(home, PASSPHRASE)
    assert _problems(report) == {"backups.stale": Severity.WARNING}
    assert report.exit_code == 1
    finding = next(f for f in report.findings if f.code == "backups.stale")
    assert finding.details["files"] == [stale.name]
    assert stale.exists()  # a health check does not tidy up


def test_an_orphaned_blob_file_is_a_warning_and_is_not_collected(home: Path) -> None:
    orphan = new_id()
    path = home / "blobs" / orphan[:2] / orphan
    path.parent.mkdir(mode=0o700, exist_ok=True)
    path.write_bytes(os.urandom(64))
    path.chmod(0o600)
    report = examine(home, PASSPHRASE)
    assert _problems(report) == {"blobs.orphaned": Severity.WARNING}
    assert report.exit_code == 1
    assert path.exists()


def test_a_deleted_blob_file_is_an_error(home: Path) -> None:
    (lost,) = _blob_ids(home)
    (home / "blobs" / lost[:2] / lost).unlink()
    report = examine(home, PASSPHRASE)
    assert _problems(report) == {"blobs.missing": Severity.ERROR}
    assert report.exit_code == 2
    assert next(f for f in report.findings if f.code == "blobs.missing").details["blobs"] == [lost]


@posix_only
def test_a_file_other_accounts_can_read_is_a_warning(home: Path) -> None:
    (home / DB_NAME).chmod(0o644)
    report = examine(home, PASSPHRASE)
    assert _problems(report) == {"files.modes": Severity.WARNING}
    assert report.exit_code == 1
    finding = next(f for f in report.findings if f.code == "files.modes")
    assert finding.details["paths"] == [f"{DB_NAME} 0644"]


def test_an_audit_entry_edited_with_the_database_key_is_an_error(home: Path) -> None:
    conn = _raw(home)
    try:
        conn.execute("DROP TRIGGER audit_no_update")
        conn.execute("UPDATE audit SET details = '{\"n\":1}' WHERE seq = 2")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    report = examine(home, PASSPHRASE)
    assert _problems(report) == {"audit.chain": Severity.ERROR}
    chain = next(f for f in report.findings if f.code == "audit.chain")
    assert chain.message == "The audit log is broken at entry 2: entry 2 was altered."
    assert report.exit_code == 2


def test_audit_entries_removed_with_the_database_key_fail_the_head_check(home: Path) -> None:
    conn = _raw(home)
    try:
        last = conn.execute("SELECT max(seq) FROM audit").fetchone()[0]
        conn.execute("DROP TRIGGER audit_no_delete")
        conn.execute("DELETE FROM audit WHERE seq > ?", (last - 2,))
        head = conn.execute("SELECT seq, hash FROM audit WHERE seq = ?", (last - 2,)).fetchone()
        conn.execute(
            "UPDATE meta SET value = ? WHERE key = 'audit_head'", (f"{head[0]}:{head[1]}",)
        )
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    report = examine(home, PASSPHRASE)
    assert _problems(report) == {"audit.head": Severity.ERROR}  # the chain itself is whole
    head_finding = next(f for f in report.findings if f.code == "audit.head")
    assert head_finding.details == {
        "reason": "rolled_back",
        "head_seq": last,
        "found_seq": last - 2,
    }
    assert report.exit_code == 2


def test_blob_rows_whose_case_key_is_gone_are_keyless(home: Path) -> None:
    conn = _raw(home)
    try:
        conn.execute("DELETE FROM case_keys")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    report = examine(home, PASSPHRASE)
    assert _problems(report) == {"keys.keyless": Severity.WARNING}
    keyless = next(f for f in report.findings if f.code == "keys.keyless")
    assert keyless.details["count"] == 1 and keyless.details["files_on_disk"] == 1


def test_a_wrong_passphrase_is_counted_like_an_unlock(home: Path) -> None:
    with pytest.raises(WrongPassphrase):
        examine(home, "not the passphrase at all")
    assert unlock_state.load(home).failures == 1


def test_a_missing_vault_is_an_error_finding(tmp_path: Path) -> None:
    report = examine(tmp_path / "nowhere", PASSPHRASE)
    assert _problems(report) == {"vault.open": Severity.ERROR}
    assert report.exit_code == 2


def test_a_running_app_and_the_doctor_can_share_the_vault(home: Path) -> None:
    """With the vault unlocked elsewhere (a -wal file beside it), the doctor still reads."""
    vault = unlock_vault(home, PASSPHRASE)
    try:
        vault.audit.append("case.read", "case", "x")
        report = examine(home, PASSPHRASE)
    finally:
        vault.lock()
    assert _problems(report) == {}


def _cli(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "VIGDESK_PASSPHRASE": PASSPHRASE}
    cmd = [sys.executable, "-m", "vigdesk", "--home", str(home), "doctor", *args]
    return subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)


def test_the_command_exits_0_then_2_and_speaks_json(home: Path) -> None:
    clean = _cli(home)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert clean.stdout.strip().endswith("All fine.")
    (lost,) = _blob_ids(home)
    (home / "blobs" / lost[:2] / lost).unlink()
    shutil.copyfile(home / DB_NAME, home / f"{DB_NAME}.pre-v12.bak")
    broken = _cli(home, "--json")
    assert broken.returncode == 2
    data = json.loads(broken.stdout)
    assert data["exit_code"] == 2 and data["worst"] == "error"
    by_code = {f["code"]: f["severity"] for f in data["findings"]}
    assert by_code["blobs.missing"] == "error" and by_code["backups.stale"] == "warning"
    assert "Wolstenholme" not in broken.stdout and "MW" not in without_codes(broken.stdout)
