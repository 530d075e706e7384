"""The composition root and the OS session watches."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtDBus import QDBusConnection
from pytestqt.qtbot import QtBot

from tests.ui.conftest import WAIT_MS, SessionFactory
from vigdesk import app
from vigdesk.ui.look import stylesheet
from vigdesk.ui.main_window import MainWindow
from vigdesk.ui.session_watch.linux import LinuxSessionWatch, login1_session_path
from vigdesk.ui.session_watch.windows import WindowsSessionWatch, is_lock_message


def test_importing_app_does_nothing_and_loads_no_qt() -> None:
    code = (
        "import os, sys; before = dict(os.environ); import vigdesk.app\n"
        "assert dict(os.environ) == before\n"
        "print(any(m.startswith('PySide6') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_harden_process_disables_qt_disk_caches_and_core_dumps() -> None:
    code = (
        "import os, resource, vigdesk.app as a; a.harden_process()\n"
        "print(os.environ['QT_DISABLE_SHADER_DISK_CACHE'], "
        "resource.getrlimit(resource.RLIMIT_CORE))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "1 (0, 0)"


@pytest.mark.parametrize(
    ("stored", "expected_minutes"),
    [(None, 5), ("10", 10), ("60", 15), ("0.1", 1), ("soon", 5)],
)
def test_idle_setting_is_clamped(tmp_path: Path, stored: str | None, expected_minutes: int) -> None:
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    if stored is not None:
        settings.setValue(app.IDLE_SETTING, stored)
    assert app.idle_ms_from(settings) == expected_minutes * 60_000


def test_stylesheet_points_at_bundled_icons() -> None:
    sheet = stylesheet()
    assert "@icons@" not in sheet
    for line in sheet.splitlines():
        if "url(" in line:
            path = line.split("url(", 1)[1].split(")", 1)[0]
            assert Path(path).is_file(), path


def test_a_full_session_writes_nothing_to_the_cache_folder(
    qtbot: QtBot, tmp_path: Path, make_session: SessionFactory
) -> None:
    cache = Path(os.environ["XDG_CACHE_HOME"])
    before = sorted(cache.rglob("*"))
    session = make_session(tmp_path / "vault")
    session.start()
    window = session.front
    window.profile.name_edit.setText("Sam Example")  # type: ignore[union-attr]
    window.passphrase.new_edit.setText("meadow copper kite 58")  # type: ignore[union-attr]
    window.passphrase.confirm_edit.setText("meadow copper kite 58")  # type: ignore[union-attr]
    window.agreement.accept_box.setChecked(True)  # type: ignore[union-attr]
    window.create_vault()  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: isinstance(session.front, MainWindow), timeout=WAIT_MS)
    session.lock()
    assert sorted(cache.rglob("*")) == before


@pytest.fixture
def private_bus() -> Iterator[str]:
    daemon = shutil.which("dbus-daemon")
    if daemon is None:
        pytest.skip("dbus-daemon is not installed")
    proc = subprocess.Popen(
        [daemon, "--session", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert proc.stdout is not None
    address = proc.stdout.readline().strip()
    yield address
    proc.terminate()
    proc.wait(5)


def test_linux_watch_hears_the_screen_saver(qtbot: QtBot, private_bus: str) -> None:
    bus = QDBusConnection.connectToBus(private_bus, "vigdesk-test")
    assert bus.isConnected()
    offline = QDBusConnection.connectToBus("unix:path=/nonexistent", "vigdesk-none")
    watch = LinuxSessionWatch(session_bus=bus, system_bus=offline)
    try:
        assert watch.start()
        with qtbot.waitSignal(watch.session_locked, timeout=WAIT_MS):
            subprocess.run(
                [
                    "dbus-send",
                    f"--bus={private_bus}",
                    "--type=signal",
                    "/org/freedesktop/ScreenSaver",
                    "org.freedesktop.ScreenSaver.ActiveChanged",
                    "boolean:true",
                ],
                check=True,
            )
    finally:
        watch.stop()
        QDBusConnection.disconnectFromBus("vigdesk-test")
        QDBusConnection.disconnectFromBus("vigdesk-none")


def test_login1_session_paths_are_escaped_like_systemd() -> None:
    assert login1_session_path("c2") == "/org/freedesktop/login1/session/c2"
    assert login1_session_path("3") == "/org/freedesktop/login1/session/_33"
    assert login1_session_path("a-b") == "/org/freedesktop/login1/session/a_2db"


def test_windows_lock_messages() -> None:
    assert is_lock_message(0x02B1, 0x7)  # WM_WTSSESSION_CHANGE / WTS_SESSION_LOCK
    assert is_lock_message(0x0218, 0x4)  # WM_POWERBROADCAST / PBT_APMSUSPEND
    assert not is_lock_message(0x02B1, 0x8)  # unlock
    watch = WindowsSessionWatch()  # starts and stops cleanly off Windows too
    assert watch.start()
    watch.stop()


RUN_SMOKE = """
import sys
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
import vigdesk.ui.session as session_module
from vigdesk.app import run

original = session_module.Session.start

def start(self):
    original(self)
    app = QApplication.instance()
    print(type(self.front).__name__, app.applicationName(), bool(app.styleSheet()),
          app.quitOnLastWindowClosed())
    QTimer.singleShot(50, self.quit)

session_module.Session.start = start
sys.exit(run(Path(sys.argv[1])))
"""


def test_run_starts_the_right_window_and_quits_cleanly(tmp_path: Path, ui_vault_home: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    for home, window in ((tmp_path / "none", "FirstRunWindow"), (ui_vault_home, "UnlockWindow")):
        out = subprocess.run(
            [sys.executable, "-c", RUN_SMOKE, str(home)],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
        assert out.returncode == 0, out.stderr
        assert out.stdout.split() == [window, "vigdesk", "True", "False"]
