"""The case's Letters tab: each letter with its status, a new letter from a template,
and "Copy for an e-mail"."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from vigdesk.core.dates import day_text
from vigdesk.core.letters import Letter, LetterStatus, LetterTemplate
from vigdesk.ui.cases.tab_page import TabPage
from vigdesk.ui.look import mark_primary, set_role


def day_of(stamp: str | None) -> str:
    """ "4 Dec 2026" from an ISO time stamp, as every other screen shows dates."""
    return day_text(date.fromisoformat(stamp[:10])) if stamp else "—"


class LettersPanel(TabPage):
    """Emits `new_clicked(kind)`, `open_clicked(Letter)` and `email_clicked`."""

    new_clicked = Signal(str)
    open_clicked = Signal(object)
    email_clicked = Signal()

    def __init__(self) -> None:
        super().__init__(
            self.tr(
                "Letters to the family go through the BSO, sealed so only the BSO can open "
                "them. Advice e-mails use the case code and initials only."
            ),
            self.tr("No letters yet"),
            self.tr("Choose a template and start a letter: it is filled from the case."),
        )
        self.template = QComboBox()
        self.template.setAccessibleName(self.tr("Letter template"))
        self.new_button = mark_primary(QPushButton(self.tr("New &letter")))
        self.email_button = QPushButton(self.tr("Copy for an &e-mail…"))
        self.toolbar.addWidget(self.template)
        self.toolbar.addWidget(self.new_button)
        self.toolbar.addWidget(self.email_button)
        self.new_button.clicked.connect(
            lambda: self.new_clicked.emit(self.template.currentData() or "blank")
        )
        self.email_button.clicked.connect(self.email_clicked)

    def show_letters(
        self, letters: tuple[Letter, ...], templates: tuple[LetterTemplate, ...], editable: bool
    ) -> None:
        current = self.template.currentData()
        self.template.clear()
        for t in templates:
            self.template.addItem(t.title, t.kind)
        if current is not None and (n := self.template.findData(current)) >= 0:
            self.template.setCurrentIndex(n)
        self.new_button.setEnabled(editable and bool(templates))
        newest = sorted(letters, key=lambda x: x.created_at, reverse=True)
        self.set_cards([self._card(x) for x in newest])

    def _card(self, letter: Letter) -> QFrame:
        card = set_role(QFrame(), "card")
        layout = QVBoxLayout(card)
        layout.setContentsMargins(18, 12, 18, 14)
        layout.setSpacing(4)
        top = QHBoxLayout()
        top.addWidget(set_role(QLabel(letter.title), "heading"))
        top.addWidget(set_role(QLabel(day_of(letter.created_at)), "muted"))
        top.addStretch(1)
        status = set_role(QLabel(letter.status_text()), "small")
        status.setProperty("status", letter.status.value)
        top.addWidget(status)
        label = self.tr("Edit…") if letter.status is LetterStatus.DRAFT else self.tr("Open…")
        button = set_role(QPushButton(label), "cases-link")
        button.setAccessibleName(f"{label} {letter.title} {day_of(letter.created_at)}")
        button.clicked.connect(lambda: self.open_clicked.emit(letter))
        top.addWidget(button)
        layout.addLayout(top)
        layout.addWidget(
            set_role(QLabel(self.tr("By %1").replace("%1", letter.author_name)), "muted")
        )
        return card
