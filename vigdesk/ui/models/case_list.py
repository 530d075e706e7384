"""The case list as a table model: code, initials, status and referral date.

The model only ever holds `Case` records, which carry the family's initials and
never a person's name, so no role of any cell can show a name, whatever the
privacy mode. Sorting uses keys computed once per load, and filtering (status,
search matches) keeps a list of row numbers, so 10,000 cases sort in a few ms.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from vigdesk.core.cases import Case, CaseStatus
from vigdesk.core.ids import CaseId
from vigdesk.ui.models.labels import short_date, status_label

CASE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
STATUS_ROLE = Qt.ItemDataRole.UserRole + 2
_STATUS_ORDER = {CaseStatus.REFERRED: 0, CaseStatus.ACTIVE: 1, CaseStatus.CLOSED: 2}
_Index = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    CODE = 0
    INITIALS = 1
    STATUS = 2
    REFERRAL = 3


class CaseListModel(QAbstractTableModel):
    """Cases for the list; `set_cases` replaces them, `sort`/filters rearrange rows."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._cases: list[Case] = []
        self._keys: tuple[list[Any], ...] = ([], [], [], [])
        self._rows: list[int] = []
        self._status: CaseStatus | None = None
        self._matches: frozenset[str] | None = None
        self._sort_column = Column.CODE
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._headers = (
            self.tr("Case"),
            self.tr("Initials"),
            self.tr("Status"),
            self.tr("Referred"),
        )

    # -- loading and filtering ------------------------------------------------------

    def set_cases(self, cases: Iterable[Case]) -> None:
        """Replace every case (a fresh snapshot from a task)."""
        self.beginResetModel()
        self._cases = list(cases)
        self._keys = (
            [c.code for c in self._cases],
            [(c.initials, c.code) for c in self._cases],
            [(_STATUS_ORDER[c.status], c.code) for c in self._cases],
            [(c.referral_date.toordinal(), c.code) for c in self._cases],
        )
        self._arrange()
        self.endResetModel()

    def clear(self) -> None:
        """Drop every case (the vault is locking)."""
        self.set_cases(())
        self._matches = None

    def set_status_filter(self, status: CaseStatus | None) -> None:
        if status is not self._status:
            self.beginResetModel()
            self._status = status
            self._arrange()
            self.endResetModel()

    def set_matches(self, case_ids: Iterable[str] | None) -> None:
        """Show only these cases (search results), or every case when None."""
        self.beginResetModel()
        self._matches = None if case_ids is None else frozenset(case_ids)
        self._arrange()
        self.endResetModel()

    @property
    def status_filter(self) -> CaseStatus | None:
        return self._status

    @property
    def total(self) -> int:
        """Cases loaded, before filters."""
        return len(self._cases)

    def case_at(self, row: int) -> Case:
        return self._cases[self._rows[row]]

    def row_of(self, case_id: CaseId) -> int | None:
        for row, index in enumerate(self._rows):
            if self._cases[index].id == case_id:
                return row
        return None

    def visible_cases(self) -> Sequence[Case]:
        return [self._cases[i] for i in self._rows]

    # -- sorting ------------------------------------------------------------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.beginResetModel()
        self._sort_column = Column(column) if 0 <= column < len(Column) else Column.CODE
        self._sort_order = order
        self._order_rows()
        self.endResetModel()

    def _arrange(self) -> None:
        status, matches = self._status, self._matches
        self._rows = [
            i
            for i, c in enumerate(self._cases)
            if (status is None or c.status is status) and (matches is None or c.id in matches)
        ]
        self._order_rows()

    def _order_rows(self) -> None:
        keys = self._keys[self._sort_column]
        descending = self._sort_order == Qt.SortOrder.DescendingOrder
        self._rows.sort(key=keys.__getitem__, reverse=descending)

    # -- the model interface -----------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(Column):
            return self._headers[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        case = self._cases[self._rows[index.row()]]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(case, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column != Column.CODE:
                return None
            return self.tr("{code} · {status} · referred {date}").format(
                code=case.code,
                status=status_label(case.status),
                date=short_date(case.referral_date),
            )
        if role == CASE_ID_ROLE:
            return case.id
        if role == STATUS_ROLE:
            return case.status.value
        return None

    def _text(self, case: Case, column: int) -> str | None:
        if column == Column.CODE:
            return case.code
        if column == Column.INITIALS:
            return case.initials
        if column == Column.STATUS:
            return status_label(case.status)
        if column == Column.REFERRAL:
            return short_date(case.referral_date)
        return None
