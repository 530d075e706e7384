"""Real subprocesses killed with SIGKILL during init and passwd."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import PASSPHRASE
from vigdesk.core.errors import WrongPassphrase
from vigdesk.services.access import unlock_vault

NEW = "an entirely new passphrase"
# Spread kills across the whole run: start-up, KDF, database writes, the header rename.
DELAYS = [0.05 * i for i in range(1, 16)]


def vigdesk(home: Path, *args: str, env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "vigdesk", "--home", str(home), *args],
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def kill_after(proc: subprocess.Popen[bytes], delay: float) -> None:
    time.sleep(delay)
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    proc.wait()


@pytest.mark.slow
def test_killed_init_leaves_no_half_vault(tmp_path: Path) -> None:
    for i, delay in enumerate(DELAYS):
        home = tmp_path / f"v{i}"
        env = {"VIGDESK_PASSPHRASE": PASSPHRASE}
        kill_after(
            vigdesk(
                home, "init", "--name", "A", "--accept-agreement", "--kdf-seconds", "0", env=env
            ),
            delay,
        )
        if (home / "vault.json").exists():
            unlock_vault(home, PASSPHRASE).lock()
        else:
            # Whatever the kill left, a new init succeeds.
            done = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "vigdesk",
                    "--home",
                    str(home),
                    "init",
                    "--name",
                    "A",
                    "--accept-agreement",
                    "--kdf-seconds",
                    "0",
                ],
                env={**os.environ, **env},
                capture_output=True,
                text=True,
                check=False,
            )
            assert done.returncode == 0, done.stderr
            unlock_vault(home, PASSPHRASE).lock()


@pytest.mark.slow
def test_killed_passwd_opens_with_old_or_new(vault_home: Path) -> None:
    outcomes = set()
    for delay in DELAYS:
        env = {"VIGDESK_PASSPHRASE": PASSPHRASE, "VIGDESK_NEW_PASSPHRASE": NEW}
        kill_after(vigdesk(vault_home, "passwd", env=env), delay)
        try:
            vault = unlock_vault(vault_home, PASSPHRASE)
            outcomes.add("old")
        except WrongPassphrase:
            vault = unlock_vault(vault_home, NEW)
            outcomes.add("new")
            vault.change_passphrase(NEW, PASSPHRASE)  # reset for the next round
        assert vault.audit.verify().ok
        vault.lock()
        (vault_home / "unlock-state.json").unlink(missing_ok=True)
        assert not (vault_home / "vault.json.tmp").exists()
    assert outcomes  # at least one round completed either way
