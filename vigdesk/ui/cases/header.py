"""The top of a case page: code, status, referral, the family, and where to go next."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vigdesk.core.cases import Case, CaseStatus, Person
from vigdesk.ui.look import mark_primary, set_role
from vigdesk.ui.models.labels import person_line, person_name, short_date, status_label

_PEOPLE_PER_ROW = 3


def status_chip(status: CaseStatus) -> QLabel:
    chip = QLabel(status_label(status))
    chip.setProperty("status", status.value)
    return set_role(chip, "cases-chip")


class CaseHeader(QFrame):
    """Buttons only emit; the page decides what they do."""

    activate_clicked = Signal()
    close_clicked = Signal()
    change_code_clicked = Signal()
    show_names_clicked = Signal()
    add_person_clicked = Signal()
    review_clicked = Signal()
    consent_clicked = Signal()
    records_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_role(self, "card")
        self.code_label = set_role(QLabel(), "cases-code")
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.chip_holder = QHBoxLayout()
        self.chip_holder.setContentsMargins(0, 0, 0, 0)
        self.change_code_button = set_role(QPushButton(self.tr("Change co&de…")), "cases-link")
        self.change_code_button.setToolTip(
            self.tr("Give this case another code, e.g. when sync finds the code used twice.")
        )
        self.details_label = set_role(QLabel(), "muted")
        self.details_label.setWordWrap(True)
        self.activate_button = mark_primary(QPushButton(self.tr("&Activate")))
        self.close_button = QPushButton(self.tr("C&lose case…"))
        self.show_names_button = set_role(QPushButton(self.tr("Show &names")), "cases-link")
        self.show_names_button.setToolTip(
            self.tr("Privacy mode is on: names show only when you ask (this is recorded).")
        )
        self.add_person_button = set_role(QPushButton(self.tr("Add &person…")), "cases-link")
        self.review_button = QPushButton(self.tr("Review &video"))
        self.consent_button = QPushButton(self.tr("Record c&onsent"))
        self.records_button = QPushButton(self.tr("Retention && &records"))
        self.people_grid = QGridLayout()
        self.people_grid.setContentsMargins(0, 0, 0, 0)
        self.people_grid.setHorizontalSpacing(10)
        self.people_grid.setVerticalSpacing(10)
        self.no_people = set_role(
            QLabel(self.tr("No one in the family is recorded yet: add the parent and child.")),
            "muted",
        )

        top = QHBoxLayout()
        top.setSpacing(12)
        top.addWidget(self.code_label)
        top.addLayout(self.chip_holder)
        top.addWidget(self.change_code_button, 0, Qt.AlignmentFlag.AlignVCenter)
        top.addStretch(1)
        top.addWidget(self.activate_button)
        top.addWidget(self.close_button)

        family = QHBoxLayout()
        family.setSpacing(16)
        people = QVBoxLayout()
        people.setSpacing(6)
        people.addLayout(self.people_grid)
        people.addWidget(self.no_people)
        family.addLayout(people, 1)
        links = QVBoxLayout()
        links.setSpacing(0)
        links.addWidget(self.show_names_button)
        links.addWidget(self.add_person_button)
        links.addStretch(1)
        family.addLayout(links)

        nav = QHBoxLayout()
        nav.setSpacing(8)
        for button in (self.review_button, self.consent_button, self.records_button):
            nav.addWidget(button)
        nav.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addWidget(self.details_label)
        layout.addWidget(set_role(QFrame(), "divider"))
        layout.addLayout(family)
        layout.addLayout(nav)

        self.activate_button.clicked.connect(self.activate_clicked)
        self.close_button.clicked.connect(self.close_clicked)
        self.change_code_button.clicked.connect(self.change_code_clicked)
        self.show_names_button.clicked.connect(self.show_names_clicked)
        self.add_person_button.clicked.connect(self.add_person_clicked)
        self.review_button.clicked.connect(self.review_clicked)
        self.consent_button.clicked.connect(self.consent_clicked)
        self.records_button.clicked.connect(self.records_clicked)

    def show_case(self, case: Case, people: tuple[Person, ...], names_shown: bool) -> None:
        self.code_label.setText(case.code)
        while (item := self.chip_holder.takeAt(0)) is not None:
            if (old := item.widget()) is not None:
                old.deleteLater()
        self.chip_holder.addWidget(status_chip(case.status), 0, Qt.AlignmentFlag.AlignVCenter)
        self.details_label.setText(self._details(case))
        self.activate_button.setVisible(case.status is CaseStatus.REFERRED)
        self.close_button.setVisible(case.status is not CaseStatus.CLOSED)
        self.show_names_button.setVisible(not names_shown and bool(people))
        self.add_person_button.setEnabled(case.status is not CaseStatus.CLOSED)
        self._show_people(people)

    def show_case_cleared(self) -> None:
        """Forget the case (the vault is locking)."""
        self.code_label.clear()
        self.details_label.clear()
        self._show_people(())

    def _details(self, case: Case) -> str:
        parts = [
            case.initials,
            self.tr("referred %1").replace("%1", short_date(case.referral_date)),
        ]
        if case.referral_source:
            parts[-1] += " " + self.tr("by %1").replace("%1", case.referral_source)
        if case.primary_difficulty:
            parts.append(case.primary_difficulty)
        if case.closed_on is not None:
            closed = self.tr("closed %1").replace("%1", short_date(case.closed_on))
            if case.closure_reason:
                closed += f" ({case.closure_reason})"
            parts.append(closed)
        return " · ".join(parts)

    def _show_people(self, people: tuple[Person, ...]) -> None:
        while (item := self.people_grid.takeAt(0)) is not None:
            if (old := item.widget()) is not None:
                old.deleteLater()
        for n, person in enumerate(people):
            self.people_grid.addWidget(
                person_card(person), n // _PEOPLE_PER_ROW, n % _PEOPLE_PER_ROW
            )
        for column in range(_PEOPLE_PER_ROW):
            self.people_grid.setColumnStretch(column, 1)
        self.no_people.setVisible(not people)


def person_card(person: Person) -> QFrame:
    card = set_role(QFrame(), "cases-person")
    card.setObjectName(f"person-{person.id}")
    layout = QVBoxLayout(card)
    layout.setContentsMargins(12, 8, 12, 8)
    layout.setSpacing(2)
    name = set_role(QLabel(person_name(person)), "cases-person-name")
    name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    line = set_role(QLabel(person_line(person)), "small")
    line.setWordWrap(True)
    layout.addWidget(name)
    layout.addWidget(line)
    return card
