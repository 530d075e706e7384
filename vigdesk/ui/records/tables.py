"""Read-only tables of due items and legal holds (codes and reasons only, no names)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from vigdesk.core.ids import CaseId
from vigdesk.core.retention import Due, Hold
from vigdesk.storage.vault import Profile
from vigdesk.ui.records.labels import day, kind_label, set_by, stamp, tr

CASE_ROLE = Qt.ItemDataRole.UserRole


class RecordsTable(QTableWidget):
    """Rows of text, the first cell carrying the case id. Emits `case_clicked(case_id)`."""

    case_clicked = Signal(str)

    def __init__(self, headers: Sequence[str], stretch: int, parent: QWidget | None = None) -> None:
        super().__init__(0, len(headers), parent)
        self.setHorizontalHeaderLabels(list(headers))
        self.verticalHeader().hide()
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setShowGrid(False)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setProperty("records", True)
        header = self.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setHighlightSections(False)
        for column in range(len(headers)):
            mode = QHeaderView.ResizeMode.ResizeToContents
            if column == stretch:
                mode = QHeaderView.ResizeMode.Stretch
            header.setSectionResizeMode(column, mode)
        self.verticalHeader().setDefaultSectionSize(34)
        self.cellClicked.connect(self._clicked)

    def set_rows(self, rows: Sequence[tuple[str, Sequence[str]]]) -> None:
        """(case id, cells) per row."""
        self.clearSelection()
        self.setRowCount(len(rows))
        for index, (case_id, cells) in enumerate(rows):
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if column == 0:
                    item.setData(CASE_ROLE, case_id)
                self.setItem(index, column, item)

    def fit_rows(self, most: int) -> None:
        """Be exactly as tall as its rows, up to `most` of them (then scroll)."""
        shown = max(1, min(self.rowCount(), most))
        height = self.horizontalHeader().sizeHint().height() + 2 * self.frameWidth()
        height += sum(self.rowHeight(r) for r in range(shown)) or 34
        self.setFixedHeight(height)

    def show_rows_at_least(self, most: int) -> None:
        """Never shrink below its rows, up to `most` of them (taller is fine, then it grows)."""
        shown = max(1, min(self.rowCount(), most))
        height = self.horizontalHeader().sizeHint().height() + 2 * self.frameWidth()
        height += sum(self.rowHeight(r) for r in range(shown)) or 34
        self.setMinimumHeight(height)

    def cell_texts(self) -> list[list[str]]:
        """What the table shows, row by row (tests, screen readers)."""
        rows = []
        for row in range(self.rowCount()):
            cells = [self.item(row, c) for c in range(self.columnCount())]
            rows.append([c.text() if c is not None else "" for c in cells])
        return rows

    def _clicked(self, row: int, _column: int) -> None:
        item = self.item(row, 0)
        if item is not None:
            self.case_clicked.emit(str(item.data(CASE_ROLE)))


def due_table(with_when: bool = False, parent: QWidget | None = None) -> RecordsTable:
    headers = [tr("Case"), tr("What"), tr("Due on"), tr("Why")]
    if with_when:
        headers.append(tr("When"))
    return RecordsTable(headers, stretch=3, parent=parent)


def due_rows(
    items: Sequence[Due], when: Callable[[Due], str] | None = None, *, summary_note: bool = True
) -> list[tuple[CaseId, list[str]]]:
    """`summary_note` says after the reason when the item waits for a review's summary."""
    rows = []
    for item in items:
        why = item.reason
        if summary_note and item.needs_summary:
            why = tr("%1 — waits for a written summary").replace("%1", why)
        cells = [item.case_code, kind_label(item.kind), day(item.due_on), why]
        if when is not None:
            cells.append(when(item))
        rows.append((item.case_id, cells))
    return rows


def holds_table(parent: QWidget | None = None) -> RecordsTable:
    return RecordsTable([tr("Case"), tr("Reason"), tr("Set by"), tr("Since")], 1, parent)


def hold_rows(
    holds: Sequence[Hold], code_of: Callable[[CaseId], str], profile: Profile
) -> list[tuple[str, list[str]]]:
    return [
        (h.case_id, [code_of(h.case_id), h.reason, set_by(h.set_by, profile), stamp(h.set_at)])
        for h in holds
    ]
