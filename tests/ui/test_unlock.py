"""Unlock: wrong and right passphrases, the backoff countdown, and a GUI that never blocks."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from pytestqt.qtbot import QtBot

from tests.ui.conftest import (
    PASSPHRASE,
    PRACTITIONER,
    WAIT_MS,
    SessionFactory,
    fast_kdf,
    visible_texts,
)
from vigdesk.core.errors import UnlockBackoff, WrongPassphrase
from vigdesk.services.access import unlock_vault
from vigdesk.ui.main_window import MainWindow
from vigdesk.ui.tasks import TaskRunner
from vigdesk.ui.unlock import UnlockWindow
from vigdesk.ui.unlock.countdown import format_wait
from vigdesk.ui.vault_access import Opened, VaultAccess


def start_unlock(make_session: SessionFactory, home: Path, **kw: object) -> UnlockWindow:
    session = make_session(home, **kw)
    session.start()
    window = session.front
    assert isinstance(window, UnlockWindow)
    return window


def test_unlock_screen_shows_nothing_personal(
    ui_vault_home: Path, make_session: SessionFactory
) -> None:
    start_unlock(make_session, ui_vault_home)
    assert PRACTITIONER not in visible_texts()
    assert PRACTITIONER.split()[0] not in visible_texts()


def test_wrong_passphrase_shows_an_error(
    qtbot: QtBot, ui_vault_home: Path, make_session: SessionFactory
) -> None:
    window = start_unlock(make_session, ui_vault_home)
    assert not window.unlock_button.isEnabled()
    qtbot.keyClicks(window.passphrase_edit, "not my passphrase")
    qtbot.mouseClick(window.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.message.kind == "error", timeout=WAIT_MS)
    assert "not right" in window.message.text()
    assert window.passphrase_edit.isEnabled() and window.unlock_button.isEnabled()
    assert window.passphrase_edit.selectedText() == "not my passphrase"


def test_right_passphrase_opens_the_main_window(
    qtbot: QtBot, ui_vault_home: Path, make_session: SessionFactory
) -> None:
    session = make_session(ui_vault_home)
    session.start()
    window = session.front
    assert isinstance(window, UnlockWindow)
    qtbot.keyClicks(window.passphrase_edit, PASSPHRASE)
    with qtbot.waitSignal(window.unlocked, timeout=WAIT_MS):
        qtbot.keyClick(window.passphrase_edit, Qt.Key.Key_Return)
    main = session.front
    assert isinstance(main, MainWindow)
    assert PRACTITIONER in main.status.user_label.text()
    assert window.passphrase_edit.text() == ""


def test_backoff_disables_unlock_with_a_countdown(
    qtbot: QtBot, ui_vault_home: Path, make_session: SessionFactory
) -> None:
    for _ in range(3):  # the third failure starts a 2 s wait
        with pytest.raises(WrongPassphrase):
            unlock_vault(ui_vault_home, "wrong wrong wrong")
    window = start_unlock(make_session, ui_vault_home)
    qtbot.keyClicks(window.passphrase_edit, PASSPHRASE)
    qtbot.mouseClick(window.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.countdown.running, timeout=WAIT_MS)
    assert not window.unlock_button.isEnabled()
    assert "try again in" in window.message.text()
    assert window.message.text().endswith(" s.")


class BackoffAccess(VaultAccess):
    def unlock(self, home: Path, passphrase: str) -> Opened:
        raise UnlockBackoff(0.3)


def test_countdown_ends_and_unlock_is_offered_again(
    qtbot: QtBot, ui_vault_home: Path, make_session: SessionFactory
) -> None:
    window = start_unlock(make_session, ui_vault_home, access=BackoffAccess(kdf=fast_kdf))
    qtbot.keyClicks(window.passphrase_edit, PASSPHRASE)
    window.unlock()
    qtbot.waitUntil(lambda: window.countdown.running, timeout=WAIT_MS)
    assert not window.unlock_button.isEnabled()
    with qtbot.waitSignal(window.countdown.finished, timeout=WAIT_MS):
        pass
    assert window.unlock_button.isEnabled()
    assert window.message.kind is None


class GatedAccess(VaultAccess):
    """Holds the unlock on the worker until the test opens the gate."""

    def __init__(self) -> None:
        super().__init__(kdf=fast_kdf)
        self.entered = threading.Event()
        self.gate = threading.Event()

    def unlock(self, home: Path, passphrase: str) -> Opened:
        self.entered.set()
        self.gate.wait(WAIT_MS / 1000)
        return super().unlock(home, passphrase)


def test_the_event_loop_keeps_running_while_unlocking(
    qtbot: QtBot, ui_vault_home: Path, runner: TaskRunner, make_session: SessionFactory
) -> None:
    access = GatedAccess()
    session = make_session(ui_vault_home, access=access)
    session.start()
    window = session.front
    assert isinstance(window, UnlockWindow)
    ticks = 0

    def tick() -> None:
        nonlocal ticks
        ticks += 1

    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(tick)
    timer.start()
    qtbot.keyClicks(window.passphrase_edit, PASSPHRASE)
    window.unlock()
    qtbot.waitUntil(access.entered.is_set, timeout=WAIT_MS)
    start = ticks
    qtbot.waitUntil(lambda: ticks >= start + 5, timeout=WAIT_MS)  # unlock still running
    assert runner.active_count == 1
    assert window.busy.isVisible() and not window.unlock_button.isEnabled()
    access.gate.set()
    qtbot.waitUntil(lambda: isinstance(session.front, MainWindow), timeout=WAIT_MS)
    timer.stop()


def test_format_wait() -> None:
    assert format_wait(9) == "9 s"
    assert format_wait(125) == "2 min 05 s"
