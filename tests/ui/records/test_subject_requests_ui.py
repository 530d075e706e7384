"""The subject access register in the GUI: the dashboard warns a week before a request
is due; the register records, extends and answers a request from the BSO's side."""

from __future__ import annotations

from datetime import timedelta

from pytestqt.qtbot import QtBot

from tests.conftest import Family, without_codes
from tests.ui.conftest import WAIT_MS
from tests.ui.records.conftest import ClosedCase, WindowFactory
from tests.ui.records.test_dashboard import open_from_menu
from vigdesk.core.dates import day_text
from vigdesk.core.subject_requests import Delivery
from vigdesk.services.session import Services
from vigdesk.services.subject_requests import SubjectRequestService


def test_the_dashboard_warns_a_week_before_a_request_is_due(
    qtbot: QtBot, make_window: WindowFactory, services: Services, closed_case: ClosedCase
) -> None:
    family: Family = closed_case.family
    register = SubjectRequestService(services.ctx)
    soon = register.add(family.mother.id, services.ctx.today() - timedelta(days=27))
    register.add(family.child.id, services.ctx.today())  # a month away: no warning
    dashboard = open_from_menu(qtbot, make_window())
    qtbot.waitUntil(lambda: dashboard.requests_warning.isVisible(), timeout=WAIT_MS)
    text = dashboard.requests_warning.text()
    assert day_text(soon.due_on) in text and family.case.code in text and "MW" in text
    assert "PW" not in without_codes(text)
    dashboard.requests_warning.linkActivated.emit("register")  # the warning's link
    from vigdesk.ui.records.requests_dialog import SubjectRequestsDialog

    opened = dashboard.findChild(SubjectRequestsDialog)
    assert opened is not None
    qtbot.waitUntil(lambda: opened.register is not None, timeout=WAIT_MS)
    assert soon.id in [q.id for q in opened.register.requests]
    opened.close()
    register.answer(soon.id, services.ctx.today(), Delivery.POST, "the copy, by post")
    dashboard.reload()
    qtbot.waitUntil(lambda: not dashboard.requests_warning.isVisible(), timeout=WAIT_MS)


def test_the_bso_records_extends_and_answers_a_request_in_the_register(
    qtbot: QtBot, make_window: WindowFactory, services: Services, closed_case: ClosedCase
) -> None:
    from vigdesk.core.subject_requests import RequestStatus, due_date
    from vigdesk.ui.records.feature import RecordsFeature
    from vigdesk.ui.records.request_forms import AnswerForm, ExtendForm, NewRequestForm
    from vigdesk.ui.records.sar_dialog import SubjectAccessDialog

    family = closed_case.family
    window = make_window()
    feature = window.findChild(RecordsFeature)
    assert feature is not None
    feature.requests_action.trigger()
    dialog = feature.open_requests()
    qtbot.waitUntil(lambda: dialog.register is not None, timeout=WAIT_MS)
    assert dialog.empty.isVisible() and not dialog.answer_button.isEnabled()

    dialog.ask_new()
    qtbot.waitUntil(lambda: isinstance(dialog.form, NewRequestForm), timeout=WAIT_MS)
    form = dialog.form
    assert isinstance(form, NewRequestForm)
    form.person.setCurrentIndex(
        next(i for i, p in enumerate(form.people) if p.person_id == family.mother.id)
    )
    form.received.setDate(form.received.date().addDays(-3))
    form.identity.setText("passport seen at the office")
    form.ok_button.click()
    qtbot.waitUntil(
        lambda: dialog.register is not None and len(dialog.register.requests) == 1, timeout=WAIT_MS
    )
    (request,) = dialog.register.requests
    assert request.person_id == family.mother.id
    row = dialog.table.cell_texts()[0]
    assert row[0] == family.case.code and row[1] == "MW"
    assert row[4] == day_text(due_date(request.received_on))

    dialog.select(request.id)
    extend = dialog.ask_extend()
    assert isinstance(extend, ExtendForm)
    extend.months.setValue(2)
    extend.reason.setPlainText("hours of video to mask")
    extend.ok_button.click()
    qtbot.waitUntil(lambda: "(extended)" in dialog.table.cell_texts()[0][4], timeout=WAIT_MS)

    # Prepare the copy: the subject access dialog opens on the requester's record.
    dialog.select(request.id)
    copy = dialog.prepare_copy()
    assert isinstance(copy, SubjectAccessDialog)
    qtbot.waitUntil(lambda: copy.people is not None, timeout=WAIT_MS)
    selected = copy.selected()
    assert selected is not None and selected.person.id == family.mother.id
    copy.reject()

    dialog.select(request.id)
    answer = dialog.ask_answer()
    assert isinstance(answer, AnswerForm)
    answer.how.setCurrentIndex(answer.how.count() - 1)  # viewed in person, by agreement
    answer.ok_button.click()
    qtbot.waitUntil(lambda: dialog.table.cell_texts()[0][6] == "Answered", timeout=WAIT_MS)
    assert "Viewed in person, by agreement" in dialog.table.cell_texts()[0][7]
    (saved,) = SubjectRequestService(services.ctx).list_requests()
    assert saved.status is RequestStatus.ANSWERED and saved.extension_months == 2
