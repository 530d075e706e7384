"""Who may consent for a child, recorded from the wizard's first page: the local
authority's representative for a looked-after child, and a child judged able to decide
for themselves. Plain dialogs on the GUI thread; the page saves their `answer()` in a task.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from vigdesk.core.cases import Person
from vigdesk.core.ids import PersonId
from vigdesk.ui.look import mark_primary, set_role


@dataclass(frozen=True)
class AuthorityAnswer:
    name: str
    role: str
    note: str
    looked_after: tuple[PersonId, ...]  # child ids
    parents_too: bool


@dataclass(frozen=True)
class CompetenceAnswer:
    child_id: PersonId
    on: date
    by: str
    note: str


def _buttons(dialog: QDialog, ok: str) -> QDialogButtonBox:
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    button = buttons.button(QDialogButtonBox.StandardButton.Ok)
    button.setText(ok)
    mark_primary(button)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def _intro(text: str) -> QLabel:
    label = set_role(QLabel(text), "muted")
    label.setWordWrap(True)
    return label


class AuthorityDialog(QDialog):
    """The local authority's representative (usually the child's social worker), the
    order and delegated-authority note, and which children are looked after."""

    def __init__(self, children: Sequence[Person], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("authorityDialog")
        self.setMinimumWidth(560)
        self.setWindowTitle(self.tr("The local authority's consent"))
        self.name = QLineEdit()
        self.role = QLineEdit()
        self.role.setPlaceholderText(self.tr("e.g. Social worker, Children in Care team"))
        self.note = QPlainTextEdit()
        self.note.setFixedHeight(64)
        self.note.setPlaceholderText(
            self.tr("The order (e.g. care order, s.20) and what the delegated authority says")
        )
        self.child_boxes: dict[PersonId, QCheckBox] = {}
        self.parents_too = QCheckBox(
            self.tr("The delegated-authority agreement lets the birth parents consent too")
        )
        form = QFormLayout()
        form.addRow(self.tr("Representative"), self.name)
        form.addRow(self.tr("Role and team"), self.role)
        form.addRow(self.tr("Order and agreement"), self.note)
        layout = QVBoxLayout(self)
        layout.addWidget(
            _intro(
                self.tr(
                    "For a looked-after child, consent comes from the local authority, not "
                    "from the foster or kinship carer. Record who gives it; they sign the "
                    "form as the local authority's representative. Carers consent to being "
                    "filmed themselves."
                )
            )
        )
        layout.addLayout(form)
        layout.addWidget(set_role(QLabel(self.tr("Looked-after children")), "heading"))
        for child in children:
            box = QCheckBox(child.full_name)
            box.setChecked(child.looked_after or len(children) == 1)
            box.toggled.connect(self._update)
            self.child_boxes[child.id] = box
            layout.addWidget(box)
        layout.addWidget(self.parents_too)
        self.buttons = _buttons(self, self.tr("Record"))
        layout.addWidget(self.buttons)
        self.name.textChanged.connect(self._update)
        self.role.textChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        ready = bool(self.name.text().strip() and self.role.text().strip())
        ready = ready and any(b.isChecked() for b in self.child_boxes.values())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ready)

    def answer(self) -> AuthorityAnswer:
        return AuthorityAnswer(
            self.name.text().strip(),
            self.role.text().strip(),
            self.note.toPlainText().strip(),
            tuple(cid for cid, box in self.child_boxes.items() if box.isChecked()),
            self.parents_too.isChecked(),
        )


class CompetenceDialog(QDialog):
    """A child judged able to understand and decide (Gillick): when, by whom, and why.
    From then their own consent counts, and their refusal stops filming."""

    def __init__(self, child: Person, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("competenceDialog")
        self.setMinimumWidth(520)
        self._child_id = child.id
        self.setWindowTitle(self.tr("Able to decide: %1").replace("%1", child.full_name))
        self.on = QDateEdit(QDate(today.year, today.month, today.day))
        self.on.setCalendarPopup(True)
        self.on.setMaximumDate(QDate(today.year, today.month, today.day))
        self.by = QLineEdit()
        self.by.setPlaceholderText(self.tr("Name and role of who judged it"))
        self.note = QPlainTextEdit()
        self.note.setFixedHeight(64)
        self.note.setPlaceholderText(self.tr("What showed they understood what is asked"))
        form = QFormLayout()
        form.addRow(self.tr("Judged on"), self.on)
        form.addRow(self.tr("Judged by"), self.by)
        form.addRow(self.tr("Why"), self.note)
        layout = QVBoxLayout(self)
        layout.addWidget(
            _intro(
                self.tr(
                    "A child who understands what filming and keeping the video mean can "
                    "give or refuse consent themselves. Their refusal stops filming them, "
                    "whatever the adults say."
                )
            )
        )
        layout.addLayout(form)
        self.buttons = _buttons(self, self.tr("Record"))
        layout.addWidget(self.buttons)
        self.by.textChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.by.text().strip()))

    def answer(self) -> CompetenceAnswer:
        day = self.on.date()
        return CompetenceAnswer(
            self._child_id,
            date(day.year(), day.month(), day.day()),
            self.by.text().strip(),
            self.note.toPlainText().strip(),
        )
