"""The subject access register in the GUI: the dashboard warns a week before a request
is due; the register records, extends and answers a request from the BSO's side."""

from __future__ import annotations

from datetime import timedelta

from pytestqt.qtbot import QtBot

from tests.conftest import Family
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
    assert "PW" not in text
    register.answer(soon.id, services.ctx.today(), Delivery.POST, "the copy, by post")
    dashboard.reload()
    qtbot.waitUntil(lambda: not dashboard.requests_warning.isVisible(), timeout=WAIT_MS)
