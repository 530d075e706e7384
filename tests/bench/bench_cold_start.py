"""Cold start: time from launching `vigdesk` on an existing vault to its unlock window,
beside a bare PySide6 window started the same way in the same run (target: ≤ 2×).

Run: ``python tests/bench/bench_cold_start.py [rounds]`` (default 5). Each round starts,
alternately, a bare PySide6 script and the real `python -m vigdesk --home VAULT`, both
offscreen, and times them from launch until the first window is shown with the event
loop running (the app's `$VIGDESK_READY_FILE`; the same for the bare script). It also
times `vigdesk --version` and `--help` beside a bare interpreter. Prints medians in ms
and the ratios; asserts nothing.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET = 2.0

BARE_WINDOW = """
import sys
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

app = QApplication(sys.argv)
window = QWidget()
window.resize(480, 360)
window.show()
QTimer.singleShot(0, lambda: Path(sys.argv[1]).write_text("QWidget\\n"))
app.exec()
"""


def to_window(command: list[str], ready: Path, env: dict[str, str]) -> float:
    """Seconds from launch until `ready` names the shown window; the process is then ended."""
    ready.unlink(missing_ok=True)
    started = time.perf_counter()
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        while not (ready.exists() and ready.read_text()):
            if proc.poll() is not None:
                raise SystemExit(
                    f"{command} exited: {proc.stderr.read().decode() if proc.stderr else ''}"
                )
            time.sleep(0.002)
        return time.perf_counter() - started
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def to_exit(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - started


def make_vault(home: Path) -> None:
    from tests.conftest import PASSPHRASE, fast_kdf
    from vigdesk.services.access import create_vault

    create_vault(
        home, PASSPHRASE, display_name="Bench Practitioner", role="practitioner", kdf=fast_kdf()
    ).lock()


def main(rounds: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        make_vault(root / "vault")
        script = root / "bare_window.py"
        script.write_text(BARE_WINDOW)
        ready = root / "ready"
        env = {
            **os.environ,
            "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
            "VIGDESK_READY_FILE": str(ready),
            "HOME": str(root),  # the app's settings go here, not in the user's
            "XDG_CONFIG_HOME": str(root / "config"),
        }
        app = [sys.executable, "-m", "vigdesk", "--home", str(root / "vault")]
        bare = [sys.executable, str(script), str(ready)]
        to_window(bare, ready, env)  # warm the OS file cache for both
        to_window(app, ready, env)
        bare_s, app_s = [], []
        for _ in range(rounds):
            bare_s.append(to_window(bare, ready, env))
            app_s.append(to_window(app, ready, env))
        python_s, version_s, help_s = [], [], []
        for _ in range(rounds):
            python_s.append(to_exit([sys.executable, "-c", "pass"]))
            version_s.append(to_exit([sys.executable, "-m", "vigdesk", "--version"]))
            help_s.append(to_exit([sys.executable, "-m", "vigdesk", "--help"]))

    def ms(values: list[float]) -> float:
        return statistics.median(values) * 1000

    ratio = ms(app_s) / ms(bare_s)
    print(f"rounds: {rounds} (medians)")
    print(f"bare PySide6 window         {ms(bare_s):7.0f} ms")
    print(
        f"vigdesk unlock window       {ms(app_s):7.0f} ms   {ratio:4.2f}× "
        f"(target ≤ {TARGET:.0f}×: {'met' if ratio <= TARGET else 'NOT met'})"
    )
    print(f"bare python -c pass         {ms(python_s):7.0f} ms")
    for name, values in (("--version", version_s), ("--help", help_s)):
        times = ms(values) / ms(python_s)
        print(f"vigdesk {name:<19} {ms(values):7.0f} ms   {times:4.1f}×")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
