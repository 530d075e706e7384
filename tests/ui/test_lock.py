"""Locking: idle, Ctrl+L, the OS, and what a lock must leave behind (nothing)."""

from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.ui.conftest import (
    PASSPHRASE,
    PRACTITIONER,
    WAIT_MS,
    Quits,
    SessionFactory,
    visible_texts,
)
from vigdesk.storage.vault import Vault
from vigdesk.ui.events import AppEvents
from vigdesk.ui.idle import MAX_IDLE_MS, IdleWatch, clamp_idle_ms
from vigdesk.ui.main_window import MainWindow
from vigdesk.ui.session import Session
from vigdesk.ui.session_watch import SessionWatch
from vigdesk.ui.unlock import UnlockWindow


def unlocked(qtbot: QtBot, session: Session) -> tuple[MainWindow, Vault]:
    session.start()
    window = session.front
    assert isinstance(window, UnlockWindow)
    window.passphrase_edit.setText(PASSPHRASE)
    with qtbot.waitSignal(window.unlocked, timeout=WAIT_MS):
        window.unlock()
    main = session.front
    assert isinstance(main, MainWindow)
    return main, main.ctx.vault


def assert_locked(qtbot: QtBot, session: Session, main: MainWindow, vault: Vault) -> None:
    assert isinstance(session.front, UnlockWindow) and session.front.isVisible()
    assert not session.is_unlocked
    assert not main.isVisible()
    assert PRACTITIONER not in visible_texts()
    qtbot.waitUntil(lambda: vault.is_locked, timeout=WAIT_MS)  # audited and key dropped


def test_idle_auto_lock(
    qtbot: QtBot, ui_vault_home: Path, make_session: SessionFactory, events: AppEvents
) -> None:
    session = make_session(ui_vault_home, idle_ms=200)
    main, vault = unlocked(qtbot, session)
    assert PRACTITIONER in visible_texts()
    with qtbot.waitSignal(events.vault_locked, timeout=WAIT_MS):
        pass
    assert_locked(qtbot, session, main, vault)
    notice = session.front.message  # type: ignore[union-attr]
    assert notice.kind == "notice" and "without use" in notice.text()
    assert not session.idle.active


def test_ctrl_l_locks(qtbot: QtBot, ui_vault_home: Path, make_session: SessionFactory) -> None:
    session = make_session(ui_vault_home)
    main, vault = unlocked(qtbot, session)
    assert main.menu_actions.lock.shortcut().toString() == "Ctrl+L"
    qtbot.waitExposed(main)
    main.activateWindow()
    qtbot.keyClick(main.workspace, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not session.is_unlocked, timeout=WAIT_MS)
    assert_locked(qtbot, session, main, vault)


def test_lock_closes_dialogs_and_then_unlocks_again(
    qtbot: QtBot, ui_vault_home: Path, make_session: SessionFactory
) -> None:
    session = make_session(ui_vault_home)
    main, vault = unlocked(qtbot, session)
    dialogs = [main.open_change_passphrase(), main.open_about(), main.open_shortcuts()]
    assert all(d.isVisible() for d in dialogs)
    session.lock()
    assert not any(d.isVisible() for d in dialogs)
    assert_locked(qtbot, session, main, vault)
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not shiboken6.isValid(main)
    assert not any(shiboken6.isValid(d) for d in dialogs)
    _, vault2 = unlocked_again(qtbot, session)
    assert vault2 is not vault and not vault2.is_locked


def unlocked_again(
    qtbot: QtBot, session: Session, expect_notice: bool = False
) -> tuple[MainWindow, Vault]:
    window = session.front
    assert isinstance(window, UnlockWindow)
    # A lock the user asked for needs no explanation; an automatic one does.
    assert window.message.kind == ("notice" if expect_notice else None)
    window.passphrase_edit.setText(PASSPHRASE)
    with qtbot.waitSignal(window.unlocked, timeout=WAIT_MS):
        window.unlock()
    main = session.front
    assert isinstance(main, MainWindow)
    return main, main.ctx.vault


def test_suspend_and_os_screen_lock_lock_the_vault(
    qtbot: QtBot, ui_vault_home: Path, make_session: SessionFactory, qapp: QApplication
) -> None:
    watch = SessionWatch()
    session = make_session(ui_vault_home, session_watch=watch)
    main, vault = unlocked(qtbot, session)
    watch.session_locked.emit()
    assert_locked(qtbot, session, main, vault)
    assert "went to sleep" in session.front.message.text()  # type: ignore[union-attr]
    main, vault = unlocked_again(qtbot, session, expect_notice=True)
    qapp.applicationStateChanged.emit(Qt.ApplicationState.ApplicationSuspended)
    assert_locked(qtbot, session, main, vault)


def test_quit_locks_and_closing_the_front_window_quits(
    qtbot: QtBot, ui_vault_home: Path, make_session: SessionFactory, quits: Quits
) -> None:
    session = make_session(ui_vault_home)
    main, vault = unlocked(qtbot, session)
    main.menu_actions.quit.trigger()
    assert vault.is_locked and not session.is_unlocked
    assert quits.count == 1
    other = make_session(ui_vault_home)
    other.start()
    assert other.front is not None
    other.front.close()
    assert quits.count == 2


def test_input_postpones_the_idle_lock(qtbot: QtBot, qapp: QApplication) -> None:
    watch = IdleWatch(1000)
    watch.start()
    try:
        timer = watch._timer
        qtbot.waitUntil(lambda: timer.remainingTime() < 900, timeout=WAIT_MS)
        press = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(qapp, press)
        assert timer.remainingTime() > 900
    finally:
        watch.stop()


def test_idle_timeout_is_clamped_to_fifteen_minutes() -> None:
    assert clamp_idle_ms(60 * 60 * 1000) == MAX_IDLE_MS == 15 * 60 * 1000
    assert clamp_idle_ms(200) == 200
    assert clamp_idle_ms(0) > 0


class CountingWatch(SessionWatch):
    started = 0

    def start(self) -> bool:
        self.started += 1
        return True


def test_a_watch_attached_after_the_first_window_is_started_and_locks(
    qtbot: QtBot, ui_vault_home: Path, make_session: SessionFactory
) -> None:
    """The app attaches the OS watch just after the first window shows (cold start)."""
    session = make_session(ui_vault_home)
    main, vault = unlocked(qtbot, session)
    watch = CountingWatch()
    session.attach_watch(watch)
    assert watch.started == 1
    watch.session_locked.emit()
    assert_locked(qtbot, session, main, vault)
