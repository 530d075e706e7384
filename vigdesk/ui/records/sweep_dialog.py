"""The sweep preview: what the schedule will delete and why, then "Delete now" or "Not now".

Shows case codes, kinds, dates and reasons only (no names). Deleting runs
`RetentionService.sweep` in a serial task with progress; the service honours legal
holds and audits every item. Review video without a written summary waits in the
summary step (`summary_step.py`) until its summary is written or a reason given.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vigdesk.core.changes import Changed
from vigdesk.core.retention import Due
from vigdesk.core.sessions import Session
from vigdesk.services.retention import SweepResult
from vigdesk.ui.cases.dialogs.session_form import SessionDialog, open_review_session
from vigdesk.ui.context import MainContext
from vigdesk.ui.failures import Failure
from vigdesk.ui.look import mark_primary, set_role
from vigdesk.ui.records.labels import sweep_summary
from vigdesk.ui.records.snapshots import pending
from vigdesk.ui.records.summary_step import SummaryStep, WithoutSummaryDialog
from vigdesk.ui.records.tables import due_rows, due_table
from vigdesk.ui.tasks import TaskContext, TaskHandle
from vigdesk.ui.widgets.busy import BusyIndicator
from vigdesk.ui.widgets.message_line import MessageLine

SWEEP_CHANGES = frozenset(
    {Changed.MEDIA, Changed.CASES, Changed.PEOPLE, Changed.CONSENT, Changed.RETENTION}
)


class SweepPreviewDialog(QDialog):
    """Emits `swept(SweepResult)` after a sweep ran. GUI thread only."""

    swept = Signal(object)

    def __init__(self, ctx: MainContext, items: list[Due], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._handle: TaskHandle | None = None
        self.setWindowTitle(self.tr("Scheduled deletion"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setObjectName("recordsSweep")
        rows = len(items) + (2 if any(d.held for d in items) else 0)
        rows += 4 if any(d.needs_summary for d in items) else 0
        self.resize(820, min(620, 360 + 34 * rows))  # at most a 1280×720 laptop's room

        self._todo = [d for d in pending(items) if not d.needs_summary]
        self._without: dict[str, str] = {}  # object id → reason to go without a summary
        held = [d for d in items if d.held]
        self._held_ids = frozenset(d.object_id for d in held)  # shown as kept, and reported
        self.summary_step = SummaryStep([d for d in pending(items) if d.needs_summary])
        self.write_dialog: SessionDialog | None = None
        self.without_dialog: WithoutSummaryDialog | None = None
        title = set_role(QLabel(self.tr("Scheduled deletion")), "title")
        intro = set_role(
            QLabel(
                self.tr(
                    "Your service's retention schedule says these items must now be "
                    "deleted. Deleting destroys their encryption keys, so no copy, on this "
                    "laptop or on the network folder, can be read again."
                )
            ),
            "muted",
        )
        intro.setWordWrap(True)
        self.todo_heading = set_role(QLabel(), "heading")
        self.todo_table = due_table()
        self.held_heading = set_role(
            QLabel(self.tr("On legal hold (%n): kept until the hold is released", "", len(held))),
            "heading",
        )
        self.held_table = due_table()
        self.held_table.set_rows(due_rows(held))
        for widget in (self.held_heading, self.held_table):
            widget.setVisible(bool(held))
        self.note = set_role(
            QLabel(
                self.tr(
                    "Not now deletes nothing: the items stay overdue under Records › "
                    "Retention, and vigdesk asks again tomorrow or when it is next started."
                )
            ),
            "small",
        )
        self.note.setWordWrap(True)
        self.message = MessageLine()
        self.busy = BusyIndicator()

        self.buttons = QDialogButtonBox()
        self.later_button = QPushButton(self.tr("&Not now"))
        self.delete_button = set_role(QPushButton(self.tr("&Delete now")), "records-danger")
        self.close_button = mark_primary(QPushButton(self.tr("&Close")))
        self.buttons.addButton(self.delete_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.later_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button.hide()  # after addButton: reparenting would show it again
        # Enter (even pressed twice after the passphrase) must never delete: a focused
        # auto-default button would take Return, so only Not now may be default or focused.
        self.delete_button.setAutoDefault(False)
        self.later_button.setDefault(True)
        self.later_button.setFocus()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.setSpacing(12)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addSpacing(4)
        layout.addWidget(self.todo_heading)
        layout.addWidget(self.todo_table, 3)
        layout.addWidget(self.summary_step, 3)
        layout.addWidget(self.held_heading)
        layout.addWidget(self.held_table, 2)
        layout.addWidget(self.note)
        layout.addWidget(self.message)
        layout.addWidget(self.busy)
        layout.addWidget(self.buttons)

        self.later_button.clicked.connect(self.reject)
        self.close_button.clicked.connect(self.accept)
        self.delete_button.clicked.connect(self.delete_now)
        self.summary_step.summary_chosen.connect(self.write_summary)
        self.summary_step.without_chosen.connect(self.delete_without_summary)
        ctx.events.vault_locked.connect(self._drop)
        self._show_todo()

    # -- the summary step ----------------------------------------------------------------------

    def write_summary(self, item: Due) -> None:
        """Open the review session on its summary; once it is written the item joins
        "To delete" (the sweep still re-checks every review it was shown at)."""
        services = self._ctx.services

        def opened(dialog: SessionDialog) -> None:
            def saved(session: Session) -> None:
                if session.summary.strip():
                    self._resolved(item, "")

            dialog.saved.connect(saved)
            self.write_dialog = dialog

        open_review_session(
            services,
            self._ctx.runner,
            item.case_id,
            item.reviews_without_summary[0],
            services.ctx.today(),
            self,
            opened=opened,
            on_failure=lambda failure: self.message.show_error(failure.message),
        )

    def delete_without_summary(self, item: Due) -> WithoutSummaryDialog:
        """Ask why the item may go without a summary; it joins "To delete" with it."""
        dialog = WithoutSummaryDialog(item, self)
        dialog.reason_given.connect(lambda reason: self._resolved(item, reason))
        self.without_dialog = dialog
        dialog.open()
        return dialog

    def _resolved(self, item: Due, reason: str) -> None:
        self.summary_step.take(item)
        if reason:
            self._without[item.object_id] = reason
        self._todo.append(item)
        self._show_todo()

    def _show_todo(self) -> None:
        def why(d: Due) -> str:
            if d.object_id in self._without:
                return (
                    self.tr("%1 — without a summary: %2")
                    .replace("%1", d.reason)
                    .replace("%2", self._without[d.object_id])
                )
            if d.needs_summary:
                return self.tr("%1 — summary written").replace("%1", d.reason)
            return d.reason

        rows = [
            (cid, [*cells[:3], why(d)])
            for d, (cid, cells) in zip(
                self._todo, due_rows(self._todo, summary_note=False), strict=True
            )
        ]
        self.todo_table.set_rows(rows)
        self.todo_heading.setText(self.tr("To delete (%n)", "", len(self._todo)))
        self.delete_button.setEnabled(bool(self._todo) and not self.sweeping)

    @property
    def sweeping(self) -> bool:
        return self._handle is not None and not self._handle.finished

    def delete_now(self) -> None:
        """Run the sweep in a serial task; the dialog stays responsive and shows progress."""
        if self.sweeping or not self.delete_button.isEnabled():
            return
        retention = self._ctx.services.retention
        total = self.todo_table.rowCount()

        without = dict(self._without)
        confirmed = frozenset(d.object_id for d in self._todo) | self._held_ids  # as shown

        def work(task: TaskContext) -> SweepResult:
            return retention.sweep(
                only=confirmed,
                without_summary=without,
                progress=lambda f: task.progress(f, f"{round(f * total)}/{total}"),
                cancelled=task.cancelled,
            )

        for button in (self.later_button, self.delete_button):
            button.setEnabled(False)
        self.summary_step.setEnabled(False)
        self.message.clear_message()
        self.busy.start(self.tr("Deleting…"))
        self._handle = self._ctx.runner.run(
            work,
            on_success=self._done,
            on_failure=self._failed,
            on_progress=self._progress,
            heavy=True,
            changes=SWEEP_CHANGES,
            owner=self,
        )

    def reject(self) -> None:
        if not self.sweeping:
            super().reject()

    def _progress(self, fraction: float | None, text: str) -> None:
        done, _, total = text.partition("/")
        line = self.tr("Deleted {done} of {total}…").replace("{done}", done)
        self.busy.progress(fraction, line.replace("{total}", total))

    def _done(self, result: SweepResult) -> None:
        self.busy.stop()
        self.todo_heading.setText(self.tr("Deleted (%n)", "", len(result.deleted)))
        self.note.hide()
        if result.failed:
            self.message.show_error(sweep_summary(result))
        else:
            self.message.show_notice(sweep_summary(result))
        self.later_button.hide()
        self.delete_button.hide()
        self.close_button.show()
        self.close_button.setFocus()
        self.swept.emit(result)

    def _failed(self, failure: Failure) -> None:
        self.busy.stop()
        self.message.show_error(failure.message)
        self.later_button.setEnabled(True)
        self.delete_button.setEnabled(True)
        self.summary_step.setEnabled(True)

    def _drop(self) -> None:
        """The vault locked: forget the list and go (the runner has discarded the task)."""
        self._handle = None
        self.todo_table.setRowCount(0)
        self.held_table.setRowCount(0)
        self.done(QDialog.DialogCode.Rejected)
