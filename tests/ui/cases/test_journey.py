"""A whole family through the GUI: referral, people, activation, sessions, a helping
question rated at baseline and at a review, a questionnaire, and closure."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from tests.ui.cases.conftest import Idle
from tests.ui.conftest import WAIT_MS
from vigdesk.core.cases import CaseStatus
from vigdesk.core.sessions import SessionKind
from vigdesk.ui.cases.dialogs.add_person import AddPersonDialog
from vigdesk.ui.cases.dialogs.close_case import CloseCaseDialog
from vigdesk.ui.cases.dialogs.form import FormDialog, to_qdate
from vigdesk.ui.cases.dialogs.new_case import NewCaseDialog
from vigdesk.ui.cases.dialogs.question_form import QuestionDialog
from vigdesk.ui.cases.dialogs.rate import RateDialog
from vigdesk.ui.cases.dialogs.session_form import SessionDialog
from vigdesk.ui.cases.feature import CasesFeature
from vigdesk.ui.cases.page import CasePage
from vigdesk.ui.cases.snapshot import CaseSnapshot
from vigdesk.ui.main_window import MainWindow


def save(qtbot: QtBot, dialog: FormDialog, idle: Idle) -> Any:
    with qtbot.waitSignal(dialog.saved, timeout=WAIT_MS) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    idle()
    return saved.args[0]


def current(cases: CasesFeature) -> CasePage:
    assert cases.page is not None and cases.page.snapshot is not None
    return cases.page


def snap(cases: CasesFeature) -> CaseSnapshot:
    snapshot = current(cases).snapshot
    assert snapshot is not None
    return snapshot


def test_referral_to_closure(
    qtbot: QtBot, main_window: MainWindow, cases: CasesFeature, idle: Idle
) -> None:
    today = date.today()
    referred = today - timedelta(days=40)

    # Cases › New case (Ctrl+N)
    assert cases.new_action.shortcut().toString() == "Ctrl+N"
    cases.new_action.trigger()
    dialog = main_window.findChildren(NewCaseDialog)[-1]
    qtbot.keyClicks(dialog.initials_edit, "TW")
    dialog.referral_edit.setDate(to_qdate(referred))
    case = save(qtbot, dialog, idle)
    page = current(cases)
    assert snap(cases).case.status is CaseStatus.REFERRED

    for kind in ("adult", "child"):
        add = page.open_add_person()
        assert isinstance(add, AddPersonDialog)
        if kind == "adult":
            qtbot.keyClicks(add.name_edit, "Tamsin Whitlock")
        else:
            add.child_radio.setChecked(True)
            qtbot.keyClicks(add.name_edit, "Wren Whitlock")
            add.birth_edit.setDate(to_qdate(date(2024, 2, 29)))
        save(qtbot, add, idle)
    assert [p.initials for p in snap(cases).people] == ["TW", "WW"]

    qtbot.mouseClick(page.header.activate_button, Qt.MouseButton.LeftButton)
    idle()
    page = current(cases)
    assert snap(cases).case.status is CaseStatus.ACTIVE
    assert not page.header.activate_button.isVisible()
    assert cases.pane.model.case_at(0).status is CaseStatus.ACTIVE

    meeting = page.open_session(None)
    assert isinstance(meeting, SessionDialog) and meeting.kind is SessionKind.INITIAL_MEETING
    meeting.held_edit.setDate(to_qdate(referred + timedelta(days=5)))
    qtbot.keyClicks(meeting.notes_edit, "Agreed the helping question.")
    assert not meeting.summary_field.isVisible()
    save(qtbot, meeting, idle)

    ask = page.open_add_question()
    assert isinstance(ask, QuestionDialog)
    qtbot.keyClicks(ask.text_edit, "How can bath time be fun again?")
    ask.agreed_edit.setDate(to_qdate(referred + timedelta(days=5)))
    question = save(qtbot, ask, idle)

    rate_button = next(
        b
        for b in current(cases).helping.findChildren(QPushButton)
        if b.accessibleName() == "Rate this question"
    )
    qtbot.mouseClick(rate_button, Qt.MouseButton.LeftButton)
    rate = main_window.findChildren(RateDialog)[-1]
    assert rate.when_combo.currentIndex() == 0  # baseline first
    rate.rated_edit.setDate(to_qdate(referred + timedelta(days=5)))
    qtbot.keyClick(rate.segments, Qt.Key.Key_3)
    assert rate.segments.score == 3
    save(qtbot, rate, idle)

    review = current(cases).open_session(None)
    assert isinstance(review, SessionDialog)
    review.kind_combo.setCurrentIndex(list(SessionKind).index(SessionKind.SHARED_REVIEW))
    review.held_edit.setDate(to_qdate(today - timedelta(days=2)))
    assert review.summary_field.isVisible()
    qtbot.keyClicks(review.summary_edit, "She saw him look back for her smile.")
    session = save(qtbot, review, idle)
    assert session.summary_written

    rate = current(cases).open_rate(snap(cases).questions[0])
    assert isinstance(rate, RateDialog)
    assert rate.when_combo.currentData() == session.id
    assert not rate.date_field.isVisible()
    qtbot.mouseClick(rate.segments._group.button(7), Qt.MouseButton.LeftButton)
    save(qtbot, rate, idle)

    again = current(cases).open_rate(snap(cases).questions[0])
    assert isinstance(again, RateDialog)
    qtbot.keyClick(again.segments, Qt.Key.Key_8)
    qtbot.mouseClick(again.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: again.message.kind == "error", timeout=WAIT_MS)
    assert "already rated" in again.message.text()
    again.close()

    ratings = snap(cases).questions[0].ratings
    assert sorted(r.score for r in ratings) == [3, 7]
    assert [len(s.points) for s in snap(cases).outcomes.helping] == [2]
    assert question.text == snap(cases).questions[0].text

    close = current(cases).open_close_case()
    assert isinstance(close, CloseCaseDialog)
    close.closed_edit.setDate(to_qdate(referred - timedelta(days=1)))
    qtbot.mouseClick(close.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: close.message.kind == "error", timeout=WAIT_MS)
    assert "before the referral" in close.message.text()
    close.closed_edit.setDate(to_qdate(today))
    closed = save(qtbot, close, idle)
    assert closed.status is CaseStatus.CLOSED
    page = current(cases)
    assert snap(cases).case.closed_on == today
    assert not page.header.close_button.isVisible()
    assert not page.sessions.add_button.isEnabled()
    assert cases.pane.model.case_at(0).status is CaseStatus.CLOSED
    assert case.id == page.case_id
