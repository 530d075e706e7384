"""Every entry point hardens its process before touching a secret: no core dumps, not
dumpable (Linux), and private files (umask 077 on POSIX); the vault folder is 0700."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.cli.test_entry_points import installed_vigdesk
from tests.conftest import PASSPHRASE, fast_kdf
from vigdesk.services.access import create_vault

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX modes and rlimits")
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


def vigdesk(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The installed command, started with a permissive umask: only its own hardening
    can make what it creates private."""
    return subprocess.run(
        [installed_vigdesk(), "--home", str(home), *args],
        env={**os.environ, "VIGDESK_PASSPHRASE": PASSPHRASE},
        capture_output=True,
        text=True,
        check=False,
        umask=0o022,
    )


def modes(root: Path) -> dict[str, int]:
    found = {".": stat.S_IMODE(root.stat().st_mode)}
    for path in root.rglob("*"):
        found[str(path.relative_to(root))] = stat.S_IMODE(path.lstat().st_mode)
    return found


def assert_private(root: Path) -> None:
    found = modes(root)
    wrong = {
        name: oct(mode)
        for name, mode in found.items()
        if mode != (0o700 if (root / name).is_dir() else 0o600)
    }
    assert not wrong, wrong


@contextmanager
def umask(mask: int) -> Iterator[None]:
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


@posix_only
def test_headless_commands_create_only_private_files(tmp_path: Path) -> None:
    home = tmp_path / "vault"
    made = vigdesk(home, "init", "--name", "A Person", "--accept-agreement", "--kdf-seconds", "0")
    assert made.returncode == 0, made.stderr
    added = vigdesk(home, "case", "add", "--initials", "JS", "--referred", "2026-09-01")
    assert added.returncode == 0, added.stderr
    assert {"vault.json", "case.db"} <= set(modes(home))
    assert_private(home)


@posix_only
@pytest.mark.slow
def test_demo_vault_blobs_are_private(tmp_path: Path) -> None:
    home = tmp_path / "demo"
    made = vigdesk(home, "demo", "--no-gui")
    assert made.returncode == 0, made.stderr
    assert any(name.startswith("blobs" + os.sep) for name in modes(home))
    assert_private(home)


@linux_only
def test_a_cli_process_waiting_for_its_passphrase_is_already_hardened(tmp_path: Path) -> None:
    """The installed command reads its passphrase from a FIFO: opening the FIFO for writing
    returns only once the command has opened it, i.e. is about to read the secret."""
    fifo = tmp_path / "passphrase"
    os.mkfifo(fifo)
    proc = subprocess.Popen(
        [
            installed_vigdesk(),
            "--home",
            str(tmp_path / "v"),
            "audit",
            "verify",
            "--passphrase-file",
            str(fifo),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        umask=0o022,
    )
    try:
        writer = os.open(fifo, os.O_WRONLY)  # blocks until the command opens it to read
        try:
            limits = Path(f"/proc/{proc.pid}/limits").read_text()
            status = Path(f"/proc/{proc.pid}/status").read_text()
        finally:
            os.write(writer, (PASSPHRASE + "\n").encode())
            os.close(writer)
        core = next(line for line in limits.splitlines() if line.startswith("Max core file size"))
        assert core.split()[4:6] == ["0", "0"], core
        assert "Umask:\t0077" in status.splitlines()
    finally:
        _, err = proc.communicate(timeout=60)
    assert proc.returncode != 0 and b"vigdesk init" in err  # no vault there: a clean refusal


@posix_only
@pytest.mark.parametrize(
    "command",
    [["audit", "verify"], ["export", "list"], ["sync", "status"], ["case", "list"]],
)
def test_main_hardens_before_running_any_command(tmp_path: Path, command: list[str]) -> None:
    code = (
        "import ctypes, os, resource, sys\n"
        "from vigdesk.cli import main\n"
        f"code = main(['--home', {str(tmp_path / 'none')!r}, *{command!r}])\n"
        "dumpable = ctypes.CDLL(None).prctl(3, 0, 0, 0, 0) "  # PR_GET_DUMPABLE
        "if sys.platform.startswith('linux') else 0\n"
        "print(code, resource.getrlimit(resource.RLIMIT_CORE), oct(os.umask(0)), dumpable)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "VIGDESK_PASSPHRASE": PASSPHRASE},
        capture_output=True,
        text=True,
        check=True,
        umask=0o022,
    )
    exit_code, rest = result.stdout.strip().split(" ", 1)
    assert exit_code != "0"  # there is no vault: the command refused, after hardening
    assert rest == "(0, 0) 0o77 0"


@posix_only
def test_a_library_caller_still_gets_a_private_vault_folder(tmp_path: Path) -> None:
    """create_vault without any entry point (so with a permissive umask)."""
    new = tmp_path / "new" / "vault"
    existing = tmp_path / "existing"
    existing.mkdir(mode=0o755)
    with umask(0o022):
        for home in (new, existing):
            create_vault(home, PASSPHRASE, display_name="A", role="practitioner", kdf=fast_kdf())
            assert stat.S_IMODE(home.stat().st_mode) == 0o700
