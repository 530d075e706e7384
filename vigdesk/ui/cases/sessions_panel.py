"""The VIG timeline of a case: meetings, filming, shared reviews, as dated cards."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from vigdesk.core.sessions import REVIEW_KINDS, Session
from vigdesk.ui.cases.tab_page import TabPage
from vigdesk.ui.look import mark_primary, set_role
from vigdesk.ui.models.labels import counted, kind_label, short_date


class SessionsPanel(TabPage):
    """Emits `add_clicked` and `edit_clicked(Session)`."""

    add_clicked = Signal()
    edit_clicked = Signal(object)

    def __init__(self) -> None:
        super().__init__(
            self.tr(
                "Each visit in order. A review's written summary is kept after the video goes."
            ),
            self.tr("No sessions yet"),
            self.tr("Add the initial meeting to start the timeline."),
        )
        self.add_button = mark_primary(QPushButton(self.tr("Add &session…")))
        self.toolbar.addWidget(self.add_button)
        self.add_button.clicked.connect(self.add_clicked)

    def show_sessions(self, sessions: tuple[Session, ...], editable: bool) -> None:
        self.add_button.setEnabled(editable)
        ordered = sorted(sessions, key=lambda s: (s.held_on, s.created_at))
        self.set_cards([self._card(s, n == len(ordered) - 1) for n, s in enumerate(ordered)])

    def _card(self, session: Session, last: bool) -> QWidget:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(14)
        rail = QVBoxLayout()
        rail.setSpacing(0)
        dot = set_role(QLabel(), "cases-dot")
        dot.setProperty("kind", session.kind.value)
        dot.setFixedSize(14, 14)
        line = set_role(QFrame(), "cases-rail")
        line.setFixedWidth(2)
        line.setVisible(not last)
        rail.addSpacing(20)
        rail.addWidget(dot, 0, Qt.AlignmentFlag.AlignHCenter)
        rail.addWidget(line, 1, Qt.AlignmentFlag.AlignHCenter)
        layout.addLayout(rail)
        layout.addWidget(self._body(session), 1)
        return row

    def _body(self, session: Session) -> QFrame:
        card = set_role(QFrame(), "card")
        layout = QVBoxLayout(card)
        layout.setContentsMargins(18, 12, 18, 14)
        layout.setSpacing(6)
        top = QHBoxLayout()
        top.addWidget(set_role(QLabel(kind_label(session.kind)), "heading"))
        top.addWidget(set_role(QLabel(short_date(session.held_on)), "muted"))
        top.addStretch(1)
        if session.media_ids:
            media = counted(
                len(session.media_ids), self.tr("%n video linked"), self.tr("%n videos linked")
            )
            top.addWidget(set_role(QLabel(media), "small"))
        edit = set_role(QPushButton(self.tr("Edit…")), "cases-link")
        edit.setAccessibleName(
            self.tr("Edit %1 of %2")
            .replace("%1", kind_label(session.kind))
            .replace("%2", short_date(session.held_on))
        )
        edit.clicked.connect(lambda: self.edit_clicked.emit(session))
        top.addWidget(edit)
        layout.addLayout(top)
        if session.notes:
            notes = QLabel(session.notes)
            notes.setWordWrap(True)
            notes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(notes)
        if session.kind in REVIEW_KINDS:
            if session.summary_written:
                layout.addWidget(set_role(QLabel(self.tr("WRITTEN SUMMARY")), "cases-overline"))
                summary = set_role(QLabel(session.summary), "cases-quote")
                summary.setWordWrap(True)
                summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                layout.addWidget(summary)
            else:
                layout.addWidget(
                    set_role(
                        QLabel(self.tr("No written summary yet: add one so the learning is kept.")),
                        "cases-warning",
                    )
                )
        return card
