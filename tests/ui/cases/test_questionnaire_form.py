"""The questionnaire form: answered from the keyboard, saved, and its score shown."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from tests.conftest import add_family
from tests.ui.cases.conftest import Idle
from tests.ui.conftest import WAIT_MS
from vigdesk.core.questionnaires import TOTAL, Timepoint, score
from vigdesk.ui.cases.dialogs.questionnaire_form import QuestionnaireForm
from vigdesk.ui.cases.feature import CasesFeature
from vigdesk.ui.main_window import MainWindow
from vigdesk.ui.models.administrations import AdminColumn

KEYS = {str(n): getattr(Qt.Key, f"Key_{n}") for n in range(10)}


def open_form(main_window: MainWindow, cases: CasesFeature, idle: Idle) -> QuestionnaireForm:
    family = add_family(main_window.ctx.services)
    page = cases.open_case(family.case.id)
    idle()
    assert page is not None
    form = page.open_questionnaire()
    assert isinstance(form, QuestionnaireForm)
    return form


def press(qtbot: QtBot, form: QuestionnaireForm, key: Qt.Key) -> None:
    """A key to the form's focused widget (the dialog need not be the active window)."""
    target = form.focusWidget()
    assert target is not None
    qtbot.keyClick(target, key)


def test_keyboard_answers_are_recorded_and_scored(
    qtbot: QtBot, main_window: MainWindow, cases: CasesFeature, idle: Idle
) -> None:
    form = open_form(main_window, cases, idle)
    form.instrument_combo.setCurrentIndex(form.instrument_combo.findData("parent-confidence-demo"))
    instrument = form.instrument
    assert instrument is not None and len(form.cards) == len(instrument.items) == 8
    assert form.timepoint is Timepoint.BASELINE  # nothing recorded yet
    assert form.focusWidget() is form.cards[0]

    typed = "23103213"
    for n, digit in enumerate(typed):
        assert form.focusWidget() is form.cards[n]
        press(qtbot, form, KEYS[digit])
        press(qtbot, form, Qt.Key.Key_Return)
    assert form.focusWidget() is form.save_button
    answers = {item.id: int(d) for item, d in zip(instrument.items, typed, strict=True)}
    assert form.answers() == answers
    assert "8 of 8 answered" in form.progress.text()

    with qtbot.waitSignal(form.saved, timeout=WAIT_MS) as saved:
        press(qtbot, form, Qt.Key.Key_Return)
    admin = saved.args[0]
    expected = {s.scale: s for s in score(instrument, answers)}
    assert {s.scale: s.value for s in admin.scores} == {k: v.value for k, v in expected.items()}
    shown = form.result_card.findChild(QLabel, f"score-{TOTAL}")
    assert shown is not None and float(shown.text()) == expected[TOTAL].value
    assert expected[TOTAL].band and expected[TOTAL].band in _texts(form.result_card)
    idle()
    page = cases.page
    assert page is not None
    qtbot.waitUntil(lambda: page.questionnaires.model.rowCount() == 1, timeout=WAIT_MS)
    row = page.questionnaires.model.index(0, AdminColumn.SCORE).data()
    assert row == f"Total {expected[TOTAL].value:g}"
    form.close()


def test_required_items_are_marked_and_ten_takes_two_keys(
    qtbot: QtBot, main_window: MainWindow, cases: CasesFeature, idle: Idle
) -> None:
    form = open_form(main_window, cases, idle)
    form.instrument_combo.setCurrentIndex(form.instrument_combo.findData("goal-based-outcomes"))
    assert "Required" in _texts(form.cards[0]) and "Required" not in _texts(form.cards[1])
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.message.kind == "error" and "Item 1 needs an answer" in form.message.text()
    assert form.focusWidget() is form.cards[0]  # the refusal took the user to item 1
    press(qtbot, form, Qt.Key.Key_1)
    press(qtbot, form, Qt.Key.Key_0)
    assert form.cards[0].value == 10
    press(qtbot, form, Qt.Key.Key_Down)
    assert form.cards[0].value == 10  # already the last option
    press(qtbot, form, Qt.Key.Key_Up)
    assert form.cards[0].value == 9
    with qtbot.waitSignal(form.saved, timeout=WAIT_MS) as saved:
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    total = saved.args[0].score(TOTAL)
    assert total is not None and total.value == 9.0 and total.prorated
    form.close()


def _texts(widget: object) -> str:
    from PySide6.QtWidgets import QWidget

    assert isinstance(widget, QWidget)
    return "\n".join(label.text() for label in widget.findChildren(QLabel))


def test_the_chosen_time_point_shows_its_whole_name(
    qtbot: QtBot, main_window: MainWindow, cases: CasesFeature, idle: Idle, styled: None
) -> None:
    """The chosen segment is bold: its button leaves room for the bold text ("Baseline"
    was cut to "aselin")."""
    form = open_form(main_window, cases, idle)
    qtbot.waitUntil(form.isVisible, timeout=WAIT_MS)
    for button in form.timepoint_buttons.buttons():
        button.click()
        QApplication.processEvents()
        bold = QFont(button.font())
        bold.setWeight(QFont.Weight.DemiBold)
        text = QFontMetrics(bold).horizontalAdvance(button.text())
        assert button.width() >= text + 2 * 18, button.text()  # the stylesheet's padding
