"""The service summary's changes (end − baseline) as a table. Anonymous by construction:
a `Change` holds a measure, a scale and numbers only."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from vigdesk.core.questionnaires import Instrument
from vigdesk.services.outcomes import HELPING_MEASURE, Change
from vigdesk.ui.models.administrations import score_text
from vigdesk.ui.models.labels import scale_label

_Index = QModelIndex | QPersistentModelIndex


class ChangeColumn(IntEnum):
    MEASURE = 0
    SCALE = 1
    CASES = 2
    PAIRS = 3
    BASELINE = 4
    END = 5
    CHANGE = 6


def signed(value: float) -> str:
    """`+1.5`, `-0.25`, `0`: a change with its sign, without trailing zeros."""
    if abs(value) < 0.005:
        return "0"
    return f"{value:+.2f}".rstrip("0").rstrip(".")


class ChangeModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Change] = []
        self._instruments: Mapping[str, Instrument] = {}
        self._headers = (
            self.tr("Measure"),
            self.tr("Scale"),
            self.tr("Families"),
            self.tr("Pairs"),
            self.tr("Baseline"),
            self.tr("End"),
            self.tr("Change"),
        )

    def set_changes(self, changes: Iterable[Change], instruments: Iterable[Instrument]) -> None:
        self.beginResetModel()
        self._rows = list(changes)
        self._instruments = {i.id: i for i in instruments}
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(ChangeColumn)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(ChangeColumn):
            return self._headers[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        change = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(change, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= ChangeColumn.CASES:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column == ChangeColumn.CHANGE:
            if change.mean_change > 0:
                return QColor("#2F7A55")
            if change.mean_change < 0:
                return QColor("#B4432F")
        return None

    def _text(self, change: Change, column: int) -> str | None:
        instrument = self._instruments.get(change.measure)
        if column == ChangeColumn.MEASURE:
            if change.measure == HELPING_MEASURE:
                return self.tr("Helping questions")
            name = instrument.name if instrument else change.measure
            return f"{name} v{change.version}" if change.version else name
        if column == ChangeColumn.SCALE:
            if change.measure == HELPING_MEASURE:
                return self.tr("Rating 0–10")
            return scale_label(instrument, change.scale)
        numbers = {
            ChangeColumn.CASES: str(change.cases),
            ChangeColumn.PAIRS: str(change.pairs),
            ChangeColumn.BASELINE: score_text(change.mean_baseline),
            ChangeColumn.END: score_text(change.mean_end),
            ChangeColumn.CHANGE: signed(change.mean_change),
        }
        return numbers.get(ChangeColumn(column))
