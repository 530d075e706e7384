"""Helping questions: the family's own questions, each with its ratings over time."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from vigdesk.core.cases import Person
from vigdesk.core.ids import PersonId
from vigdesk.core.sessions import HelpingQuestion, HelpingRating
from vigdesk.ui.cases.tab_page import TabPage
from vigdesk.ui.look import mark_primary, set_role
from vigdesk.ui.models.labels import person_name, short_date


class HelpingPanel(TabPage):
    """Emits `add_clicked` and `rate_clicked(HelpingQuestion)`."""

    add_clicked = Signal()
    rate_clicked = Signal(object)

    def __init__(self) -> None:
        super().__init__(
            self.tr("What the family wants help with, rated 0–10 at the start and at each review."),
            self.tr("No helping questions yet"),
            self.tr("Agree one to three questions with the family at the initial meeting."),
        )
        self.add_button = mark_primary(QPushButton(self.tr("Add &question…")))
        self.toolbar.addWidget(self.add_button)
        self.add_button.clicked.connect(self.add_clicked)

    def show_questions(
        self,
        questions: tuple[HelpingQuestion, ...],
        person: Callable[[PersonId], Person | None],
        editable: bool,
    ) -> None:
        self.add_button.setEnabled(editable)
        self.set_cards([self._card(q, person, editable) for q in questions])

    def _card(
        self,
        question: HelpingQuestion,
        person: Callable[[PersonId], Person | None],
        editable: bool,
    ) -> QFrame:
        card = set_role(QFrame(), "card")
        layout = QVBoxLayout(card)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.setSpacing(8)
        text = set_role(QLabel(f"\u201c{question.text}\u201d"), "cases-quote")
        text.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(text, 1)
        rate = QPushButton(self.tr("&Rate…"))
        rate.setEnabled(editable)
        rate.setAccessibleName(self.tr("Rate this question"))
        rate.clicked.connect(lambda: self.rate_clicked.emit(question))
        top.addWidget(rate, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)
        agreed = self.tr("Agreed %1").replace("%1", short_date(question.agreed_on))
        layout.addWidget(set_role(QLabel(agreed), "small"))
        by_rater: dict[PersonId, list[HelpingRating]] = {}
        for rating in sorted(question.ratings, key=lambda r: (r.rated_on, r.session_id or "")):
            by_rater.setdefault(rating.rated_by, []).append(rating)
        if not by_rater:
            layout.addWidget(set_role(QLabel(self.tr("Not rated yet.")), "muted"))
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(6)
        for row, (rater_id, ratings) in enumerate(by_rater.items()):
            rater = person(rater_id)
            grid.addWidget(QLabel(person_name(rater) if rater else "?"), row, 0)
            latest = set_role(QLabel(str(ratings[-1].score)), "cases-score")
            latest.setToolTip(
                self.tr("Latest rating, %1").replace("%1", short_date(ratings[-1].rated_on))
            )
            grid.addWidget(latest, row, 1)
            trail = " → ".join(str(r.score) for r in ratings)
            first = ratings[0]
            since = (
                self.tr("baseline %1").replace("%1", short_date(first.rated_on))
                if first.is_baseline
                else short_date(first.rated_on)
            )
            grid.addWidget(set_role(QLabel(f"{trail}   ({since})"), "muted"), row, 2)
        grid.setColumnStretch(2, 1)
        layout.addLayout(grid)
        return card
