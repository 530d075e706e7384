"""The sweep preview's summary step: review video whose written summary is missing.

Each item is kept by the sweep until the practitioner either writes the review's
summary (saved at once, in a task) or gives a reason to delete it without one (only
noted here: nothing is deleted until "Delete now" in the preview). Enter never
deletes: neither dialog's default button destroys anything.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vigdesk.core.changes import Changed
from vigdesk.core.retention import Due
from vigdesk.core.sessions import Session
from vigdesk.ui.context import MainContext
from vigdesk.ui.failures import Failure
from vigdesk.ui.look import set_role
from vigdesk.ui.records.labels import kind_label
from vigdesk.ui.records.tables import due_rows, due_table
from vigdesk.ui.tasks import TaskContext
from vigdesk.ui.widgets.busy import BusyIndicator
from vigdesk.ui.widgets.message_line import MessageLine

SUMMARY_CHANGES = frozenset({Changed.SESSIONS, Changed.RETENTION})


class SummaryStep(QWidget):
    """Lists the waiting items. Emits `summary_chosen(Due)` / `without_chosen(Due)`."""

    summary_chosen = Signal(object)
    without_chosen = Signal(object)

    def __init__(self, items: list[Due], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.items = list(items)
        self.heading = set_role(QLabel(), "heading")
        self.explain = set_role(
            QLabel(
                self.tr(
                    "These were shown at a review whose written summary is missing. The "
                    "record must say what the review found before the video goes: write "
                    "the summary, or delete without one and say why."
                )
            ),
            "small",
        )
        self.explain.setWordWrap(True)
        self.table = due_table()
        self.write_button = QPushButton(self.tr("&Write the summary…"))
        self.without_button = QPushButton(self.tr("Delete &without summary…"))
        for button in (self.write_button, self.without_button):
            button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.write_button)
        buttons.addWidget(self.without_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.heading)
        layout.addWidget(self.explain)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.table.itemSelectionChanged.connect(self._update)
        self.write_button.clicked.connect(lambda: self._emit(self.summary_chosen))
        self.without_button.clicked.connect(lambda: self._emit(self.without_chosen))
        self._fill()

    def chosen(self) -> Due | None:
        rows = self.table.selectionModel().selectedRows()
        return self.items[rows[0].row()] if rows else None

    def take(self, item: Due) -> None:
        """Remove a resolved item from the list."""
        self.items = [d for d in self.items if d.object_id != item.object_id]
        self._fill()

    def _fill(self) -> None:
        self.heading.setText(self.tr("Needs a written summary (%n)", "", len(self.items)))
        self.table.set_rows(due_rows(self.items, summary_note=False))
        if self.items:
            self.table.selectRow(0)
        self.setVisible(bool(self.items))
        self._update()

    def _update(self) -> None:
        chosen = self.chosen() is not None
        self.write_button.setEnabled(chosen)
        self.without_button.setEnabled(chosen)

    def _emit(self, signal: SignalInstance) -> None:
        item = self.chosen()
        if item is not None:
            signal.emit(item)


class _TextDialog(QDialog):
    """A heading, a line of help, a text box and Cancel (the default) / an action."""

    def __init__(
        self, title: str, heading: str, help_text: str, action: str, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setMinimumWidth(520)
        intro = set_role(QLabel(help_text), "muted")
        intro.setWordWrap(True)
        self.text_edit = QPlainTextEdit()
        self.text_edit.setTabChangesFocus(True)
        self.text_edit.setProperty("records", True)
        self.text_edit.setFixedHeight(110)
        self.message = MessageLine()
        self.busy = BusyIndicator()
        self.buttons = QDialogButtonBox()
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.action_button = QPushButton(action)
        self.action_button.setAutoDefault(False)
        self.buttons.addButton(self.action_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.cancel_button.setDefault(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 22, 24, 18)
        layout.setSpacing(12)
        layout.addWidget(set_role(QLabel(heading), "heading"))
        layout.addWidget(intro)
        layout.addWidget(self.text_edit)
        layout.addWidget(self.message)
        layout.addWidget(self.busy)
        layout.addWidget(self.buttons)
        self.cancel_button.clicked.connect(self.reject)
        self.text_edit.textChanged.connect(self._update)
        self._update()

    def text(self) -> str:
        return self.text_edit.toPlainText().strip()

    def _update(self) -> None:
        self.action_button.setEnabled(bool(self.text()))


class WriteSummaryDialog(_TextDialog):
    """Saves the review's summary (SessionService.update_session) in a serial task;
    emits `summary_written(Session)`."""

    summary_written = Signal(object)

    def __init__(self, ctx: MainContext, item: Due, parent: QWidget | None = None) -> None:
        super().__init__(
            self.tr("Write the review's summary"),
            self.tr("Summary of the review where this %1 was shown").replace(
                "%1", kind_label(item.kind).lower()
            ),
            self.tr(
                "What did the parent notice and say? The summary stays in the case record "
                "after the video is deleted."
            ),
            self.tr("&Save summary"),
            parent,
        )
        self._ctx = ctx
        self._session_id = item.reviews_without_summary[0]
        self.text_edit.setAccessibleName(self.tr("Summary of the review"))
        self.action_button.clicked.connect(self.save)

    def save(self) -> None:
        text = self.text()
        if not text:
            return
        sessions, session_id = self._ctx.services.sessions, self._session_id

        def work(task: TaskContext) -> Session:
            return sessions.update_session(session_id, summary=text)

        self.buttons.setEnabled(False)
        self.busy.start(self.tr("Saving the summary…"))
        self._ctx.runner.run(
            work,
            on_success=self._saved,
            on_failure=self._failed,
            serial=True,
            changes=SUMMARY_CHANGES,
            owner=self,
        )

    def _saved(self, session: Session) -> None:
        self.busy.stop()
        self.summary_written.emit(session)
        self.accept()

    def _failed(self, failure: Failure) -> None:
        self.busy.stop()
        self.buttons.setEnabled(True)
        self.message.show_error(failure.message)


class WithoutSummaryDialog(_TextDialog):
    """Asks why the item may go without a summary; emits `reason_given(str)`. Deletes
    nothing: the preview's Delete now does, with this reason."""

    reason_given = Signal(str)

    def __init__(self, item: Due, parent: QWidget | None = None) -> None:
        super().__init__(
            self.tr("Delete without a written summary"),
            self.tr("Why may this %1 go without a summary?").replace(
                "%1", kind_label(item.kind).lower()
            ),
            self.tr(
                "The reason is written into the review's notes, which stay in the case "
                "record, and the deletion is audited. Nothing is deleted until you choose "
                "Delete now."
            ),
            self.tr("&Mark for deletion"),
            parent,
        )
        self.text_edit.setAccessibleName(self.tr("Reason"))
        self.text_edit.setPlaceholderText(self.tr("e.g. The practitioner left before writing it"))
        self.action_button.clicked.connect(self._give)

    def _give(self) -> None:
        if self.text():
            self.reason_given.emit(self.text())
            self.accept()
