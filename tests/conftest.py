"""Shared fixtures: a real keyed vault built once per session and copied per test."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from hypothesis import settings

from vigdesk.core.cases import Case, Person, PersonKind
from vigdesk.core.consent import Method, Purpose
from vigdesk.crypto.kdf import MIN_MEMORY_KIB, KdfParams
from vigdesk.media.synth import make_video
from vigdesk.services.access import create_vault, unlock_vault
from vigdesk.services.session import Services
from vigdesk.storage.vault import Vault


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--onscreen",
        action="store_true",
        help="show Qt windows on the real display instead of offscreen",
    )


def pytest_configure(config: pytest.Config) -> None:
    """CI has no display: Qt renders offscreen unless --onscreen (STYLE: tests)."""
    if not config.getoption("--onscreen"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # PySide6 6.12 on CPython 3.11 leaks references to None/True; the app pins them
    # before its QApplication, and so must every test process (vigdesk/render/refcounts.py).
    from vigdesk.render.refcounts import pin_singletons

    pin_singletons()


# Hypothesis: the suite is a gate, so it replays the same examples on every run and has
# no deadline (a timing assertion, which the suite must not make on a loaded machine).
# Searching for new failing examples is its own run: `pytest --hypothesis-profile=explore`.
settings.register_profile("gate", derandomize=True, deadline=None)
settings.register_profile("explore", deadline=None, max_examples=2_000)
settings.load_profile("gate")

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


# -- a family with consent in place, and generated footage -----------------------------

MOTHER = "Marigold Wolstenholme"
CHILD = "Peregrine Wolstenholme"
_CASE_CODE = re.compile(r"VIG-\d{2}-[A-Z0-9]{4}")


def without_codes(text: str) -> str:
    """`text` with case codes taken out: a random code such as VIG-26-MW5Z can hold the
    family's initials by chance, and a test that initials are absent must not fail then."""
    return _CASE_CODE.sub("", text)


@dataclass
class Family:
    case: Case
    mother: Person
    child: Person


@pytest.fixture
def services(vault: Vault) -> Iterator[Services]:
    yield Services.for_vault(vault)


def add_family(s: Services, *, consent: tuple[Purpose, ...] = tuple(Purpose)) -> Family:
    case = s.cases.add_case("MW", date(2026, 9, 1), referral_source="health visitor")
    mother = s.cases.add_person(
        case.id, PersonKind.ADULT, MOTHER, parental_responsibility=True, relationship="mother"
    )
    child = s.cases.add_person(case.id, PersonKind.CHILD, CHILD, date_of_birth=date(2024, 3, 2))
    if consent:
        s.consent.record(
            case.id,
            mother.id,
            [child.id],
            dict.fromkeys(consent, True),
            form_version="2026.1",
            given_on=date(2026, 9, 10),
            method=Method.SIGNED_ON_SCREEN,
            evidence=b"\x89PNG signature",
        )
    return Family(case, mother, child)


@pytest.fixture
def family(services: Services) -> Family:
    return add_family(services)


@pytest.fixture(scope="session")
def footage_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("videos") / "home-visit-wolstenholme.mp4"
    make_video(path, seconds=6.0, fps=25, size=(320, 240), gop=25, label="VIG")
    return path


@pytest.fixture
def footage(footage_template: Path, tmp_path: Path) -> Path:
    copy = tmp_path / footage_template.name
    copy.write_bytes(footage_template.read_bytes())
    return copy


# -- file systems that refuse writes ----------------------------------------------------


@pytest.fixture
def read_only_dir(tmp_path: Path) -> Iterator[Path]:
    """A folder that cannot be written: a read-only tmpfs as root, else chmod 0500."""
    import subprocess

    folder = tmp_path / "read-only"
    folder.mkdir()
    if os.geteuid() == 0:
        mounted = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", str(folder)],
            capture_output=True,
            check=False,
        )
        if mounted.returncode != 0:
            pytest.skip("root, but may not mount a read-only tmpfs here")
        yield folder
        subprocess.run(["umount", "-l", str(folder)], check=False)
    else:
        folder.chmod(0o500)
        yield folder
        folder.chmod(0o700)


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 48 KiB tmpfs: writes past it fail with ENOSPC, as on a full laptop disk."""
    import subprocess

    mount = tmp_path / "tiny"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=48k", "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip("needs permission to mount a tmpfs (run as root)")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)
