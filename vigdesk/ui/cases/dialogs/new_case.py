"""Cases › New case: initials, referral date, who referred, and the main difficulty."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from vigdesk.core.cases import Case
from vigdesk.core.changes import Changed
from vigdesk.services.session import Services
from vigdesk.ui.cases.dialogs.form import FormDialog, Work, date_edit, from_qdate
from vigdesk.ui.tasks import TaskContext, TaskRunner
from vigdesk.ui.widgets.field import labelled

SOURCES = (
    "health visitor",
    "social worker",
    "GP",
    "nursery",
    "school",
    "early help",
    "adoption team",
    "self-referral",
)


class NewCaseDialog(FormDialog):
    """Emits `saved(Case)`; the case starts as referred, with a fresh code."""

    def __init__(
        self, services: Services, runner: TaskRunner, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            services,
            runner,
            self.tr("New case"),
            self.tr("&Create case"),
            parent,
            intro=self.tr(
                "A case is listed by its code and the family's initials only. "
                "Add the people in the family once it is created."
            ),
            changes={Changed.CASES},
        )
        self.initials_edit = QLineEdit()
        self.initials_edit.setMaxLength(6)
        self.initials_edit.setPlaceholderText(self.tr("e.g. RA"))
        self.referral_edit = date_edit(today)
        self.source_combo = QComboBox()
        self.source_combo.setEditable(True)
        self.source_combo.addItems([self.tr(s) for s in SOURCES])
        self.source_combo.setCurrentIndex(-1)
        line = self.source_combo.lineEdit()
        if line is not None:
            line.setPlaceholderText(self.tr("e.g. health visitor"))
        self.difficulty_edit = QLineEdit()
        self.difficulty_edit.setPlaceholderText(self.tr("e.g. separation distress"))
        self.fields.addWidget(
            labelled(
                self.tr("Family &initials"),
                self.initials_edit,
                self.tr("Letters only, e.g. the main carer's initials."),
            )
        )
        self.fields.addWidget(labelled(self.tr("&Referral date"), self.referral_edit))
        self.fields.addWidget(labelled(self.tr("Referred &by"), self.source_combo))
        self.fields.addWidget(labelled(self.tr("Primary &difficulty"), self.difficulty_edit))
        self.initials_edit.setFocus()

    def task(self) -> Work | None:
        initials = self.initials_edit.text().strip()
        if not initials:
            self.message.show_error(self.tr("Give the family's initials."))
            self.initials_edit.setFocus()
            return None
        if not all(c.isalpha() for c in initials):
            self.message.show_error(
                self.tr("Initials are letters only, such as RA: “%1” is not.").replace(
                    "%1", initials
                )
            )
            self.initials_edit.setFocus()
            self.initials_edit.selectAll()
            return None
        referral = from_qdate(self.referral_edit.date())
        source = self.source_combo.currentText().strip()
        difficulty = self.difficulty_edit.text().strip()
        cases = self.services.cases

        def work(ctx: TaskContext) -> Case:
            return cases.add_case(
                initials, referral, referral_source=source, primary_difficulty=difficulty
            )

        return work
