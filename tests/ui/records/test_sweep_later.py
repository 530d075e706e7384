"""'Not now' to the scheduled deletion holds until the app quits: unlocking again in the
same run does not ask again (the reminder stays); a new run of the app does."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.ui.conftest import PASSPHRASE, WAIT_MS, SessionFactory
from tests.ui.records.conftest import ClosedCase, feature_of
from tests.ui.records.test_sweep import wait_for_preview
from vigdesk.storage.vault import Vault
from vigdesk.ui.main_window import MainWindow
from vigdesk.ui.session import Session
from vigdesk.ui.unlock import UnlockWindow


def unlock(qtbot: QtBot, session: Session) -> MainWindow:
    window = session.front
    assert isinstance(window, UnlockWindow)
    window.passphrase_edit.setText(PASSPHRASE)
    with qtbot.waitSignal(window.unlocked, timeout=WAIT_MS):
        window.unlock()
    main = session.front
    assert isinstance(main, MainWindow)
    return main


def checked(qtbot: QtBot, main: MainWindow) -> None:
    feature = feature_of(main)
    qtbot.waitUntil(lambda: bool(feature.overdue) and not feature.checking, timeout=WAIT_MS)


def test_not_now_is_remembered_until_the_app_quits(
    qtbot: QtBot,
    vault: Vault,
    vault_home: Path,
    closed_case: ClosedCase,
    make_session: SessionFactory,
) -> None:
    vault.lock()  # the session opens the vault itself
    session = make_session(vault_home)
    session.start()
    main = unlock(qtbot, session)
    dialog = wait_for_preview(qtbot, main)
    qtbot.mouseClick(dialog.later_button, Qt.MouseButton.LeftButton)

    session.lock()
    again = unlock(qtbot, session)
    checked(qtbot, again)
    feature = feature_of(again)
    assert feature.preview_dialog is None  # not asked again this run
    assert feature.reminder.isVisible() and feature.reminder.text() == "2 deletions overdue"

    session.shutdown()
    next_run = make_session(vault_home)
    next_run.start()
    wait_for_preview(qtbot, unlock(qtbot, next_run))  # a new run of the app asks again
