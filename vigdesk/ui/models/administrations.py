"""Recorded questionnaires of one case as a table: date, questionnaire, respondent, scores.

Respondents are shown by initials (and relationship), never by name.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from vigdesk.core.cases import Person
from vigdesk.core.questionnaires import TOTAL, Administration, Instrument, ScaleScore
from vigdesk.ui.models.labels import scale_label, short_date, timepoint_label

_Index = QModelIndex | QPersistentModelIndex


class AdminColumn(IntEnum):
    DATE = 0
    INSTRUMENT = 1
    RESPONDENT = 2
    TIMEPOINT = 3
    SCORE = 4
    BAND = 5


def score_text(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:g}" if value == int(value) else f"{value:.1f}".rstrip("0").rstrip(".")


def headline(administration: Administration) -> ScaleScore | None:
    """The total when there is one, else the first scale."""
    return administration.score(TOTAL) or next(iter(administration.scores), None)


class AdministrationModel(QAbstractTableModel):
    """Newest first. `set_administrations` takes the lookups it needs to label rows."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Administration] = []
        self._instruments: Mapping[str, Instrument] = {}
        self._people: Mapping[str, Person] = {}
        self._headers = (
            self.tr("Completed"),
            self.tr("Questionnaire"),
            self.tr("Respondent"),
            self.tr("Time point"),
            self.tr("Score"),
            self.tr("Band"),
        )

    def set_administrations(
        self,
        administrations: Iterable[Administration],
        instruments: Iterable[Instrument],
        people: Iterable[Person],
    ) -> None:
        self.beginResetModel()
        self._rows = sorted(administrations, key=lambda a: a.completed_on, reverse=True)
        self._instruments = {i.id: i for i in instruments}
        self._people = {p.id: p for p in people}
        self.endResetModel()

    def administration_at(self, row: int) -> Administration:
        return self._rows[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(AdminColumn)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(AdminColumn):
            return self._headers[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        admin = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(admin, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._scales(admin)
        return None

    def _text(self, admin: Administration, column: int) -> str | None:
        instrument = self._instruments.get(admin.instrument_id)
        if column == AdminColumn.DATE:
            return short_date(admin.completed_on)
        if column == AdminColumn.INSTRUMENT:
            return instrument.name if instrument else admin.instrument_id
        if column == AdminColumn.RESPONDENT:
            person = self._people.get(admin.respondent_id)
            if person is None:
                return "?"
            return (
                f"{person.initials} ({person.relationship})"
                if person.relationship
                else person.initials
            )
        if column == AdminColumn.TIMEPOINT:
            return timepoint_label(admin.timepoint)
        top = headline(admin)
        if column == AdminColumn.SCORE:
            if top is None:
                return "–"
            return f"{scale_label(instrument, top.scale)} {score_text(top.value)}"
        if column == AdminColumn.BAND:
            return top.band if top is not None and top.band else ""
        return None

    def _scales(self, admin: Administration) -> str:
        instrument = self._instruments.get(admin.instrument_id)
        lines = []
        for s in admin.scores:
            line = f"{scale_label(instrument, s.scale)}: {score_text(s.value)}"
            if s.band:
                line += f" ({s.band})"
            if s.prorated:
                line += " " + self.tr("prorated")
            lines.append(line)
        return "\n".join(lines)
