"""The site console's Outbox tab (the BSO): letters practitioners sent for the family,
by case code and initials, author, date and status. Open shows the letter (and prints
it), Save as PDF writes it for secure e-mail, Mark sent records date and method. Each
step is audited by the letter service."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vigdesk.core.changes import Changed
from vigdesk.core.letters import DeliveryMethod, Letter, LetterStatus
from vigdesk.services.letters import OutboxLetter
from vigdesk.sync.letters import LetterContent
from vigdesk.ui.context import MainContext
from vigdesk.ui.failures import Failure
from vigdesk.ui.letters.panel import day_of
from vigdesk.ui.letters.preview import LetterPreview
from vigdesk.ui.look import mark_primary, set_role
from vigdesk.ui.sync.trees import console_tree
from vigdesk.ui.tasks import TaskContext
from vigdesk.ui.widgets.day_edit import uk_day_edit
from vigdesk.ui.widgets.message_line import MessageLine

METHOD_TEXT = {
    DeliveryMethod.EMAIL: "Secure e-mail",
    DeliveryMethod.POST: "Post",
    DeliveryMethod.BY_HAND: "By hand",
}


class MarkSentDialog(QDialog):
    """Date and method; emits `confirmed(date, DeliveryMethod)`."""

    confirmed = Signal(object, object)

    def __init__(self, label: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("letterMarkSent")
        self.setWindowTitle(self.tr("Mark sent"))
        self.setMinimumWidth(420)
        self.on = uk_day_edit(QDateEdit(QDate.currentDate()))
        self.on.setMaximumDate(QDate.currentDate())
        self.method = QComboBox()
        for method, text in METHOD_TEXT.items():
            self.method.addItem(self.tr(text), method)
        form = QFormLayout()
        form.addRow(self.tr("Sent on:"), self.on)
        form.addRow(self.tr("How:"), self.method)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._ok)
        buttons.rejected.connect(self.reject)
        col = QVBoxLayout(self)
        col.addWidget(set_role(QLabel(label), "heading"))
        col.addLayout(form)
        col.addWidget(buttons)

    def _ok(self) -> None:
        self.confirmed.emit(self.on.date().toPython(), DeliveryMethod(self.method.currentData()))
        self.accept()


class OutboxTab(QWidget):
    """The BSO's letters; `rows` as last loaded."""

    def __init__(self, ctx: MainContext) -> None:
        super().__init__()
        self.setObjectName("letterOutbox")
        self._ctx = ctx
        self.rows: list[OutboxLetter] = []
        note = set_role(
            QLabel(
                self.tr(
                    "Letters practitioners sealed for you: only a BSO can open them, and the "
                    "site folder names them by case code and initials. Open one to read or "
                    "print it, save it as a PDF for secure e-mail, then mark it sent."
                )
            ),
            "muted",
        )
        note.setWordWrap(True)
        self.tree = console_tree(
            [
                self.tr("Case"),
                self.tr("Letter"),
                self.tr("Author"),
                self.tr("Sent to you"),
                self.tr("Status"),
            ],
            (160, 220, 170, 130),
        )
        self.tree.setAccessibleName(self.tr("Letters in the outbox"))
        self.message = MessageLine()
        self.open_button = mark_primary(QPushButton(self.tr("&Open…")))
        self.save_button = QPushButton(self.tr("Save as &PDF…"))
        self.sent_button = QPushButton(self.tr("&Mark sent…"))
        for button in (self.open_button, self.save_button, self.sent_button):
            button.setAutoDefault(False)
            button.setEnabled(False)
        self.open_button.clicked.connect(lambda: self.open_current())
        self.save_button.clicked.connect(self.ask_folder)
        self.sent_button.clicked.connect(lambda: self.ask_sent())
        self.tree.currentItemChanged.connect(lambda *_: self._enable())
        self.tree.itemActivated.connect(lambda *_: self.open_current())
        row = QHBoxLayout()
        row.addStretch(1)
        for button in (self.open_button, self.save_button, self.sent_button):
            row.addWidget(button)
        col = QVBoxLayout(self)
        col.setContentsMargins(12, 14, 12, 12)
        col.setSpacing(10)
        col.addWidget(note)
        col.addWidget(self.tree, 1)
        col.addWidget(self.message)
        col.addLayout(row)
        self.preview: LetterPreview | None = None
        self.mark_dialog: MarkSentDialog | None = None
        ctx.events.data_changed.connect(self._data_changed)

    def _data_changed(self, changes: frozenset[Changed]) -> None:
        if Changed.LETTERS in changes:  # a sync brought letters or their status
            self.reload()

    def reload(self) -> None:
        letters = self._ctx.services.letters

        def work(_: TaskContext) -> list[OutboxLetter]:
            return letters.outbox()

        self._ctx.runner.run(work, on_success=self._show, on_failure=self._failed, owner=self)

    def _show(self, rows: list[OutboxLetter]) -> None:
        current = self.current()
        self.rows = rows
        self.tree.clear()
        for r in rows:
            letter = r.letter
            item = QTreeWidgetItem(
                [
                    f"{r.case_code} ({r.initials})",
                    letter.title,
                    letter.author_name,
                    day_of(letter.sent_to_bso_at),
                    letter.status_text(),
                ]
            )
            item.setData(0, 256, letter.id)
            self.tree.addTopLevelItem(item)
            if current is not None and current.letter.id == letter.id:
                self.tree.setCurrentItem(item)
        first = self.tree.topLevelItem(0)
        if self.tree.currentItem() is None and first is not None:
            self.tree.setCurrentItem(first)
        self._enable()

    def current(self) -> OutboxLetter | None:
        item = self.tree.currentItem()
        if item is None:
            return None
        letter_id = item.data(0, 256)
        return next((r for r in self.rows if r.letter.id == letter_id), None)

    def _enable(self) -> None:
        row = self.current()
        for button in (self.open_button, self.save_button):
            button.setEnabled(row is not None)
        self.sent_button.setEnabled(row is not None and row.letter.status is LetterStatus.WITH_BSO)

    def _failed(self, failure: Failure) -> None:
        self.message.show_error(failure.message)

    # -- actions ------------------------------------------------------------------------------

    def open_current(self) -> None:
        row = self.current()
        if row is None:
            return
        letters, letter_id = self._ctx.services.letters, row.letter.id

        def work(_: TaskContext) -> LetterContent:
            return letters.open_letter(letter_id)

        def opened(content: LetterContent) -> None:
            self.message.clear_message()
            self.preview = LetterPreview(
                content.html,
                f"{row.case_code} ({row.initials}): {row.letter.title}",
                self.tr("Opened from the site's outbox. Nothing is saved to disk."),
                self,
                on_printed=lambda: self._printed(letter_id),
            )
            self.preview.open()

        self._ctx.runner.run(work, on_success=opened, on_failure=self._failed, owner=self)

    def _printed(self, letter_id: str) -> None:
        letters = self._ctx.services.letters

        def work(_: TaskContext) -> None:
            letters.printed(letter_id)

        self._ctx.runner.run(work, on_success=lambda _: None, on_failure=self._failed, owner=self)

    def ask_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(
            self, self.tr("Save the letter as PDF into"), str(Path.home())
        )
        if chosen:
            self.save_to(Path(chosen))

    def save_to(self, folder: Path) -> None:
        row = self.current()
        if row is None:
            return
        letters, letter_id = self._ctx.services.letters, row.letter.id

        def work(_: TaskContext) -> Path:
            return letters.save_pdf(letter_id, folder)

        def saved(path: Path) -> None:
            self.message.show_notice(
                self.tr("Saved %1. Send it by secure e-mail, then delete it.").replace(
                    "%1", path.name
                )
            )

        self._ctx.runner.run(work, on_success=saved, on_failure=self._failed, owner=self)

    def ask_sent(self) -> MarkSentDialog | None:
        row = self.current()
        if row is None:
            return None
        dialog = MarkSentDialog(f"{row.case_code} ({row.initials}): {row.letter.title}", self)
        dialog.confirmed.connect(lambda on, how: self.mark_sent(row.letter.id, on, how))
        dialog.open()
        self.mark_dialog = dialog
        return dialog

    def mark_sent(self, letter_id: str, on: date, method: DeliveryMethod) -> None:
        letters = self._ctx.services.letters

        def work(_: TaskContext) -> Letter:
            return letters.mark_sent(letter_id, method, on)

        self._ctx.runner.run(
            work,
            on_success=lambda _: self.reload(),
            on_failure=self._failed,
            serial=True,
            changes={Changed.LETTERS},
            owner=self,
        )
