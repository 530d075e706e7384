"""The letter editor: rich text (bold, italic, lists), Save, Preview PDF, Send to the BSO.

The words are read and saved in tasks; the PDF is rendered on the GUI thread (Qt's text
engine) and handed to the send task as bytes. A sent letter opens read-only.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent, QTextCharFormat, QTextListFormat
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from vigdesk.core.changes import Changed
from vigdesk.core.letters import Letter, LetterStatus
from vigdesk.render.pdf import html_to_pdf
from vigdesk.services.letters import PAGE_STYLE
from vigdesk.ui.context import MainContext
from vigdesk.ui.failures import Failure
from vigdesk.ui.letters.preview import LetterPreview
from vigdesk.ui.look import mark_primary, set_role
from vigdesk.ui.tasks import TaskContext
from vigdesk.ui.widgets.message_line import MessageLine


def document_html(body: str) -> str:
    """The letter as the service's PDF document wraps it."""
    return f"<html><head>{PAGE_STYLE}</head><body>{body}</body></html>"


class RichTextEdit(QTextEdit):
    """Ctrl+B, Ctrl+I and Ctrl+Shift+L format the selection (bold, italic, a list);
    handled here rather than as window shortcuts, so nothing else can take the keys."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ctrl = Qt.KeyboardModifier.ControlModifier
        shift_ctrl = ctrl | Qt.KeyboardModifier.ShiftModifier
        if not self.isReadOnly() and mods == ctrl and event.key() == Qt.Key.Key_B:
            toggle_bold(self)
        elif not self.isReadOnly() and mods == ctrl and event.key() == Qt.Key.Key_I:
            toggle_italic(self)
        elif not self.isReadOnly() and mods == shift_ctrl and event.key() == Qt.Key.Key_L:
            self.textCursor().createList(QTextListFormat.Style.ListDisc)
        else:
            super().keyPressEvent(event)


def toggle_bold(text: QTextEdit) -> None:
    fmt = QTextCharFormat()
    bold = text.fontWeight() != QFont.Weight.Bold
    fmt.setFontWeight(QFont.Weight.Bold if bold else QFont.Weight.Normal)
    text.mergeCurrentCharFormat(fmt)


def toggle_italic(text: QTextEdit) -> None:
    fmt = QTextCharFormat()
    fmt.setFontItalic(not text.fontItalic())
    text.mergeCurrentCharFormat(fmt)


class LetterEditor(QDialog):
    """Emits `changed` after a save or a send (the case's Letters tab reloads)."""

    changed = Signal()

    def __init__(self, ctx: MainContext, letter: Letter, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("letterEditor")
        self._ctx, self.letter = ctx, letter
        self.editable = letter.status is LetterStatus.DRAFT
        self.setWindowTitle(self.tr("Letter: %1").replace("%1", letter.title))
        self.resize(900, 620)
        self.title = set_role(QLabel(letter.title), "title")
        self.status = set_role(QLabel(self._status_text()), "muted")
        self.status.setWordWrap(True)

        self.text = RichTextEdit()
        self.text.setObjectName("letterText")
        self.text.setAcceptRichText(True)
        self.text.setTabChangesFocus(True)
        self.text.setReadOnly(True)
        self.text.setAccessibleName(self.tr("The letter's text"))
        self.bold = self._tool(self.tr("B"), self.tr("Bold (Ctrl+B)"))
        self.bold.clicked.connect(lambda: toggle_bold(self.text))
        self.italic = self._tool(self.tr("I"), self.tr("Italic (Ctrl+I)"))
        self.italic.clicked.connect(lambda: toggle_italic(self.text))
        self.bullets = self._tool(self.tr("• List"), self.tr("Bulleted list (Ctrl+Shift+L)"))
        self.bullets.clicked.connect(
            lambda: self.text.textCursor().createList(QTextListFormat.Style.ListDisc)
        )
        tools = QHBoxLayout()
        tools.setSpacing(4)
        for button in (self.bold, self.italic, self.bullets):
            tools.addWidget(button)
        tools.addStretch(1)

        self.message = MessageLine()
        self.preview_button = QPushButton(self.tr("Pre&view PDF…"))
        self.save_button = QPushButton(self.tr("&Save"))
        self.send_button = mark_primary(QPushButton(self.tr("Send to the &BSO…")))
        self.close_button = QPushButton(self.tr("Close"))
        for push in (self.preview_button, self.save_button, self.send_button, self.close_button):
            push.setAutoDefault(False)
        self.preview_button.clicked.connect(self.preview)
        self.save_button.clicked.connect(lambda: self.save())
        self.send_button.clicked.connect(self.confirm_send)
        self.close_button.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.preview_button)
        row.addStretch(1)
        row.addWidget(self.save_button)
        row.addWidget(self.send_button)
        row.addWidget(self.close_button)

        col = QVBoxLayout(self)
        col.setContentsMargins(24, 20, 24, 16)
        col.setSpacing(8)
        col.addWidget(self.title)
        col.addWidget(self.status)
        col.addLayout(tools)
        col.addWidget(self.text, 1)
        col.addWidget(self.message)
        col.addLayout(row)
        for widget in (self.bold, self.italic, self.bullets, self.save_button, self.send_button):
            widget.setEnabled(False)
        self.preview_button.setEnabled(False)
        ctx.events.vault_locked.connect(self.reject)
        self.preview_dialog: LetterPreview | None = None
        self._load()

    def _tool(self, text: str, tip: str) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        return button

    def _status_text(self) -> str:
        if self.letter.status is LetterStatus.DRAFT:
            return self.tr(
                "Draft, on this laptop only. It names the family: once sent, only the BSO can "
                "open it, and the site folder shows just the case code and initials."
            )
        return self.tr("%1. Sent letters cannot be changed.").replace(
            "%1", self.letter.status_text()
        )

    # -- loading and saving -------------------------------------------------------------------

    def _load(self) -> None:
        letters, letter_id = self._ctx.services.letters, self.letter.id

        def work(_: TaskContext) -> str:
            return letters.text(letter_id)

        self._ctx.runner.run(work, on_success=self._loaded, on_failure=self._failed, owner=self)

    def _loaded(self, body: str) -> None:
        self.text.setHtml(body)
        self.text.document().setModified(False)
        self.text.setReadOnly(not self.editable)
        for widget in (self.bold, self.italic, self.bullets, self.save_button, self.send_button):
            widget.setEnabled(self.editable)
        self.preview_button.setEnabled(True)
        self.text.setFocus()

    def _failed(self, failure: Failure) -> None:
        self.message.show_error(failure.message)
        self.save_button.setEnabled(self.editable)
        self.send_button.setEnabled(self.editable)

    def body(self) -> str:
        """The edited letter as HTML (the body's contents only)."""
        return self.text.toHtml()

    def save(self, then_send: bool = False) -> None:
        letters, letter_id, body = self._ctx.services.letters, self.letter.id, self.body()
        self.save_button.setEnabled(False)
        self.send_button.setEnabled(False)

        def work(_: TaskContext) -> str:
            letters.save_text(letter_id, body)
            return letters.document(letter_id)

        def saved(document: str) -> None:
            self.text.document().setModified(False)
            self.changed.emit()
            if then_send:
                self._send(html_to_pdf(document, self.letter.title))
            else:
                self.message.show_notice(self.tr("Saved."))
                self.save_button.setEnabled(True)
                self.send_button.setEnabled(True)

        self._ctx.runner.run(
            work,
            on_success=saved,
            on_failure=self._failed,
            serial=True,
            changes={Changed.LETTERS},
            owner=self,
        )

    # -- preview and send ---------------------------------------------------------------------

    def preview(self) -> LetterPreview:
        note = self.tr("As the PDF will print: A4. Nothing is saved to disk.")
        self.preview_dialog = LetterPreview(
            document_html(self.body()), self.letter.title, note, self
        )
        self.preview_dialog.open()
        return self.preview_dialog

    def confirm_send(self) -> QMessageBox:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Send to the BSO"),
            self.tr(
                "Seal this letter for the BSO? It cannot be changed afterwards. The next sync "
                "puts it in the site's outbox, readable by the BSO only."
            ),
            QMessageBox.StandardButton.Cancel,
            self,
        )
        send = box.addButton(self.tr("Send"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.buttonClicked.connect(lambda b: self.save(then_send=True) if b is send else None)
        box.open()
        self.confirm_box = box
        return box

    def _send(self, pdf: bytes) -> None:
        letters, letter_id = self._ctx.services.letters, self.letter.id

        def work(_: TaskContext) -> Letter:
            return letters.send(letter_id, lambda _html, _title: pdf)

        def sent(letter: Letter) -> None:
            self.letter, self.editable = letter, False
            self.text.setReadOnly(True)
            for widget in (self.bold, self.italic, self.bullets, self.save_button):
                widget.setEnabled(False)
            self.status.setText(self._status_text())
            self.message.show_notice(self.tr("Sealed for the BSO: the next sync delivers it."))
            self.changed.emit()

        self._ctx.runner.run(
            work,
            on_success=sent,
            on_failure=self._failed,
            serial=True,
            changes={Changed.LETTERS},
            owner=self,
        )
