"""Close a case: the closing date and the reason (retention counts from that date).

Before closing, the dialog lists the case's review video whose written summary is
missing, with the date closing would make it due (the sweep preview's list): write
the summary now (opens the review session), let it go without one for a reason given
here (audited, kept in the review's notes), or close anyway with the list noted in the
audit. Enter closes the case at most; it never deletes anything.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QWidget

from vigdesk.core.cases import Case
from vigdesk.core.changes import Changed
from vigdesk.core.retention import Due
from vigdesk.services.session import Services
from vigdesk.ui.cases.dialogs.form import FormDialog, Work, date_edit, from_qdate
from vigdesk.ui.cases.dialogs.session_form import SessionDialog, open_review_session
from vigdesk.ui.failures import Failure
from vigdesk.ui.records.summary_step import SummaryStep, WithoutSummaryDialog
from vigdesk.ui.tasks import TaskContext, TaskRunner
from vigdesk.ui.widgets.field import labelled

REASONS = (
    "intervention complete",
    "family withdrew",
    "family moved away",
    "referred to another service",
    "no longer needed",
)
SUMMARY_CHANGES = frozenset({Changed.SESSIONS, Changed.RETENTION})


class CloseCaseDialog(FormDialog):
    """Emits `saved(Case)` with the closed case. `loaded` is False until the list of
    missing summaries has been read (in a task)."""

    def __init__(
        self,
        services: Services,
        runner: TaskRunner,
        case: Case,
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            services,
            runner,
            self.tr("Close case %1").replace("%1", case.code),
            self.tr("&Close case"),
            parent,
            intro=self.tr(
                "Closing starts the retention clock: video and clips are deleted "
                "on the schedule counted from the closing date."
            ),
            changes={Changed.CASES},
            width=640,
        )
        self._case_id = case.id
        self._today = today
        self.loaded = False
        self.session_dialog: SessionDialog | None = None
        self.reason_dialog: WithoutSummaryDialog | None = None
        self.closed_edit = date_edit(today)
        self.reason_combo = QComboBox()
        self.reason_combo.setEditable(True)
        self.reason_combo.addItems([self.tr(r) for r in REASONS])
        self.fields.addWidget(labelled(self.tr("Closing &date"), self.closed_edit))
        self.fields.addWidget(labelled(self.tr("&Reason"), self.reason_combo))
        self.summaries = SummaryStep(
            [],
            reviews={},
            explain=self.tr(
                "These were shown at a review whose written summary is missing, so the "
                "retention schedule will keep them past their date until the summary is "
                "written or someone says why they may go without one. Write it now, let "
                "them go without one, or close anyway: they stay on this list and the "
                "closure notes them."
            ),
        )
        self.summaries.write_button.setText(self.tr("&Write the summary now…"))
        self.summaries.without_button.setText(self.tr("Delete without &summary…"))
        self.fields.addWidget(self.summaries)
        self.summaries.summary_chosen.connect(self.write_summary)
        self.summaries.without_chosen.connect(self.without_summary)
        self.closed_edit.dateChanged.connect(lambda _: self.reload())
        self.reload()

    # -- the list of missing summaries ---------------------------------------------------------

    def reload(self) -> None:
        """Read the list again (counted from the closing date shown)."""
        retention, case_id = self.services.retention, self._case_id
        closing_on = from_qdate(self.closed_edit.date())

        sessions = self.services.sessions

        def work(ctx: TaskContext) -> tuple[list[Due], dict[str, date]]:
            items = retention.summaries_missing(case_id, closing_on=closing_on)
            held = {s.id: s.held_on for s in sessions.list_sessions(case_id)} if items else {}

            def shown(d: Due) -> date:
                return min(
                    (held[r] for r in d.reviews_without_summary if r in held), default=d.due_on
                )

            return sorted(items, key=lambda d: (d.due_on, shown(d))), held

        self.runner.run(work, on_success=self._listed, on_failure=self._list_failed, owner=self)

    def _listed(self, found: tuple[list[Due], dict[str, date]]) -> None:
        items, reviews = found
        self.loaded = True
        self.summaries.set_items(items, reviews)
        self.summaries.table.fit_rows(4)
        self.save_button.setText(self.tr("&Close anyway") if items else self.tr("&Close case"))
        self.adjustSize()

    def write_summary(self, item: Due) -> None:
        """Open the review session on its summary; the list is read again once saved."""

        def opened(dialog: SessionDialog) -> None:
            dialog.saved.connect(lambda _: self.reload())
            self.session_dialog = dialog

        open_review_session(
            self.services,
            self.runner,
            self._case_id,
            item.reviews_without_summary[0],
            self._today,
            self,
            opened=opened,
            on_failure=self._list_failed,
        )

    def without_summary(self, item: Due) -> WithoutSummaryDialog:
        dialog = WithoutSummaryDialog(item, self, closing=True)
        dialog.reason_given.connect(lambda reason: self._waive(item, reason))
        self.reason_dialog = dialog
        dialog.open()
        return dialog

    def _waive(self, item: Due, reason: str) -> None:
        retention, sessions = self.services.retention, item.reviews_without_summary

        def work(ctx: TaskContext) -> None:
            retention.without_summary(sessions, reason)

        self.runner.run(
            work,
            on_success=lambda _: self.reload(),
            on_failure=self._list_failed,
            serial=True,
            changes=SUMMARY_CHANGES,
            owner=self,
        )

    # -- closing -------------------------------------------------------------------------------

    def task(self) -> Work | None:
        case_id, cases = self._case_id, self.services.cases
        closed_on = from_qdate(self.closed_edit.date())
        reason = self.reason_combo.currentText()
        retention = self.services.retention

        def work(ctx: TaskContext) -> Case:
            missing = len(retention.summaries_missing(case_id, closing_on=closed_on))
            return cases.close_case(case_id, closed_on, reason, summaries_missing=missing)

        return work

    def _list_failed(self, failure: Failure) -> None:
        if not failure.cancelled:
            self.message.show_error(failure.message)
