"""The case's Letters tab: a letter from a template, edited in rich text, previewed;
"Copy for an e-mail" refuses a full name and copies code-and-initials text."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from tests.conftest import MOTHER, add_family
from tests.ui.cases.conftest import Idle
from tests.ui.conftest import WAIT_MS
from tests.ui.test_fits_laptop import ROOM
from vigdesk.ui.cases.feature import CasesFeature
from vigdesk.ui.main_window import MainWindow


def fits(widget: QWidget) -> bool:
    """Opens within what a 1280×720 laptop leaves, and no smaller than it needs."""
    size, need = widget.size(), widget.minimumSizeHint()
    return all((size.width() <= ROOM.width(), size.height() <= ROOM.height(), need.height() <= 640))


def test_a_letter_is_drafted_edited_saved_and_previewed(
    qtbot: QtBot, main_window: MainWindow, cases: CasesFeature, idle: Idle
) -> None:
    services = main_window.ctx.services
    fam = add_family(services)
    page = cases.open_case(fam.case.id)
    assert page is not None
    idle()
    page.tabs.setCurrentWidget(page.letters)
    assert page.letters.template.count() == 3
    assert page.letters.template.currentData() == "end_of_intervention"
    page.letters.new_button.click()
    qtbot.waitUntil(lambda: hasattr(page, "letter_editor"), timeout=WAIT_MS)
    editor = page.letter_editor
    qtbot.waitUntil(lambda: editor.save_button.isEnabled(), timeout=WAIT_MS)
    assert "Dear Marigold" in editor.text.toPlainText() and fits(editor)
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow, timeout=WAIT_MS)
    editor.text.moveCursor(editor.text.textCursor().MoveOperation.End)
    qtbot.keyClick(editor.text, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor.text, "PS: well done")
    assert editor.text.fontWeight() > 400
    editor.save_button.click()
    qtbot.waitUntil(lambda: editor.message.kind == "notice", timeout=WAIT_MS)
    letter = services.letters.for_case(fam.case.id)[0]
    saved = services.letters.text(letter.id)
    assert "PS: well done" in saved and "font-weight" in saved
    preview = editor.preview()
    assert preview.isVisible() and "Marigold" in preview.document.toPlainText()
    assert fits(preview)
    preview.close()
    editor.confirm_send()
    box = editor.confirm_box
    assert box.defaultButton() is box.button(box.StandardButton.Cancel)
    box.button(box.StandardButton.Cancel).click()
    idle()
    editor.close()
    idle()
    assert len(page.letters.card_widgets()) == 1


def test_copy_for_an_email_refuses_a_full_name_and_copies_initials_only(
    qtbot: QtBot, main_window: MainWindow, cases: CasesFeature, idle: Idle
) -> None:
    fam = add_family(main_window.ctx.services)
    page = cases.open_case(fam.case.id)
    assert page is not None
    idle()
    page.tabs.setCurrentWidget(page.letters)
    dialog = page.open_email_copy()
    assert dialog is not None and fits(dialog)
    qtbot.keyClicks(dialog.text, f"{MOTHER} asks about bedtime.")
    dialog.copy_button.click()
    qtbot.waitUntil(lambda: dialog.message.kind == "error", timeout=WAIT_MS)
    assert "names someone" in dialog.message.text() and dialog.copied == ""
    dialog.text.setPlainText("MW asks about bedtime.")
    dialog.copy_button.click()
    qtbot.waitUntil(lambda: dialog.copied != "", timeout=WAIT_MS)
    clip = QGuiApplication.clipboard().text()
    assert clip.startswith(f"Case {fam.case.code} (MW)") and "Marigold" not in clip
