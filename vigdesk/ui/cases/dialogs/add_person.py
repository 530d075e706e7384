"""Add a person to a case: an adult (relationship, parental responsibility) or a child."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QRadioButton,
    QWidget,
)

from vigdesk.core.cases import Person, PersonKind
from vigdesk.core.changes import Changed
from vigdesk.core.ids import CaseId
from vigdesk.services.session import Services
from vigdesk.ui.cases.dialogs.form import FormDialog, Work, date_edit, from_qdate
from vigdesk.ui.tasks import TaskContext, TaskRunner
from vigdesk.ui.widgets.field import labelled

RELATIONSHIPS = (
    "mother",
    "father",
    "carer",
    "foster carer",
    "adoptive mother",
    "adoptive father",
    "grandmother",
    "grandfather",
    "step-parent",
)


class AddPersonDialog(FormDialog):
    """Emits `saved(Person)`. The service checks dates and who may hold responsibility."""

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
            self.tr("Add a person"),
            self.tr("&Add person"),
            parent,
            changes={Changed.CASES, Changed.PEOPLE},
        )
        self._case_id = case_id
        self.adult_radio = QRadioButton(self.tr("A&dult"))
        self.child_radio = QRadioButton(self.tr("C&hild"))
        self.adult_radio.setChecked(True)
        kinds = QButtonGroup(self)
        kinds.addButton(self.adult_radio)
        kinds.addButton(self.child_radio)
        kind_row = QWidget()
        row = QHBoxLayout(kind_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(18)
        row.addWidget(self.adult_radio)
        row.addWidget(self.child_radio)
        row.addStretch(1)

        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(self.tr("First and last name"))
        self.relationship_combo = QComboBox()
        self.relationship_combo.setEditable(True)
        self.relationship_combo.addItems([self.tr(r) for r in RELATIONSHIPS])
        self.pr_box = QCheckBox(self.tr("Has &parental responsibility"))
        self.pr_box.setChecked(True)
        self.birth_edit = date_edit(date(today.year - 2, today.month, min(today.day, 28)))

        self.fields.addWidget(kind_row)
        self.fields.addWidget(labelled(self.tr("Full &name"), self.name_edit))
        self.relationship_field = labelled(
            self.tr("&Relationship to the child"), self.relationship_combo
        )
        self.fields.addWidget(self.relationship_field)
        self.fields.addWidget(self.pr_box)
        self.birth_field = labelled(self.tr("Date of &birth"), self.birth_edit)
        self.fields.addWidget(self.birth_field)
        self.child_radio.toggled.connect(self._kind_changed)
        self._kind_changed()
        self.name_edit.setFocus()

    @property
    def kind(self) -> PersonKind:
        return PersonKind.CHILD if self.child_radio.isChecked() else PersonKind.ADULT

    def _kind_changed(self) -> None:
        child = self.kind is PersonKind.CHILD
        self.relationship_field.setVisible(not child)
        self.pr_box.setVisible(not child)
        self.birth_field.setVisible(child)
        self.adjustSize()

    def task(self) -> Work | None:
        name = self.name_edit.text().strip()
        if not name:
            self.message.show_error(self.tr("Give the person's name."))
            self.name_edit.setFocus()
            return None
        kind, case_id, cases = self.kind, self._case_id, self.services.cases
        child = kind is PersonKind.CHILD
        born = from_qdate(self.birth_edit.date()) if child else None
        relationship = "child" if child else self.relationship_combo.currentText().strip()
        pr = not child and self.pr_box.isChecked()

        def work(ctx: TaskContext) -> Person:
            return cases.add_person(
                case_id,
                kind,
                name,
                date_of_birth=born,
                parental_responsibility=pr,
                relationship=relationship,
            )

        return work
