"""Wizard page 1: which adult with parental responsibility is consenting, for which children."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from vigdesk.core.cases import Person
from vigdesk.core.consent import Purpose
from vigdesk.ui.consent.texts import age_label, purpose_title, short_date
from vigdesk.ui.consent.wizard.draft import Draft
from vigdesk.ui.consent.wizard.layout import scrolling_cards
from vigdesk.ui.look import set_role
from vigdesk.ui.widgets.message_line import MessageLine
from vigdesk.ui.widgets.page import card


class WhoPage(QWizardPage):
    """Complete once an adult who may consent and at least one child are chosen."""

    def __init__(self, draft: Draft, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._draft = draft
        snap = draft.snapshot
        self.setTitle(self.tr("Who is giving consent"))
        self.setSubTitle(
            self.tr(
                "Each adult with parental responsibility consents separately. Choose one "
                "now; record the next adult afterwards."
            )
        )
        self.adult_group = QButtonGroup(self)
        self.adult_buttons: dict[str, QRadioButton] = {}
        self.child_boxes: dict[str, QCheckBox] = {}
        self.message = MessageLine()

        adults, adult_layout = card(self.tr("Adult"))
        for person in snap.adults:
            adult_layout.addWidget(self._adult_row(person))
        children, child_layout = card(
            self.tr("For which children"),
            self.tr("Consent is recorded for each child ticked here."),
        )
        for child in snap.children:
            age = age_label(child.date_of_birth, snap.today)
            box = QCheckBox(f"{child.full_name}  ·  {age}" if age else child.full_name)
            box.setChecked(True)
            box.toggled.connect(self.completeChanged)
            self.child_boxes[child.id] = box
            child_layout.addWidget(box)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scrolling_cards([self.message, adults, children]))
        self.adult_group.buttonToggled.connect(lambda *_: self.completeChanged.emit())
        self._explain_gaps()

    def _adult_row(self, person: Person) -> QWidget:
        row = QWidget()
        layout = QVBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 4)
        layout.setSpacing(2)
        label = person.full_name
        if person.relationship:
            label += f"  ·  {person.relationship}"
        button = QRadioButton(label)
        layout.addWidget(button)
        if person.parental_responsibility:
            self.adult_group.addButton(button)
            self.adult_buttons[person.id] = button
            note = self._existing(person)
        else:
            button.setEnabled(False)
            note = self.tr("No parental responsibility recorded, so cannot give consent.")
        if note:
            hint = set_role(QLabel(note), "small")
            hint.setWordWrap(True)
            hint.setContentsMargins(26, 0, 0, 0)
            layout.addWidget(hint)
        if len(self.adult_buttons) == 1 and person.parental_responsibility:
            button.setChecked(True)
        return row

    def _existing(self, person: Person) -> str:
        standing = self._draft.snapshot.given_by(person.id)
        if not standing:
            return ""
        latest = max(r.given_on for r in standing)
        agreed = sorted(
            {r.purpose for r in standing if r.granted and r.given_on == latest},
            key=list(Purpose).index,
        )
        what = ", ".join(purpose_title(p).lower() for p in agreed) or self.tr("nothing")
        return self.tr("Already recorded on {day}: agreed to {what}.").format(
            day=short_date(latest), what=what
        )

    def _explain_gaps(self) -> None:
        if not self.adult_buttons:
            self.message.show_error(
                self.tr(
                    "Nobody in this case holds parental responsibility. Add the adult who "
                    "does, on the case page, before recording consent."
                )
            )
        elif not self.child_boxes:
            self.message.show_error(
                self.tr("Add the family's children on the case page before recording consent.")
            )

    def isComplete(self) -> bool:
        chosen = self.adult_group.checkedButton() is not None
        return chosen and any(b.isChecked() for b in self.child_boxes.values())

    def validatePage(self) -> bool:
        giver = next(pid for pid, b in self.adult_buttons.items() if b.isChecked())
        self._draft.giver_id = giver
        self._draft.child_ids = [cid for cid, b in self.child_boxes.items() if b.isChecked()]
        return True
