"""The pre-upgrade backup: there while an upgrade is in flight, gone once the vault opens.

Real vaults on real SQLCipher files, put back to schema 12 (before 0013 added
`sync_rows.reason`) with a family in them, then upgraded by unlocking.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import MOTHER, PASSPHRASE, add_family
from tests.schema_rollback import put_back
from tests.vault_search import hits
from vigdesk.core.errors import VaultCorrupt
from vigdesk.crypto import keys
from vigdesk.services.access import unlock_vault
from vigdesk.services.session import Services
from vigdesk.services.subject_access import SubjectAccessService
from vigdesk.storage import migrations
from vigdesk.storage.vault import Vault

OLD = 12


def backups(home: Path) -> list[str]:
    return sorted(p.name for p in home.iterdir() if ".bak" in p.name)


def columns(vault: Vault, table: str) -> list[str]:
    return [r[1] for r in vault.db.execute(f"PRAGMA table_info({table})")]


@pytest.fixture
def old_home(vault_home: Path) -> Path:
    """A locked vault at schema 12 holding the Wolstenholme family."""
    vault = unlock_vault(vault_home, PASSPHRASE)
    add_family(Services.for_vault(vault))
    put_back(vault.db, OLD)
    vault.lock()
    return vault_home


def db_key(vault: Vault) -> bytes:
    return keys.hkdf(vault.master_key, keys.DB_KEY_INFO)


def test_upgraded_and_erased_person_is_nowhere_in_the_vault_folder(old_home: Path) -> None:
    vault = unlock_vault(old_home, PASSPHRASE)
    assert vault.db.scalar("PRAGMA user_version") == migrations.latest()
    assert "reason" in columns(vault, "sync_rows")
    assert backups(old_home) == []  # the upgraded vault opened and passed its checks
    s = Services.for_vault(vault)
    (case,) = s.cases.list_cases()
    mother = next(p for p in s.cases.people(case.id) if p.full_name == MOTHER)
    assert hits(old_home, db_key(vault), [MOTHER]) != []  # the search does find her
    SubjectAccessService(s.ctx).erase(mother.id, "she asked")
    assert hits(old_home, db_key(vault), [MOTHER, "Marigold"]) == []
    vault.lock()


def test_erasure_removes_a_backup_an_older_version_left(vault: Vault) -> None:
    s = Services.for_vault(vault)
    family = add_family(s)
    vault.db.checkpoint()
    for stale in ("case.db.pre-v9.bak", "case.db.pre-v12.bak"):  # as vigdesk ≤ 0.9 left them
        shutil.copyfile(vault.home / "case.db", vault.home / stale)
    SubjectAccessService(s.ctx).erase(family.mother.id, "she asked")
    assert backups(vault.home) == []
    assert hits(vault.home, db_key(vault), [MOTHER, "Marigold"]) == []


def test_the_retention_sweep_removes_a_stale_backup(vault: Vault) -> None:
    s = Services.for_vault(vault)
    add_family(s)
    vault.db.checkpoint()
    shutil.copyfile(vault.home / "case.db", vault.home / "case.db.pre-v12.bak")
    s.retention.sweep(dry_run=True)  # a preview changes nothing
    assert backups(vault.home) == ["case.db.pre-v12.bak"]
    s.retention.sweep()
    assert backups(vault.home) == []


def test_a_failed_upgrade_puts_the_old_database_back(
    old_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shipped = migrations.available()
    broken = "CREATE TABLE half_done (x TEXT);\nINSERT INTO no_such_table VALUES (1);\n"
    monkeypatch.setattr(migrations, "available", lambda: [*shipped, (99, broken)])
    with pytest.raises(VaultCorrupt, match="put back"):
        unlock_vault(old_home, PASSPHRASE)
    assert backups(old_home) == []  # the backup became case.db again
    monkeypatch.setattr(migrations, "available", lambda: shipped)
    # What the failed run did is gone: schema 12 again, so 0013 applies once more.
    vault = unlock_vault(old_home, PASSPHRASE)
    assert "half_done" not in {r[0] for r in vault.db.execute("SELECT name FROM sqlite_master")}
    assert vault.db.scalar("PRAGMA user_version") == migrations.latest()
    assert [p.full_name for p in Services.for_vault(vault).cases.people(_case(vault))] != []
    assert backups(old_home) == []
    vault.lock()


def _case(vault: Vault) -> str:
    return str(vault.db.scalar("SELECT id FROM cases"))


KILLED_UPGRADE = """
import os, signal, sys
from pathlib import Path
from vigdesk.storage import migrations
from vigdesk.storage.db import Database

shipped = migrations.available()
migrations.available = lambda: [*shipped, (99, "SELECT 'killed here';")]
run_script = Database.executescript_in_tx

def dies_at_99(self, script):
    if "killed here" in script:
        os.kill(os.getpid(), signal.SIGKILL)
    run_script(self, script)

Database.executescript_in_tx = dies_at_99
from vigdesk.services.access import unlock_vault
unlock_vault(Path(sys.argv[1]), sys.argv[2])
"""


def test_an_upgrade_killed_midway_recovers_at_the_next_open(old_home: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", KILLED_UPGRADE, str(old_home), PASSPHRASE],
        env=dict(os.environ),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == -9, done.stderr
    assert backups(old_home) == [f"case.db.pre-v{OLD}.bak"]  # killed: the backup stays
    vault = unlock_vault(old_home, PASSPHRASE)
    assert vault.db.scalar("PRAGMA user_version") == migrations.latest()
    assert MOTHER in [p.full_name for p in Services.for_vault(vault).cases.people(_case(vault))]
    assert backups(old_home) == []
    vault.lock()
