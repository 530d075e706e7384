"""The installed `vigdesk` command as a user runs it: the GUI by default, --version, --help."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from vigdesk import __version__

WAIT_S = 60.0  # a failure deadline only; every wait returns as soon as its condition holds
HEAVY = ("PySide6", "av", "PIL", "numpy", "sqlcipher3")


def installed_vigdesk() -> str:
    """The console script beside this interpreter (`.venv/bin/vigdesk`, `Scripts\\vigdesk.exe`)."""
    found = shutil.which("vigdesk", path=str(Path(sys.executable).parent))
    assert found is not None, "vigdesk is not installed in this environment"
    return found


def wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT_S
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting for {what}")
        time.sleep(0.05)


def test_vigdesk_alone_starts_the_first_run_window_and_stays_up(tmp_path: Path) -> None:
    home = tmp_path / "vault"
    ready = tmp_path / "ready"
    errors = tmp_path / "stderr.txt"
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "VIGDESK_HOME": str(home),
        "VIGDESK_READY_FILE": str(ready),
    }
    with errors.open("wb") as err:
        proc = subprocess.Popen(
            [installed_vigdesk()], env=env, stdout=subprocess.DEVNULL, stderr=err
        )
    try:
        wait_for(lambda: ready.exists() or proc.poll() is not None, "the first window")
        assert proc.poll() is None, errors.read_text(errors="replace")
        wait_for(lambda: ready.read_text() != "", "the ready file's contents")
        # Written from the running event loop, after the window was shown.
        assert ready.read_text() == "FirstRunWindow\n"
        assert proc.poll() is None
        if os.name == "posix":  # the GUI process runs hardened: its files are private
            assert stat.S_IMODE(ready.stat().st_mode) == 0o600
        assert not (home / "vault.json").exists()  # first run creates nothing unasked
    finally:
        proc.terminate()
        proc.wait(timeout=WAIT_S)
    assert "Traceback" not in errors.read_text(errors="replace")


def test_version_exits_0() -> None:
    result = subprocess.run(
        [installed_vigdesk(), "--version"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"vigdesk {__version__}"


def test_help_exits_0_and_names_the_commands() -> None:
    result = subprocess.run(
        [installed_vigdesk(), "--help"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    for command in ("init", "case", "export", "view", "sync", "audit"):
        assert command in result.stdout


def heavy_modules_after(option: str) -> tuple[str, str]:
    """Run `main([option])` in a fresh interpreter: its output, and the heavy modules
    it left loaded (comma-separated, "" for none)."""
    code = (
        "import sys\n"
        "from vigdesk.cli import main\n"
        "try:\n"
        f"    main([{option!r}])\n"
        "except SystemExit as exc:\n"
        "    assert exc.code in (0, None), exc.code\n"
        f"print('HEAVY:' + ','.join(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    output, _, heavy = result.stdout.rpartition("HEAVY:")
    return output, heavy.strip()


def test_version_loads_no_heavy_modules() -> None:
    output, heavy = heavy_modules_after("--version")
    assert output.splitlines() == [f"vigdesk {__version__}"]
    assert heavy == ""


@pytest.mark.parametrize("option", ["--help", "-h"])
def test_help_loads_no_heavy_modules(option: str) -> None:
    output, heavy = heavy_modules_after(option)
    assert "doctor" in output and "enrol" in output
    assert heavy == ""


def test_the_quick_help_is_the_full_help() -> None:
    """The light parser answering --help names every command exactly as registered."""
    from vigdesk.cli import build_parser
    from vigdesk.cli.overview import help_parser

    assert help_parser().format_help() == build_parser().format_help(), (
        "a command was added or its help line changed: list it in cli/overview.py COMMANDS"
    )


def test_the_cold_path_to_the_unlock_window_loads_nothing_heavy() -> None:
    """What `vigdesk` imports before its first window: Qt, not the services, SQLCipher,
    cryptography, PyAV, numpy or Pillow (they load behind the window;
    tests/bench/bench_cold_start.py)."""
    code = (
        "import sys\n"
        "import vigdesk.app, vigdesk.cli, vigdesk.ui.session, vigdesk.ui.unlock\n"
        "print(','.join(m for m in sys.modules if m.split('.')[0] in"
        " ('av', 'PIL', 'numpy', 'sqlcipher3', 'cryptography')"
        " or m.startswith('vigdesk.services')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_every_command_reaches_its_parser(capsys: pytest.CaptureFixture[str]) -> None:
    """Telling the app from a command needs no list of commands (a new one was refused
    as an 'invalid choice' while the quick path did not know it)."""
    from vigdesk.cli import build_parser, main
    from vigdesk.cli.overview import COMMANDS

    known = {name for name, _ in COMMANDS}
    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command")
    assert set(commands.choices or ()) == known  # type: ignore[arg-type]
    for name in sorted(known):
        with pytest.raises(SystemExit) as exited:
            main([name, "--help"])
        assert exited.value.code == 0, name
        assert f"usage: vigdesk {name}" in capsys.readouterr().out
