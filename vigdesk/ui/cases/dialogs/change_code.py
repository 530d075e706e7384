"""Change a case's code: one field, the service's refusals (taken, not valid) inline.

Needed when two laptops chose the same code offline and sync asks to rename one.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QWidget

from vigdesk.core.cases import Case
from vigdesk.core.changes import Changed
from vigdesk.services.session import Services
from vigdesk.ui.cases.dialogs.form import FormDialog, Work
from vigdesk.ui.tasks import TaskContext, TaskRunner
from vigdesk.ui.widgets.field import labelled

MAX_LENGTH = 20  # the service's rule (core.cases.clean_case_code) says why


class ChangeCodeDialog(FormDialog):
    """Emits `saved(Case)` with the case under its new code (or unchanged)."""

    def __init__(
        self, services: Services, runner: TaskRunner, case: Case, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            services,
            runner,
            self.tr("Change the code of case %1").replace("%1", case.code),
            self.tr("&Change code"),
            parent,
            intro=self.tr(
                "The code is how lists, the other laptops and the business officer name "
                "this case. Letters and exports made before keep the old code; the change "
                "is recorded in the audit log."
            ),
            changes={Changed.CASES},
        )
        self._case_id = case.id
        self.code_edit = QLineEdit(case.code)
        self.code_edit.setMaxLength(MAX_LENGTH)
        self.code_edit.setPlaceholderText(self.tr("e.g. VIG-26-K7QM"))
        self.code_edit.textEdited.connect(self._upper)
        self.fields.addWidget(
            labelled(
                self.tr("&New case code"),
                self.code_edit,
                self.tr("3 to 20 letters, digits and hyphens, e.g. %1A.").replace("%1", case.code)
                if len(case.code) < MAX_LENGTH
                else self.tr("3 to 20 letters, digits and hyphens."),
            )
        )
        self.code_edit.selectAll()
        self.code_edit.setFocus()

    def _upper(self, text: str) -> None:
        """Codes are upper case: show them so while typing, keeping the cursor put."""
        if text != text.upper():
            position = self.code_edit.cursorPosition()
            self.code_edit.setText(text.upper())
            self.code_edit.setCursorPosition(position)

    def task(self) -> Work | None:
        code = self.code_edit.text().strip()
        if not code:
            self.message.show_error(self.tr("Give the new case code."))
            self.code_edit.setFocus()
            return None
        case_id, cases = self._case_id, self.services.cases

        def work(ctx: TaskContext) -> Case:
            return cases.change_code(case_id, code)

        return work
