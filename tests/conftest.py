"""Shared fixtures: a real keyed vault built once per session and copied per test."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from vigdesk.crypto.kdf import MIN_MEMORY_KIB, KdfParams
from vigdesk.services.access import create_vault, unlock_vault
from vigdesk.storage.vault import Vault

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PASSPHRASE = "correct horse battery staple"
PRACTITIONER = "Zephyrine Quillfeather"  # a name that cannot occur by chance in bytes


def fast_kdf() -> KdfParams:
    """Argon2id at the 64 MiB floor and one pass: keeps tests quick, format unchanged."""
    return KdfParams(salt=os.urandom(16), memory_kib=MIN_MEMORY_KIB, iterations=1)


@pytest.fixture(autouse=True)
def isolated_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Each test gets its own HOME, XDG folders and TMPDIR (Dangerzone's isolated settings)."""
    root = tmp_path_factory.mktemp("env")
    for var, sub in (
        ("HOME", "home"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_RUNTIME_DIR", "runtime"),
        ("TMPDIR", "tmp"),
    ):
        (root / sub).mkdir(mode=0o700)
        monkeypatch.setenv(var, str(root / sub))
    monkeypatch.delenv("VIGDESK_HOME", raising=False)
    monkeypatch.delenv("VIGDESK_PASSPHRASE", raising=False)
    return root


@pytest.fixture(scope="session")
def vault_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("template") / "vault"
    vault = create_vault(
        home, PASSPHRASE, display_name=PRACTITIONER, role="practitioner", kdf=fast_kdf()
    )
    vault.lock()
    (home / "unlock-state.json").unlink(missing_ok=True)
    return home


@pytest.fixture
def vault_home(vault_template: Path, tmp_path: Path) -> Path:
    home = tmp_path / "vault"
    shutil.copytree(vault_template, home)
    return home


@pytest.fixture
def vault(vault_home: Path) -> Iterator[Vault]:
    opened = unlock_vault(vault_home, PASSPHRASE)
    yield opened
    opened.lock()
