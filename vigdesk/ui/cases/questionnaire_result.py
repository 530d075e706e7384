"""What a saved questionnaire scored: each scale's value and band, shown in the form."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout

from vigdesk.core.cases import Person
from vigdesk.core.questionnaires import Administration, Instrument
from vigdesk.ui.look import set_role
from vigdesk.ui.models.administrations import score_text
from vigdesk.ui.models.labels import (
    counted,
    person_name,
    scale_label,
    short_date,
    timepoint_label,
)


class ResultCard(QFrame):
    """A card per saved administration; each value label is named `score-<scale>`."""

    def __init__(
        self, admin: Administration, instrument: Instrument | None, respondent: Person | None
    ) -> None:
        super().__init__()
        set_role(self, "card")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 22)
        layout.setSpacing(12)
        layout.addWidget(set_role(QLabel(self.tr("Saved")), "heading"))
        who = person_name(respondent) if respondent else "?"
        line = self.tr("%1 · %2 · %3 · %4 of %5 items answered")
        for n, part in enumerate(
            (
                who,
                timepoint_label(admin.timepoint),
                short_date(admin.completed_on),
                str(len(admin.answers)),
                str(len(instrument.items) if instrument else len(admin.answers)),
            ),
            start=1,
        ):
            line = line.replace(f"%{n}", part)
        layout.addWidget(set_role(QLabel(line), "muted"))
        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(10)
        for row, s in enumerate(admin.scores):
            grid.addWidget(QLabel(scale_label(instrument, s.scale)), row, 0)
            value = set_role(QLabel(score_text(s.value)), "cases-score")
            value.setObjectName(f"score-{s.scale}")
            grid.addWidget(value, row, 1)
            notes = [s.band] if s.band else []
            if s.value is None:
                notes.append(self.tr("not scored: too many answers missing"))
            elif s.prorated:
                notes.append(
                    counted(
                        s.items - s.answered,
                        self.tr("prorated for %n missing answer"),
                        self.tr("prorated for %n missing answers"),
                    )
                )
            grid.addWidget(set_role(QLabel(" · ".join(notes)), "muted"), row, 2)
        grid.setColumnStretch(2, 1)
        layout.addLayout(grid)
        if instrument is not None and instrument.demo:
            layout.addWidget(
                set_role(QLabel(self.tr("Demo bands: not for decisions about a family.")), "small")
            )
