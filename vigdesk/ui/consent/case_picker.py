"""Choose a case when none is open: case codes and initials only (privacy mode)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vigdesk.core.cases import Case, CaseStatus
from vigdesk.ui.context import MainContext
from vigdesk.ui.failures import Failure
from vigdesk.ui.look import mark_primary, set_role
from vigdesk.ui.tasks import TaskContext
from vigdesk.ui.widgets.message_line import MessageLine


class CasePicker(QDialog):
    """Emits `chosen(case_id)` and closes when a case is picked."""

    chosen = Signal(str)

    def __init__(self, ctx: MainContext, purpose: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("Choose a case"))
        self.resize(420, 480)
        intro = set_role(QLabel(purpose), "muted")
        intro.setWordWrap(True)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Filter by case code or initials"))
        self.search.setClearButtonEnabled(True)
        self.list = QListWidget()
        self.message = MessageLine()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok = mark_primary(
            self.buttons.addButton(self.tr("Continue"), QDialogButtonBox.ButtonRole.AcceptRole)
        )
        self.ok.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 18)
        layout.setSpacing(12)
        layout.addWidget(intro)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.search.textChanged.connect(self._filter)
        self.list.currentItemChanged.connect(
            lambda *_: self.ok.setEnabled(self._current() is not None)
        )
        self.list.itemDoubleClicked.connect(lambda _: self._accept())
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        ctx.events.vault_locked.connect(self.close)
        cases = ctx.services.cases

        def work(_: TaskContext) -> list[Case]:
            return cases.list_cases()

        ctx.runner.run(work, on_success=self._loaded, on_failure=self._failed, owner=self)

    def _loaded(self, cases: list[Case]) -> None:
        labels = {
            CaseStatus.REFERRED: self.tr("referred"),
            CaseStatus.ACTIVE: self.tr("active"),
            CaseStatus.CLOSED: self.tr("closed"),
        }
        for case in sorted(cases, key=lambda c: (c.status is CaseStatus.CLOSED, c.code)):
            item = QListWidgetItem(f"{case.code}  ·  {case.initials}  ·  {labels[case.status]}")
            item.setData(Qt.ItemDataRole.UserRole, case.id)
            self.list.addItem(item)
        if not cases:
            self.message.show_notice(self.tr("There are no cases yet."))

    def _failed(self, failure: Failure) -> None:
        self.message.show_error(failure.message)

    def _filter(self, text: str) -> None:
        words = text.lower().split()
        for row in range(self.list.count()):
            item = self.list.item(row)
            item.setHidden(not all(w in item.text().lower() for w in words))

    def _current(self) -> str | None:
        item = self.list.currentItem()
        return None if item is None or item.isHidden() else str(item.data(Qt.ItemDataRole.UserRole))

    def _accept(self) -> None:
        case_id = self._current()
        if case_id is not None:
            self.accept()
            self.chosen.emit(case_id)
