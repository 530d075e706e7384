"""The warning the retention dashboard and the BSO's site console show when a subject
access request is due within a week (or overdue): codes, initials and dates only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from vigdesk.core.dates import day_text
from vigdesk.services.session import Services
from vigdesk.services.subject_requests import SubjectRequestService
from vigdesk.ui.look import set_role
from vigdesk.ui.records.labels import count


@dataclass(frozen=True)
class DueRequest:
    code: str
    initials: str
    due_on: date
    days_left: int


def requests_due(services: Services) -> list[DueRequest]:
    """Worker thread: open requests due within a week, soonest first."""
    today = services.ctx.today()
    codes = {c.id: c.code for c in services.cases.list_cases()}
    return sorted(
        (
            DueRequest(codes.get(q.case_id, "—"), q.person_initials, q.due_on, q.days_left(today))
            for q in SubjectRequestService(services.ctx).due_soon()
        ),
        key=lambda d: d.due_on,
    )


class RequestsWarning(QLabel):
    """Hidden while nothing is due; its link (`linkActivated`) opens the register.
    GUI thread only."""

    def __init__(self, parent: QWidget | None = None, *, link: bool = True) -> None:
        super().__init__(parent)
        self._link = link
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        set_role(self, "records-warning")
        self.setObjectName("requestsWarning")
        self.setWordWrap(True)
        self.setContentsMargins(12, 8, 12, 8)
        self.hide()

    def show_requests(self, due: list[DueRequest]) -> None:
        parts = [self._line(d) for d in due]
        text = self.tr("Subject access requests due within a week: %1.").replace(
            "%1", "; ".join(parts)
        )
        link = self.tr("Open the register to answer or extend them")
        anchor = f" <a href='register'>{escape(link)}</a>" if self._link else ""
        self.setText(escape(text) + anchor)
        self.setVisible(bool(due))

    def _line(self, d: DueRequest) -> str:
        when = day_text(d.due_on)
        if d.days_left < 0:
            return (
                self.tr("%1 (%2) was due %3")
                .replace("%1", d.code)
                .replace("%2", d.initials)
                .replace("%3", when)
            )
        left = (
            self.tr("today")
            if d.days_left == 0
            else count(d.days_left, "%n day left", "%n days left")
        )
        return (
            self.tr("%1 (%2) by %3, %4")
            .replace("%1", d.code)
            .replace("%2", d.initials)
            .replace("%3", when)
            .replace("%4", left)
        )
