"""Wizard page 1: who is giving consent, and for whom.

Consent follows who is filmed: any adult of the family consents for themselves (a
carer or partner without parental responsibility too); a holder of parental
responsibility also for their children (which answers for themselves as well); the
local authority's representative for a looked-after child; a child judged able to
decide, for themselves. From here the practitioner can record the local authority's
representative and a child's competence; those are saved in a task and the page is
rebuilt from the case as it then stands.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from vigdesk.core.cases import Person, PersonKind
from vigdesk.core.changes import Changed
from vigdesk.core.consent import Purpose, entitled
from vigdesk.core.ids import PersonId
from vigdesk.services.session import Services
from vigdesk.ui.consent.texts import age_label, purpose_title, short_date, years_old
from vigdesk.ui.consent.wizard.draft import CaseSnapshot, Draft, load_case
from vigdesk.ui.consent.wizard.layout import scrolling_cards
from vigdesk.ui.consent.wizard.standing_dialogs import (
    AuthorityAnswer,
    AuthorityDialog,
    CompetenceAnswer,
    CompetenceDialog,
)
from vigdesk.ui.failures import Failure
from vigdesk.ui.look import set_role
from vigdesk.ui.tasks import TaskContext, TaskRunner
from vigdesk.ui.widgets.message_line import MessageLine
from vigdesk.ui.widgets.page import card

DECIDING_AGE = 7
"""From about this age the page offers to record that a child can decide for themselves
(Gillick sets no age; the practitioner judges each child)."""


class WhoPage(QWizardPage):
    """Complete once someone who may consent and at least one person they may consent
    for are chosen. `adult_buttons`: the givers; `child_boxes`: whom it is for."""

    def __init__(
        self,
        draft: Draft,
        runner: TaskRunner | None = None,
        services: Services | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._draft = draft
        self._runner = runner
        self._services = services
        self.saving = False
        self.setTitle(self.tr("Who is giving consent"))
        self.setSubTitle(
            self.tr(
                "Everyone who will be filmed consents for themselves; a child is covered "
                "by a parent with parental responsibility, by the local authority when "
                "looked after, or by their own consent when able to decide. Record one "
                "person now, the next afterwards."
            )
        )
        self.adult_group = QButtonGroup(self)
        self.adult_group.buttonToggled.connect(lambda *_: self._giver_changed())
        self.adult_buttons: dict[PersonId, QRadioButton] = {}
        self.child_boxes: dict[PersonId, QCheckBox] = {}
        self.competence_buttons: dict[str, QPushButton] = {}
        self.authority_button = QPushButton(self.tr("Record the local authority's consent…"))
        self.authority_button.clicked.connect(self.open_authority)
        self.dialog: QDialog | None = None
        self.message = MessageLine()
        self._for_whom = QVBoxLayout()
        self._body: QWidget | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self._build()

    # -- building ----------------------------------------------------------------------

    @property
    def _snap(self) -> CaseSnapshot:
        return self._draft.snapshot

    def _build(self) -> None:
        chosen = self.adult_group.checkedButton()
        was = next((pid for pid, b in self.adult_buttons.items() if b is chosen), None)
        for button in self.adult_group.buttons():
            self.adult_group.removeButton(button)
        self.adult_buttons.clear()
        self.child_boxes.clear()
        self.competence_buttons.clear()
        snap = self._snap
        givers, giver_layout = card(self.tr("Who is consenting"))
        for person in snap.adults + [c for c in snap.children if c.competent(snap.today)]:
            giver_layout.addWidget(self._giver_row(person))
        for_whom, self._for_whom = card(
            self.tr("For whom"), self.tr("Consent is recorded for each person ticked here.")
        )
        children, child_layout = card(
            self.tr("The children"),
            self.tr(
                "A foster or kinship carer cannot consent for a looked-after child: the "
                "local authority does. An older child who understands can decide for "
                "themselves."
            ),
        )
        for child in snap.children:
            child_layout.addWidget(self._child_row(child))
        child_layout.addWidget(self.authority_button, 0)
        self.authority_button.setEnabled(bool(snap.children) and self._runner is not None)
        body = scrolling_cards([self.message, givers, for_whom, children])
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        if self._body is not None:
            layout.removeWidget(self._body)
            self._body.hide()
            self._body.deleteLater()
        layout.addWidget(body)
        self._body = body
        if was is not None and was in self.adult_buttons:
            self.adult_buttons[was].setChecked(True)
        elif len(self.adult_buttons) == 1 or self._draft.giver_id in self.adult_buttons:
            pick = self._draft.giver_id or next(iter(self.adult_buttons))
            self.adult_buttons[pick].setChecked(True)
        self._giver_changed()

    def _giver_row(self, person: Person) -> QWidget:
        row = QWidget()
        layout = QVBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 4)
        layout.setSpacing(2)
        label = person.full_name
        if person.relationship:
            label += f"  ·  {person.relationship}"
        button = QRadioButton(label)
        layout.addWidget(button)
        self.adult_group.addButton(button)
        self.adult_buttons[person.id] = button
        notes = [self._standing(person), self._existing(person)]
        for note in filter(None, notes):
            hint = set_role(QLabel(note), "small")
            hint.setWordWrap(True)
            hint.setContentsMargins(26, 0, 0, 0)
            layout.addWidget(hint)
        return row

    def _standing(self, person: Person) -> str:
        if person.represents_authority:
            text = self.tr("For the local authority: %1.").replace("%1", person.authority_role)
            return f"{text} {person.authority_note}".strip()
        if person.kind is PersonKind.CHILD:
            return (
                self.tr("Judged able to decide on %1 by %2.")
                .replace("%1", short_date(person.competent_on))
                .replace("%2", person.competent_by)
            )
        if not person.parental_responsibility:
            return self.tr("No parental responsibility: consents to being filmed themselves.")
        return ""

    def _child_row(self, child: Person) -> QWidget:
        snap = self._snap
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        age = age_label(child.date_of_birth, snap.today)
        parts = [child.full_name] + ([age] if age else [])
        if child.looked_after:
            parts.append(self.tr("looked after: the local authority consents"))
        if child.competent(snap.today):
            parts.append(self.tr("decides for themselves"))
        line.addWidget(QLabel("  ·  ".join(parts)), 1)
        old_enough = years_old(child.date_of_birth, snap.today) >= DECIDING_AGE
        if old_enough and not child.competent(snap.today):
            button = QPushButton(self.tr("Able to decide…"))
            button.setEnabled(self._runner is not None)
            button.clicked.connect(lambda _=False, c=child: self.open_competence(c))
            self.competence_buttons[child.id] = button
            line.addWidget(button)
        return row

    def _giver_changed(self) -> None:
        """Rebuild the "for whom" ticks for the chosen giver."""
        while (item := self._for_whom.takeAt(2)) is not None:  # keep heading and intro
            if (widget := item.widget()) is not None:
                widget.hide()  # gone now, not only once the event loop deletes it
                widget.deleteLater()
        self.child_boxes.clear()
        giver = self._giver()
        snap = self._snap
        if giver is None:
            self._explain_gaps()
            self.completeChanged.emit()
            return
        mine = [c for c in snap.children if giver in entitled(c, snap.people, snap.today)]
        if giver.kind is PersonKind.ADULT and not giver.represents_authority and not mine:
            self._add_box(giver.id, self.tr("%1 (themselves, being filmed)"), giver)
        if giver.kind is PersonKind.CHILD:
            self._add_box(giver.id, self.tr("%1 (themselves)"), giver)
        for child in mine:
            if child.id != giver.id:
                age = age_label(child.date_of_birth, snap.today)
                self._add_box(child.id, "%1  ·  " + age if age else "%1", child)
        if mine and giver.kind is PersonKind.ADULT and not giver.represents_authority:
            self._for_whom.addWidget(
                _small(self.tr("Consenting for their children also answers for themselves."))
            )
        for child in snap.children:
            if child not in mine and child.id != giver.id:
                why = self._why_not(giver, child)
                self._for_whom.addWidget(_small(f"{child.full_name}: {why}"))
        self._explain_gaps()
        self.completeChanged.emit()

    def _add_box(self, person_id: PersonId, text: str, person: Person) -> None:
        box = QCheckBox(text.replace("%1", person.full_name))
        box.setChecked(True)
        box.toggled.connect(self.completeChanged)
        self.child_boxes[person_id] = box
        self._for_whom.addWidget(box)

    def _why_not(self, giver: Person, child: Person) -> str:
        if child.looked_after:
            return self.tr("looked after, so the local authority's representative consents.")
        if child.competent(self._snap.today):
            return self.tr("decides for themselves, or a parent with parental responsibility.")
        return self.tr("only someone with parental responsibility can consent.")

    def _existing(self, person: Person) -> str:
        standing = self._snap.given_by(person.id)
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
        snap = self._snap
        uncovered = [
            c
            for c in snap.children
            if not any(p.kind is PersonKind.ADULT for p in entitled(c, snap.people, snap.today))
            and not c.competent(snap.today)
        ]
        if not snap.adults and not self.adult_buttons:
            self.message.show_error(
                self.tr("Add the family's adults on the case page before recording consent.")
            )
        elif uncovered:
            names = ", ".join(c.full_name for c in uncovered)
            self.message.show_error(
                self.tr(
                    "Nobody here may consent for %1 yet. If they are looked after, record "
                    "the local authority's consent below; otherwise add the adult with "
                    "parental responsibility on the case page."
                ).replace("%1", names)
            )
        else:
            self.message.clear_message()

    def _giver(self) -> Person | None:
        chosen = self.adult_group.checkedButton()
        pid = next((p for p, b in self.adult_buttons.items() if b is chosen), None)
        return self._snap.person(pid) if pid else None

    # -- recording who may consent ---------------------------------------------------------

    def open_authority(self) -> None:
        dialog = AuthorityDialog(self._snap.children, self)
        dialog.accepted.connect(lambda: self._save_authority(dialog.answer()))
        self._show(dialog)

    def open_competence(self, child: Person) -> None:
        dialog = CompetenceDialog(child, self._snap.today, self)
        dialog.accepted.connect(lambda: self._save_competence(dialog.answer()))
        self._show(dialog)

    def _show(self, dialog: QDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()

    def _save_authority(self, answer: AuthorityAnswer) -> None:
        case_id = self._snap.case.id

        def save(services: Services) -> None:
            services.consent.add_authority(case_id, answer.name, answer.role, answer.note)
            for child_id in answer.looked_after:
                services.consent.set_looked_after(
                    child_id, True, parents_consent_too=answer.parents_too
                )

        self._save(save)

    def _save_competence(self, answer: CompetenceAnswer) -> None:
        self._save(
            lambda services: services.consent.judge_competent(
                answer.child_id, answer.on, answer.by, answer.note
            )
        )

    def _save(self, change: Callable[[Services], object]) -> None:
        services, runner, case_id = self._services, self._runner, self._snap.case.id
        assert services is not None and runner is not None

        def work(_: TaskContext) -> CaseSnapshot:
            change(services)
            return load_case(services, case_id)

        self.saving = True
        runner.run(
            work,
            on_success=self._reloaded,
            on_failure=self._failed,
            serial=True,
            changes={Changed.CONSENT, Changed.PEOPLE},
            owner=self,
        )

    def _reloaded(self, snapshot: CaseSnapshot) -> None:
        self.saving = False
        self._draft.snapshot = snapshot
        self._build()

    def _failed(self, failure: Failure) -> None:
        self.saving = False
        self.message.show_error(failure.message)

    # -- QWizardPage -------------------------------------------------------------------------

    def isComplete(self) -> bool:
        chosen = self.adult_group.checkedButton() is not None
        return chosen and any(b.isChecked() for b in self.child_boxes.values())

    def validatePage(self) -> bool:
        giver = self._giver()
        assert giver is not None
        self._draft.giver_id = giver.id
        self._draft.child_ids = [cid for cid, b in self.child_boxes.items() if b.isChecked()]
        return True


def _small(text: str) -> QLabel:
    label = set_role(QLabel(text), "small")
    label.setWordWrap(True)
    return label
