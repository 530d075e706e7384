"""The screen after a shared review: a calm ending for the family, and for the
practitioner the choice of the review session that keeps what the parent said.

It names no one: the sessions are offered by date only. GUI thread only.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from vigdesk.core.dates import day_text
from vigdesk.core.sessions import REVIEW_KINDS, Session, SessionKind
from vigdesk.ui.look import mark_primary, set_role
from vigdesk.ui.widgets.message_line import MessageLine

NEW = ""  # the target's data for "a new shared review session"


class FinishedScreen(QWidget):
    """`target` holds the chosen session id (NEW for a new one); `save` records."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_role(self, "review-stage")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        title = set_role(QLabel(self.tr("Review finished")), "review-stage-title")
        note = set_role(QLabel(self.tr("Thank you for watching together.")), "review-stage-hint")
        keep = set_role(
            QLabel(self.tr("Keep the reflections in the case record, in:")), "review-stage-step"
        )
        self.target = set_role(QComboBox(), "review-stage-combo")
        self.target.setAccessibleName(self.tr("Review session"))
        self.target.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        keep.setBuddy(self.target)
        self.target.addItem(self.tr("A new shared review session, today"), NEW)
        self.save = mark_primary(
            set_role(QPushButton(self.tr("Save and close")), "review-stage-button")
        )
        self.save.setAutoDefault(False)
        self.save.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.message = MessageLine()
        self.save.ensurePolished()
        self.target.ensurePolished()
        self.target.setFixedHeight(self.save.sizeHint().height())
        row = QHBoxLayout()
        row.setSpacing(12)
        row.addStretch(1)
        row.addWidget(self.target)
        row.addWidget(self.save)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 20, 32, 20)
        layout.addStretch(2)
        for widget in (title, note):
            layout.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(48)
        layout.addWidget(keep, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addLayout(row)
        layout.addWidget(self.message, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(3)
        self.setTabOrder(self.target, self.save)

    def offer(self, sessions: Sequence[Session], today: date) -> None:
        """Offer the case's review sessions, newest first; today's shared review, if one
        exists, is chosen (it is most likely the meeting under way)."""
        self.target.clear()
        self.target.addItem(self.tr("A new shared review session, today"), NEW)
        reviews = [s for s in sessions if s.kind in REVIEW_KINDS]
        for session in sorted(reviews, key=lambda s: (s.held_on, s.created_at), reverse=True):
            self.target.addItem(self._name(session), session.id)
            todays = session.held_on == today and session.kind is SessionKind.SHARED_REVIEW
            if todays and self.target.currentIndex() == 0:
                self.target.setCurrentIndex(self.target.count() - 1)

    def chosen(self) -> str | None:
        """The session id chosen, or None for a new session."""
        data = self.target.currentData()
        return str(data) if data else None

    def saving(self, busy: bool) -> None:
        self.save.setEnabled(not busy)
        self.target.setEnabled(not busy)

    def _name(self, session: Session) -> str:
        name = (
            self.tr("The shared review of %1")
            if session.kind is SessionKind.SHARED_REVIEW
            else self.tr("The final review of %1")
        )
        return name.replace("%1", day_text(session.held_on))
