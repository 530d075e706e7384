"""Wizard page 3: each purpose answered yes or no, and the child's own view."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from vigdesk.core.consent import Purpose
from vigdesk.core.consent_wording import video_period
from vigdesk.core.ids import PersonId
from vigdesk.ui.consent.texts import age_label, purpose_line, purpose_title, years_old
from vigdesk.ui.consent.wizard.draft import Draft
from vigdesk.ui.consent.wizard.layout import scrolling_cards
from vigdesk.ui.look import set_role
from vigdesk.ui.widgets.message_line import MessageLine
from vigdesk.ui.widgets.page import card

VIEW_AGE = 3  # from about three, most children can say something about being filmed


class PurposesPage(QWizardPage):
    """Complete once every purpose has an explicit yes or no."""

    def __init__(self, draft: Draft, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._draft = draft
        self.setTitle(self.tr("What is agreed"))
        self.setSubTitle(
            self.tr(
                "Each purpose is a separate choice. A “no” is recorded too, and any answer "
                "can be changed later."
            )
        )
        self.yes: dict[Purpose, QPushButton] = {}
        self.no: dict[Purpose, QPushButton] = {}
        self.view_edits: dict[str, QPlainTextEdit] = {}
        self.advice = MessageLine()
        purposes, rows = card()
        rows.setSpacing(0)
        for n, purpose in enumerate(Purpose):
            if n:
                rows.addWidget(set_role(QFrame(), "divider"))
            rows.addWidget(self._purpose_row(purpose))
        self.views_card, self._views = card(
            self.tr("The child's own view"),
            self.tr("Where the child is old enough, note what they think, in their words."),
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scrolling_cards([purposes, self.advice, self.views_card]))

    def _purpose_row(self, purpose: Purpose) -> QWidget:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 12, 0, 12)
        layout.setSpacing(16)
        texts = QVBoxLayout()
        texts.setSpacing(3)
        texts.addWidget(set_role(QLabel(purpose_title(purpose)), "heading"))
        period = video_period(self._draft.snapshot.policy)
        line = set_role(QLabel(purpose_line(purpose, period)), "muted")
        line.setWordWrap(True)
        texts.addWidget(line)
        layout.addLayout(texts, 1)
        group = QButtonGroup(row)
        for answer, label in ((True, self.tr("Yes")), (False, self.tr("No"))):
            button = set_role(QPushButton(label), "consent-yes" if answer else "consent-no")
            button.setCheckable(True)
            button.setAccessibleName(f"{purpose_title(purpose)}: {label}")
            group.addButton(button)
            layout.addWidget(button)
            (self.yes if answer else self.no)[purpose] = button
            button.toggled.connect(
                lambda on, p=purpose, a=answer: self._answered(p, a) if on else None
            )
        return row

    def answer(self, purpose: Purpose, granted: bool) -> None:
        """Press Yes or No for `purpose` (what a click does)."""
        (self.yes if granted else self.no)[purpose].setChecked(True)

    def _answered(self, purpose: Purpose, granted: bool) -> None:
        self._draft.answers[purpose] = granted
        answers = self._draft.answers
        if answers[Purpose.FILM] and answers[Purpose.KEEP] is False:
            self.advice.show_notice(
                self.tr(
                    "Filming also needs “Keeping the video”: without it, no video can be "
                    "recorded for this family."
                )
            )
        else:
            self.advice.clear_message()
        self.completeChanged.emit()

    def initializePage(self) -> None:
        while (item := self._views.takeAt(2)) is not None:  # keep the heading and intro
            if (widget := item.widget()) is not None:
                widget.deleteLater()
        self.view_edits.clear()
        today = self._draft.snapshot.today
        # A child consenting for themselves gives their own answers, not a "view".
        children = [c for c in self._draft.children if c.id != self._draft.giver_id]
        self.views_card.setVisible(bool(children))
        for child in children:
            age = age_label(child.date_of_birth, today)
            label = set_role(
                QLabel(f"{child.full_name}  ·  {age}" if age else child.full_name), "heading"
            )
            edit = QPlainTextEdit(self._draft.child_views.get(child.id, ""))
            edit.setFixedHeight(64)
            edit.setAccessibleName(self.tr("{name}'s own view").format(name=child.full_name))
            if years_old(child.date_of_birth, today) < VIEW_AGE:
                edit.setPlaceholderText(
                    self.tr(
                        "Usually too young to give a view: leave empty, or note how they responded."
                    )
                )
            else:
                edit.setPlaceholderText(
                    self.tr("In the child's own words, e.g. “I like watching me on the laptop.”")
                )
            edit.textChanged.connect(lambda c=child.id, e=edit: self._note_view(c, e))
            self._views.addWidget(label)
            self._views.addWidget(edit)
            self.view_edits[child.id] = edit

    def _note_view(self, child_id: PersonId, edit: QPlainTextEdit) -> None:
        self._draft.child_views[child_id] = edit.toPlainText()

    def cleanupPage(self) -> None:
        """Going back keeps the answers; nothing to undo."""

    def isComplete(self) -> bool:
        return self._draft.all_answered()
