"""The case list: search, a status filter, a sortable table, and New case.

The table's model holds `Case` records only (code, initials, status, referral), so
the list never shows a name. The search box asks `cases.search` (full text, which
may match names) after a short pause, and shows the matching cases by code.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from vigdesk.core.cases import Case, CaseStatus
from vigdesk.core.ids import CaseId
from vigdesk.ui.cases.status_delegate import StatusDelegate
from vigdesk.ui.look import mark_primary, set_role
from vigdesk.ui.models.case_list import CASE_ID_ROLE, CaseListModel, Column
from vigdesk.ui.models.labels import counted, status_label

SEARCH_PAUSE_MS = 300
KEYBOARD_PAUSE_MS = 150  # arrowing through the list opens the case it stops on


class _CaseTable(QTableView):
    """Enter opens the current case (`enter_pressed`); `moving_by_key` is true while a key
    moves the current row, so only the arrows (not focus arriving by Tab) open a case."""

    enter_pressed = Signal(QModelIndex)

    def __init__(self) -> None:
        super().__init__()
        self.moving_by_key = False
        self.setTabKeyNavigation(False)  # Tab leaves the list; it does not walk its cells

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.enter_pressed.emit(self.currentIndex())
            return
        self.moving_by_key = True
        try:
            super().keyPressEvent(event)
        finally:
            self.moving_by_key = False


class CaseListPane(QWidget):
    """Emits `case_chosen(case_id)`, `case_entered(case_id)` (Enter: open it and go to
    its record), `search_requested(text)` (after the pause; "" clears),
    `new_case_clicked` and `privacy_toggled(bool)`. Holds no services: the feature
    runs the tasks and hands results back with `set_cases` / `set_matches`."""

    case_chosen = Signal(str)
    case_entered = Signal(str)
    search_requested = Signal(str)
    new_case_clicked = Signal()
    privacy_toggled = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = CaseListModel(self)
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(self.tr("Search names, codes, notes…"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setAccessibleName(self.tr("Search cases"))
        self.status_combo = QComboBox()
        self.status_combo.setAccessibleName(self.tr("Show cases with status"))
        self.status_combo.addItem(self.tr("All statuses"), "")
        for status in CaseStatus:
            self.status_combo.addItem(status_label(status), status.value)
        self.table = _CaseTable()
        self.table.setObjectName("caseList")
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(Column.STATUS, StatusDelegate(self.table))
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(Column.CODE, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setAccessibleName(self.tr("Cases"))
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(36)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setFrameShape(QFrame.Shape.NoFrame)
        self.count_label = set_role(QLabel(), "small")
        self.privacy_box = QCheckBox(self.tr("Privacy mode"))
        self.privacy_box.setToolTip(
            self.tr("On: a case page hides names until you choose Show names.")
        )
        self.new_button = mark_primary(QPushButton(self.tr("+  New case")))

        filters = QHBoxLayout()
        filters.setSpacing(8)
        filters.addWidget(self.status_combo)
        filters.addStretch(1)
        filters.addWidget(self.count_label)
        footer = QHBoxLayout()
        footer.setSpacing(8)
        footer.addWidget(self.privacy_box)
        footer.addStretch(1)
        footer.addWidget(self.new_button)
        top = QVBoxLayout()
        top.setContentsMargins(16, 12, 16, 8)
        top.setSpacing(8)
        top.addWidget(self.search_edit)
        top.addLayout(filters)
        bottom = QWidget()
        bottom.setObjectName("caseListFooter")
        bottom.setLayout(footer)
        footer.setContentsMargins(16, 10, 16, 12)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(set_role(QFrame(), "divider"))
        layout.addWidget(bottom)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_PAUSE_MS)
        self._timer.timeout.connect(self._search_now)
        self._current: CaseId | None = None
        self._pending: QModelIndex | None = None
        self._open_timer = QTimer(self)
        self._open_timer.setSingleShot(True)
        self._open_timer.setInterval(KEYBOARD_PAUSE_MS)
        self._open_timer.timeout.connect(self._open_pending)
        self.search_edit.textChanged.connect(lambda _: self._timer.start())
        self.search_edit.returnPressed.connect(self._search_now)
        self.status_combo.currentIndexChanged.connect(self._status_changed)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.table.clicked.connect(self._row_clicked)
        self.table.activated.connect(self._row_clicked)
        self.table.enter_pressed.connect(self._row_entered)
        self.model.modelReset.connect(self._reselect)
        self.new_button.clicked.connect(self.new_case_clicked)
        self.privacy_box.toggled.connect(self.privacy_toggled)
        self._update_count()

    # -- fed by the feature ------------------------------------------------------------------

    def set_cases(self, cases: Sequence[Case]) -> None:
        self.model.set_cases(cases)

    def set_matches(self, case_ids: Sequence[str] | None) -> None:
        self.model.set_matches(case_ids)

    def set_privacy(self, on: bool) -> None:
        self.privacy_box.blockSignals(True)
        self.privacy_box.setChecked(on)
        self.privacy_box.blockSignals(False)

    def select_case(self, case_id: CaseId) -> None:
        """Highlight a case (e.g. opened from elsewhere) without asking to open it again."""
        self._current = case_id
        self._reselect()

    def clear(self) -> None:
        self._open_timer.stop()
        self._pending = None
        self._current = None
        self.search_edit.blockSignals(True)
        self.search_edit.clear()
        self.search_edit.blockSignals(False)
        self.model.clear()

    # -- inside ------------------------------------------------------------------------------

    def _search_now(self) -> None:
        self._timer.stop()
        self.search_requested.emit(self.search_edit.text().strip())

    def _status_changed(self) -> None:
        value = self.status_combo.currentData()
        self.model.set_status_filter(CaseStatus(value) if value else None)

    @property
    def open_pending(self) -> bool:
        """A case opens once the arrows stop on it."""
        return self._open_timer.isActive()

    def _row_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if current.isValid() and self.table.moving_by_key:
            self._pending = current
            self._open_timer.start()

    def _open_pending(self) -> None:
        if self._pending is not None and self._pending.isValid():
            self._choose(self._pending)
        self._pending = None

    def _row_clicked(self, index: QModelIndex) -> None:
        self._open_timer.stop()
        self._pending = None
        self._choose(index)

    def _row_entered(self, index: QModelIndex) -> None:
        self._open_timer.stop()
        self._pending = None
        self._current = CaseId(str(index.data(CASE_ID_ROLE)))
        self.case_entered.emit(self._current)

    def _choose(self, index: QModelIndex) -> None:
        case_id = CaseId(str(index.data(CASE_ID_ROLE)))
        self._current = case_id
        self.case_chosen.emit(case_id)

    def _reselect(self) -> None:
        self._update_count()
        row = self.model.row_of(self._current) if self._current else None
        selection = self.table.selectionModel()
        selection.blockSignals(True)
        if row is None:
            selection.clearSelection()
        else:
            index = self.model.index(row, 0)
            selection.setCurrentIndex(
                index,
                selection.SelectionFlag.ClearAndSelect | selection.SelectionFlag.Rows,
            )
            self.table.scrollTo(index)
        selection.blockSignals(False)
        self.table.viewport().update()

    def _update_count(self) -> None:
        shown, total = self.model.rowCount(), self.model.total
        if shown == total:
            text = counted(total, self.tr("%n case"), self.tr("%n cases"))
        else:
            text = self.tr("%1 of %2 cases").replace("%1", str(shown)).replace("%2", str(total))
        self.count_label.setText(text)
