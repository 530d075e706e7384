"""A console tab that checks the site in a task: when first shown and on "Check again".

A quiet line says what is happening; a problem goes in the red box instead (an
unreachable or refused site is said in the tab, not in a message box). Subclasses give
the work, the words while it runs, their lists and how to show a result.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from vigdesk.ui.context import MainContext
from vigdesk.ui.failures import Failure
from vigdesk.ui.look import set_role
from vigdesk.ui.tasks import TaskContext
from vigdesk.ui.widgets.message_line import MessageLine


class CheckTab(QWidget):
    """`result` is None until a check has finished."""

    def __init__(self, ctx: MainContext, hint: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.result: Any = None
        self._checking = False
        self.summary = set_role(QLabel(self.tr("Not checked yet.")), "muted")
        self.summary.setWordWrap(True)
        self.alert = MessageLine()
        self.hint = set_role(QLabel(hint), "small")
        self.hint.setWordWrap(True)
        self.check_button = QPushButton(self.tr("Check again"))
        self.check_button.clicked.connect(self.check)

    def lay_out(self, spacing: int, *lists: tuple[QWidget, int]) -> None:
        """The summary and alert, then `lists` (widget, stretch), then hint and button."""
        row = QHBoxLayout()
        row.setSpacing(12)
        row.addWidget(self.hint, 1)
        row.addWidget(self.check_button)
        col = QVBoxLayout(self)
        col.setContentsMargins(12, 14, 12, 12)
        col.setSpacing(spacing)
        col.addWidget(self.summary)
        col.addWidget(self.alert)
        for widget, stretch in lists:
            col.addWidget(widget, stretch)
        col.addLayout(row)

    def work(self) -> tuple[Callable[[], Any], str]:
        """The check to run on a worker thread, and what to say while it runs."""
        raise NotImplementedError

    def show_result(self, result: Any) -> None:
        raise NotImplementedError

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.result is None and not self._checking:
            self.check()

    def check(self) -> None:
        if self._checking:
            return
        job, running = self.work()

        def run(_: TaskContext) -> Any:
            return job()

        self._checking = True
        self.check_button.setEnabled(False)
        self.say(running, problem=False)
        self._ctx.runner.run(run, on_success=self._done, on_failure=self._failed, owner=self)

    def say(self, text: str, problem: bool) -> None:
        """A problem in the red box, anything else as the quiet line above the lists."""
        self.summary.setVisible(not problem)
        self.summary.setText("" if problem else text)
        if problem:
            self.alert.show_error(text)
        else:
            self.alert.clear_message()

    def _done(self, result: Any) -> None:
        self._checking = False
        self.check_button.setEnabled(True)
        self.result = result
        self.show_result(result)

    def _failed(self, failure: Failure) -> None:
        self._checking = False
        self.check_button.setEnabled(True)
        self.say(failure.message, problem=True)
