"""A status-bar chip while consent reviews are overdue (counted in a task at unlock and
after every consent change)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QPushButton

from vigdesk.core.changes import Changed
from vigdesk.ui.consent.register.entries import load_register
from vigdesk.ui.consent.texts import count
from vigdesk.ui.context import MainContext
from vigdesk.ui.look import set_role
from vigdesk.ui.status import StatusArea
from vigdesk.ui.tasks import TaskContext


class ReviewReminder(QObject):
    """Hidden while nothing is overdue; a click calls `on_clicked` (open the register)."""

    def __init__(
        self, ctx: MainContext, status: StatusArea, on_clicked: Callable[[], object]
    ) -> None:
        super().__init__(status)
        self._ctx = ctx
        self.overdue = 0
        self.button = set_role(QPushButton(), "consent-reminder")
        self.button.setFlat(True)
        self.button.setToolTip(self.tr("Open the consent register at the overdue reviews"))
        self.button.clicked.connect(on_clicked)
        self.button.hide()
        status.add_permanent(self.button)
        ctx.events.data_changed.connect(self._data_changed)

    def refresh(self) -> None:
        services = self._ctx.services

        def work(_: TaskContext) -> int:
            return len(load_register(services).overdue())

        self._ctx.runner.run(
            work, on_success=self._counted, on_failure=lambda _: None, owner=self.button
        )

    def _counted(self, overdue: int) -> None:
        self.overdue = overdue
        text = count(overdue, "1 consent review overdue", "%n consent reviews overdue")
        self.button.setText(text)
        self.button.setVisible(overdue > 0)

    def _data_changed(self, areas: frozenset[Changed]) -> None:
        if areas & {Changed.CONSENT, Changed.CASES}:
            self.refresh()

    def drop(self) -> None:
        self.overdue = 0
        self.button.hide()
