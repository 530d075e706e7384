"""First run: the form's rules, and creating a vault that opens the main window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from tests.ui.conftest import WAIT_MS, SessionFactory
from vigdesk.services.documents import current_agreement
from vigdesk.ui.first_run import FirstRunWindow
from vigdesk.ui.first_run.agreement_panel import split_title
from vigdesk.ui.main_window import MainWindow
from vigdesk.ui.tasks import TaskRunner
from vigdesk.ui.vault_access import VaultAccess

NEW_PASSPHRASE = "meadow copper kite 58"


def tick(qtbot: QtBot, window: FirstRunWindow) -> None:
    box = window.agreement.accept_box
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


def test_create_stays_disabled_until_everything_is_valid(
    qtbot: QtBot, tmp_path: Path, access: VaultAccess, runner: TaskRunner
) -> None:
    window = FirstRunWindow(tmp_path / "vault", access, runner)
    qtbot.addWidget(window)
    window.show()
    assert not window.create_button.isEnabled()
    qtbot.keyClicks(window.profile.name_edit, "Sam Example")
    qtbot.keyClicks(window.passphrase.new_edit, "kettle")
    assert window.passphrase.meter.score <= 1
    assert "12 characters" in window.passphrase.hint.text()
    window.passphrase.new_edit.clear()
    qtbot.keyClicks(window.passphrase.new_edit, NEW_PASSPHRASE)
    assert window.passphrase.meter.score >= 3
    qtbot.keyClicks(window.passphrase.confirm_edit, NEW_PASSPHRASE + "!")
    assert window.passphrase.problem() == "The two passphrases differ."
    qtbot.keyClick(window.passphrase.confirm_edit, Qt.Key.Key_Backspace)
    assert window.passphrase.problem() is None
    assert not window.create_button.isEnabled()  # the agreement is not accepted yet
    tick(qtbot, window)
    assert window.create_button.isEnabled()
    window.profile.name_edit.setText("   ")
    assert not window.create_button.isEnabled()


def test_agreement_is_rendered_with_its_title_on_the_card() -> None:
    title, body = split_title(current_agreement().text)
    assert title.startswith("Confidentiality agreement")
    assert not body.startswith("#")


def test_first_run_creates_the_vault_and_opens_the_main_window(
    qtbot: QtBot, tmp_path: Path, make_session: SessionFactory
) -> None:
    home = tmp_path / "new-vault"
    session = make_session(home)
    session.start()
    window = session.front
    assert isinstance(window, FirstRunWindow)
    qtbot.keyClicks(window.profile.name_edit, "Sam Example")
    window.profile.role_combo.setCurrentIndex(window.profile.role_combo.findData("trainee"))
    qtbot.keyClicks(window.passphrase.new_edit, NEW_PASSPHRASE)
    qtbot.keyClicks(window.passphrase.confirm_edit, NEW_PASSPHRASE)
    tick(qtbot, window)
    with qtbot.waitSignal(window.created, timeout=WAIT_MS):
        qtbot.mouseClick(window.create_button, Qt.MouseButton.LeftButton)
        assert window.busy.isVisible()  # the GUI went on while Argon2 ran
        assert not window.create_button.isEnabled()
    main = session.front
    assert isinstance(main, MainWindow)
    assert main.isVisible() and not window.isVisible()
    assert main.status.user_label.text() == "Sam Example"
    assert main.status.user_label.toolTip() == "Trainee practitioner"
    assert (home / "vault.json").exists()
    assert session.is_unlocked


def test_a_creation_failure_is_shown_on_the_form(
    qtbot: QtBot, tmp_path: Path, access: VaultAccess, runner: TaskRunner
) -> None:
    home = tmp_path / "vault"
    home.mkdir()
    (home / "case.db").write_bytes(b"not ours")  # leftovers vigdesk refuses to overwrite
    window = FirstRunWindow(home, access, runner)
    qtbot.addWidget(window)
    window.show()
    window.profile.name_edit.setText("Sam Example")
    window.passphrase.new_edit.setText(NEW_PASSPHRASE)
    window.passphrase.confirm_edit.setText(NEW_PASSPHRASE)
    window.agreement.accept_box.setChecked(True)
    window.create_vault()
    qtbot.waitUntil(lambda: window.message.kind == "error", timeout=WAIT_MS)
    assert "case database" in window.message.text()
    assert window.create_button.isEnabled() and window.passphrase.isEnabled()
