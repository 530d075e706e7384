"""Rate a helping question 0–10: by an adult of the family, at baseline or at a session."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from vigdesk.core.cases import Person, PersonKind
from vigdesk.core.changes import Changed
from vigdesk.core.ids import PersonId
from vigdesk.core.sessions import HelpingQuestion, HelpingRating, Session
from vigdesk.services.session import Services
from vigdesk.ui.cases.dialogs.form import FormDialog, Work, date_edit, from_qdate
from vigdesk.ui.cases.score_segments import ScoreSegments
from vigdesk.ui.look import set_role
from vigdesk.ui.models.labels import kind_label, person_name, short_date
from vigdesk.ui.tasks import TaskContext, TaskRunner
from vigdesk.ui.widgets.field import labelled

_BASELINE = ""


class RateDialog(FormDialog):
    """Emits `saved(HelpingRating)`. The newest session is offered first."""

    def __init__(
        self,
        services: Services,
        runner: TaskRunner,
        question: HelpingQuestion,
        people: Sequence[Person],
        sessions: Sequence[Session],
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            services,
            runner,
            self.tr("Rate a helping question"),
            self.tr("&Save rating"),
            parent,
            changes={Changed.HELPING},
            width=560,
        )
        self._question_id = question.id
        text = set_role(QLabel(f"\u201c{question.text}\u201d"), "cases-quote")
        text.setWordWrap(True)
        self.rater_combo = QComboBox()
        for person in people:
            if person.kind is PersonKind.ADULT:
                label = person_name(person)
                if person.relationship:
                    label += f" ({person.relationship})"
                self.rater_combo.addItem(label, person.id)
        self.when_combo = QComboBox()
        self.when_combo.addItem(self.tr("Baseline, before the work starts"), _BASELINE)
        for session in reversed(sessions):
            label = f"{kind_label(session.kind)} · {short_date(session.held_on)}"
            self.when_combo.addItem(label, session.id)
        # First the baseline; once that is given, the newest session.
        self.when_combo.setCurrentIndex(1 if question.ratings and sessions else 0)
        self.rated_edit = date_edit(today)
        self.segments = ScoreSegments()
        ends = QWidget()
        ends_row = QHBoxLayout(ends)
        ends_row.setContentsMargins(0, 0, 0, 0)
        ends_row.addWidget(set_role(QLabel(self.tr("0 · not where I want to be")), "small"))
        ends_row.addStretch(1)
        ends_row.addWidget(set_role(QLabel(self.tr("10 · exactly where I want to be")), "small"))

        self.fields.addWidget(text)
        self.fields.addWidget(labelled(self.tr("Rated &by"), self.rater_combo))
        self.fields.addWidget(labelled(self.tr("&When"), self.when_combo))
        self.date_field = labelled(self.tr("&Date of the baseline rating"), self.rated_edit)
        self.fields.addWidget(self.date_field)
        self.fields.addWidget(
            labelled(
                self.tr("&Rating"),
                self.segments,
                self.tr("Click a number or type it (1 then 0 for 10)."),
                extras=(ends,),
            )
        )
        self.when_combo.currentIndexChanged.connect(self._when_changed)
        self._when_changed()
        self.segments.setFocus()

    def _when_changed(self) -> None:
        self.date_field.setVisible(self.when_combo.currentData() == _BASELINE)
        self.adjustSize()

    def task(self) -> Work | None:
        score = self.segments.score
        if score is None:
            self.message.show_error(self.tr("Pick a rating from 0 to 10."))
            self.segments.setFocus()
            return None
        rater = self.rater_combo.currentData()
        if not rater:
            self.message.show_error(
                self.tr("Add an adult of the family first: they give the rating.")
            )
            return None
        session_id = self.when_combo.currentData() or None
        rated_on = from_qdate(self.rated_edit.date()) if session_id is None else None
        helping, question_id = self.services.helping, self._question_id

        def work(ctx: TaskContext) -> HelpingRating:
            return helping.rate(
                question_id, PersonId(str(rater)), score, session_id=session_id, rated_on=rated_on
            )

        return work
