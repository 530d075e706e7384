"""Close a case: the closing date and the reason (retention counts from that date)."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QWidget

from vigdesk.core.cases import Case
from vigdesk.core.changes import Changed
from vigdesk.services.session import Services
from vigdesk.ui.cases.dialogs.form import FormDialog, Work, date_edit, from_qdate
from vigdesk.ui.tasks import TaskContext, TaskRunner
from vigdesk.ui.widgets.field import labelled

REASONS = (
    "intervention complete",
    "family withdrew",
    "family moved away",
    "referred to another service",
    "no longer needed",
)


class CloseCaseDialog(FormDialog):
    """Emits `saved(Case)` with the closed case."""

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
        )
        self._case_id = case.id
        self.closed_edit = date_edit(today)
        self.reason_combo = QComboBox()
        self.reason_combo.setEditable(True)
        self.reason_combo.addItems([self.tr(r) for r in REASONS])
        self.fields.addWidget(labelled(self.tr("Closing &date"), self.closed_edit))
        self.fields.addWidget(labelled(self.tr("&Reason"), self.reason_combo))

    def task(self) -> Work | None:
        case_id, cases = self._case_id, self.services.cases
        closed_on = from_qdate(self.closed_edit.date())
        reason = self.reason_combo.currentText()

        def work(ctx: TaskContext) -> Case:
            return cases.close_case(case_id, closed_on, reason)

        return work
