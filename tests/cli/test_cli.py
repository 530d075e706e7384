"""The headless contract: one line on stderr, exit codes, --json, disk full during init."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import PASSPHRASE


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "vigdesk", *args],
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        check=False,
    )


def test_version() -> None:
    from vigdesk import __version__

    result = run("--version")
    assert result.returncode == 0 and result.stdout.strip() == f"vigdesk {__version__}"


def test_init_json_verify_and_export(tmp_path: Path) -> None:
    home = tmp_path / "v"
    env = {"VIGDESK_PASSPHRASE": PASSPHRASE}
    made = run(
        "--home",
        str(home),
        "init",
        "--name",
        "A Person",
        "--accept-agreement",
        "--kdf-seconds",
        "0",
        "--json",
        env=env,
    )
    assert made.returncode == 0, made.stderr
    assert json.loads(made.stdout)["kdf"]["memory_kib"] >= 65536
    verify = run("audit", "verify", "--json", "--home", str(home), env=env)
    assert json.loads(verify.stdout) == {"ok": True, "entries": 4}
    export = run("--home", str(home), "audit", "export", env=env)
    lines = [json.loads(line) for line in export.stdout.splitlines()]
    assert [e["action"] for e in lines[:3]] == ["vault.created", "agreement.accepted", "lock"]
    assert "A Person" not in export.stdout


def test_errors_are_one_line(tmp_path: Path) -> None:
    result = run(
        "--home", str(tmp_path / "none"), "audit", "verify", env={"VIGDESK_PASSPHRASE": PASSPHRASE}
    )
    assert result.returncode != 0
    assert result.stderr.count("\n") == 1 and "vigdesk init" in result.stderr


def test_passphrase_file(vault_home: Path, tmp_path: Path) -> None:
    secret = tmp_path / "pass.txt"
    secret.write_text(PASSPHRASE + "\n")
    result = run("--home", str(vault_home), "audit", "verify", "--passphrase-file", str(secret))
    assert result.returncode == 0, result.stderr
    secret.write_text("wrong one entirely\n")
    result = run("--home", str(vault_home), "audit", "verify", "--passphrase-file", str(secret))
    assert result.returncode == 3 and "not right" in result.stderr


def test_disk_full_during_init_leaves_nothing(tiny_disk: Path) -> None:
    home = tiny_disk / "v"
    result = run(
        "--home",
        str(home),
        "init",
        "--name",
        "A",
        "--accept-agreement",
        "--kdf-seconds",
        "0",
        env={"VIGDESK_PASSPHRASE": PASSPHRASE},
    )
    assert result.returncode == 1
    assert "disk is full" in result.stderr and result.stderr.count("\n") == 1
    assert sorted(p.name for p in home.iterdir()) == []


def test_passwd_asks_each_passphrase_once_at_a_terminal(vault_home: Path) -> None:
    """Through a real pty: current once, new twice, then done (no second 'current' prompt)."""
    import pty
    import select

    new = "a brand new passphrase here"
    answers = {b"Current passphrase: ": PASSPHRASE, b"New passphrase: ": new, b"Again: ": new}
    pid, fd = pty.fork()
    if pid == 0:  # the child becomes vigdesk, with the pty as its terminal
        os.execv(
            sys.executable, [sys.executable, "-m", "vigdesk", "--home", str(vault_home), "passwd"]
        )
    seen, buffer = [], b""
    while True:
        ready, _, _ = select.select([fd], [], [], 30)
        assert ready, f"vigdesk stalled after {seen}"
        try:
            chunk = os.read(fd, 1024)
        except OSError:  # the child exited and closed the pty
            break
        if not chunk:
            break
        buffer += chunk
        for prompt, answer in answers.items():
            if buffer.endswith(prompt):
                seen.append(prompt.decode().strip())
                os.write(fd, answer.encode() + b"\n")
                buffer = b""
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, buffer
    assert seen == ["Current passphrase:", "New passphrase:", "Again:"]
    from vigdesk.services.access import unlock_vault

    unlock_vault(vault_home, new).lock()


def test_passwd_from_files(vault_home: Path, tmp_path: Path) -> None:
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text(PASSPHRASE + "\n")
    new.write_text("another passphrase entirely\n")
    result = run(
        "--home",
        str(vault_home),
        "passwd",
        "--passphrase-file",
        str(old),
        "--new-passphrase-file",
        str(new),
    )
    assert result.returncode == 0, result.stderr
    from vigdesk.services.access import unlock_vault

    unlock_vault(vault_home, "another passphrase entirely").lock()
