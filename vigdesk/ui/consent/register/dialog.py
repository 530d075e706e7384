"""Consent › Register: who consented to what, when and how; reviews due; withdrawals.

Service-wide or for one case. Loaded in a task, refreshed on data_changed("consent"),
emptied when the vault locks. Withdrawing and viewing a record start from here.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from vigdesk.core.changes import Changed
from vigdesk.core.ids import CaseId
from vigdesk.ui.consent.record_dialog import RecordDialog
from vigdesk.ui.consent.register.entries import Register, RegisterEntry, Status, load_register
from vigdesk.ui.consent.register.model import ENTRY_ROLE, Column, RegisterFilter, RegisterModel
from vigdesk.ui.consent.texts import count
from vigdesk.ui.consent.withdraw_dialog import WithdrawDialog
from vigdesk.ui.context import MainContext
from vigdesk.ui.failures import Failure
from vigdesk.ui.look import mark_primary, set_role
from vigdesk.ui.tasks import TaskContext
from vigdesk.ui.widgets.busy import BusyIndicator
from vigdesk.ui.widgets.empty_state import EmptyState
from vigdesk.ui.widgets.message_line import MessageLine

COLUMN_WIDTHS = {
    Column.CASE: 96,
    Column.GIVER: 120,
    Column.CHILD: 40,
    Column.FILM: 52,
    Column.KEEP: 84,
    Column.SUPERVISION: 92,
    Column.TRAINING: 68,
    Column.REVIEW_FILMING: 72,
    Column.FAMILY_COPY: 56,
    Column.GIVEN: 92,
    Column.METHOD: 84,
    Column.FORM: 54,
    Column.REVIEW: 92,
}


class RegisterDialog(QDialog):
    """Emits `wizard_requested(case_id)` for "Record consent…"; `loaded` after each load."""

    wizard_requested = Signal(str)
    loaded = Signal()

    def __init__(
        self,
        ctx: MainContext,
        case_id: CaseId | None = None,
        status: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.case_id = case_id
        self.register: Register | None = None
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("Consent register"))
        self.resize(1240, 620)  # fits a 1280×720 laptop; the table scrolls
        self.model = RegisterModel(self)
        self.proxy = RegisterFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = self._table()
        self.title = set_role(QLabel(self.tr("Consent register")), "title")
        self.subtitle = set_role(QLabel(), "muted")
        self.subtitle.setWordWrap(True)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Filter by case code or initials"))
        self.search.setClearButtonEnabled(True)
        self.search.setMaximumWidth(320)
        self.status_combo = QComboBox()
        for label, value in (
            (self.tr("Everything"), RegisterFilter.ALL),
            (self.tr("In force"), Status.IN_FORCE.value),
            (self.tr("Review overdue"), RegisterFilter.OVERDUE),
            (self.tr("Withdrawn"), Status.WITHDRAWN.value),
            (self.tr("Includes a refusal"), Status.REFUSED.value),
            (self.tr("Case closed"), Status.CASE_CLOSED.value),
        ):
            self.status_combo.addItem(label, value)
        self.all_cases_button = QPushButton(self.tr("Show every case"))
        self.summary = set_role(QLabel(), "muted")
        self.message = MessageLine()
        self.busy = BusyIndicator()
        self.empty = EmptyState(
            self.tr("No consent recorded yet"),
            self.tr("Consent recorded with a family appears here, with its review date."),
        )
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)
        self.record_button = QPushButton(self.tr("Record &consent…"))
        self.withdraw_button = QPushButton(self.tr("&Withdraw…"))
        self.view_button = mark_primary(QPushButton(self.tr("Consent &record…")))
        close = QPushButton(self.tr("Close"))
        self._lay_out(close)

        self.search.textChanged.connect(self.proxy.set_text)
        self.status_combo.currentIndexChanged.connect(
            lambda _: self.proxy.set_status(str(self.status_combo.currentData()))
        )
        self.proxy.layoutChanged.connect(self._update_buttons)
        self.proxy.rowsInserted.connect(self._update_buttons)
        self.proxy.rowsRemoved.connect(self._update_buttons)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda _: self.view_record())
        self.record_button.clicked.connect(self._request_wizard)
        self.withdraw_button.clicked.connect(self.withdraw)
        self.view_button.clicked.connect(self.view_record)
        self.all_cases_button.clicked.connect(lambda: self.show_case(None))
        close.clicked.connect(self.accept)
        ctx.events.data_changed.connect(self._data_changed)
        ctx.events.vault_locked.connect(self.drop)
        self.set_status_filter(status)
        self.show_case(case_id)

    def _table(self) -> QTableView:
        table = QTableView()
        table.setModel(self.proxy)
        table.setSortingEnabled(True)
        table.sortByColumn(Column.CASE, Qt.SortOrder.AscendingOrder)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(34)
        table.setShowGrid(False)
        table.setWordWrap(False)
        table.setObjectName("consentRegister")
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setMinimumSectionSize(40)
        for column, width in COLUMN_WIDTHS.items():
            table.setColumnWidth(column, width)
        header.setHighlightSections(False)
        return table

    def _lay_out(self, close: QPushButton) -> None:
        filters = QHBoxLayout()
        filters.setSpacing(10)
        filters.addWidget(self.search, 1)
        filters.addWidget(self.status_combo)
        filters.addStretch(1)
        filters.addWidget(self.all_cases_button)
        actions = QHBoxLayout()
        actions.setSpacing(10)
        actions.addWidget(self.record_button)
        actions.addWidget(self.withdraw_button)
        actions.addStretch(1)
        actions.addWidget(self.view_button)
        actions.addWidget(close)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 18)
        layout.setSpacing(12)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addLayout(filters)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.message)
        layout.addWidget(self.busy)
        layout.addLayout(actions)

    # -- loading -------------------------------------------------------------------------

    def set_status_filter(self, status: str) -> None:
        index = self.status_combo.findData(status)
        self.status_combo.setCurrentIndex(max(0, index))

    def show_case(self, case_id: CaseId | None) -> None:
        """Show one case's consent, or every case's (None)."""
        self.case_id = case_id
        self.all_cases_button.setVisible(case_id is not None)
        self.reload()

    def reload(self) -> None:
        services, case_id = self._ctx.services, self.case_id
        self.busy.start(self.tr("Reading the consent register…"))

        def work(_: TaskContext) -> Register:
            return load_register(services, case_id)

        self._ctx.runner.run(work, on_success=self._loaded, on_failure=self._failed, owner=self)

    def _loaded(self, register: Register) -> None:
        if register.case_id != self.case_id:
            return  # an older load, for a scope no longer shown
        self.busy.stop()
        self.register = register
        self.model.set_entries(list(register.entries), register.today)
        self.stack.setCurrentWidget(self.table if register.entries else self.empty)
        if self.case_id is not None and register.entries:
            code = register.entries[0].case_code
            self.title.setText(self.tr("Consent for case {code}").format(code=code))
        else:
            self.title.setText(self.tr("Consent register"))
        self.subtitle.setText(
            self.tr(
                "Who agreed to what, for which child, and when it is due for review. Initials "
                "only. “—” means the purpose was not asked about; hover over a withdrawal "
                "for its reason."
            )
        )
        self._summarise(register)
        self._update_buttons()
        self.loaded.emit()

    def _summarise(self, register: Register) -> None:
        entries = register.entries
        overdue = len(register.overdue())
        withdrawn = sum(
            e.status(register.today) in (Status.WITHDRAWN, Status.PARTLY_WITHDRAWN) for e in entries
        )
        parts = [
            count(len(entries), "1 consent", "%n consents"),
            count(overdue, "1 review overdue", "%n reviews overdue"),
            count(withdrawn, "1 with a withdrawal", "%n with a withdrawal"),
        ]
        self.summary.setText("  ·  ".join(parts))

    def _failed(self, failure: Failure) -> None:
        self.busy.stop()
        self.message.show_error(failure.message)

    def _data_changed(self, areas: frozenset[Changed]) -> None:
        if areas & {Changed.CONSENT, Changed.CASES}:
            self.reload()

    def drop(self) -> None:
        """The vault is locking: empty the table and close."""
        self.register = None
        self.model.set_entries([], self.model.today)
        self.close()

    # -- actions -------------------------------------------------------------------------

    def selected(self) -> list[RegisterEntry]:
        rows = self.table.selectionModel().selectedRows()
        return [row.data(ENTRY_ROLE) for row in rows]

    def select_row(self, row: int) -> None:
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.selectionModel().select(self.proxy.index(row, 0), flags)

    def select_entry(self, wanted: Callable[[RegisterEntry], bool]) -> bool:
        """Select the first visible row whose entry `wanted` accepts; False if none does."""
        for row in range(self.proxy.rowCount()):
            if wanted(self.proxy.index(row, 0).data(ENTRY_ROLE)):
                self.select_row(row)
                return True
        return False

    def _selected_case(self) -> CaseId | None:
        cases = {e.case_id for e in self.selected()}
        if len(cases) == 1:
            return cases.pop()
        return self.case_id if not cases else None

    def _update_buttons(self) -> None:
        chosen = self.selected()
        one_case = self._selected_case() is not None
        self.record_button.setEnabled(one_case)
        self.withdraw_button.setEnabled(
            one_case and any(e.in_force() for e in chosen or self._case_entries())
        )
        self.view_button.setEnabled(len({e.event for e in chosen}) == 1)

    def _case_entries(self) -> list[RegisterEntry]:
        case_id = self._selected_case()
        return self.register.for_case(case_id) if self.register and case_id else []

    def _request_wizard(self) -> None:
        case_id = self._selected_case()
        if case_id is not None:
            self.wizard_requested.emit(case_id)

    def withdraw(self) -> WithdrawDialog | None:
        entries = self._case_entries()
        if not entries:
            return None
        chosen = {cid for e in self.selected() for _, cid in e.in_force()}
        dialog = WithdrawDialog(self._ctx, entries, chosen, self)
        dialog.open()
        return dialog

    def view_record(self) -> RecordDialog | None:
        chosen = self.selected()
        if not chosen or self.register is None:
            return None
        event = chosen[0].event
        together = [e for e in self.register.entries if e.event == event]
        ids = [cid for e in together for cid in e.consent_ids()]
        dialog = RecordDialog(
            self._ctx, chosen[0].case_id, ids, chosen[0].record_blob_id is not None, self
        )
        dialog.open()
        return dialog
