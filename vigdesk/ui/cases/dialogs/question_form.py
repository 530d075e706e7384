"""Add a helping question, in the family's own words."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QPlainTextEdit, QWidget

from vigdesk.core.changes import Changed
from vigdesk.core.ids import CaseId
from vigdesk.core.sessions import HelpingQuestion
from vigdesk.services.session import Services
from vigdesk.ui.cases.dialogs.form import FormDialog, Work, date_edit, from_qdate
from vigdesk.ui.tasks import TaskContext, TaskRunner
from vigdesk.ui.widgets.field import labelled


class QuestionDialog(FormDialog):
    """Emits `saved(HelpingQuestion)`."""

    def __init__(
        self,
        services: Services,
        runner: TaskRunner,
        case_id: CaseId,
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            services,
            runner,
            self.tr("Add a helping question"),
            self.tr("&Add question"),
            parent,
            intro=self.tr(
                "The question the family wants help with, as they put it, e.g. "
                "\u201cHow can I help Teddy feel safe when I leave the room?\u201d"
            ),
            changes={Changed.HELPING},
            width=520,
        )
        self._case_id = case_id
        self.text_edit = QPlainTextEdit()
        self.text_edit.setTabChangesFocus(True)
        self.text_edit.setMinimumHeight(90)
        self.agreed_edit = date_edit(today)
        self.fields.addWidget(labelled(self.tr("&Question"), self.text_edit))
        self.fields.addWidget(labelled(self.tr("&Agreed on"), self.agreed_edit))
        self.text_edit.setFocus()

    def task(self) -> Work | None:
        text, agreed = self.text_edit.toPlainText(), from_qdate(self.agreed_edit.date())
        helping, case_id = self.services.helping, self._case_id

        def work(ctx: TaskContext) -> HelpingQuestion:
            return helping.add_question(case_id, text, agreed_on=agreed)

        return work
