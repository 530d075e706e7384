"""Copy for an e-mail: advice text about a case (or a session) for the project lead,
headed by the case code and initials; the personal-data check refuses any name or date
of birth of the family before anything reaches the clipboard."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vigdesk.core.ids import CaseId
from vigdesk.core.sessions import Session
from vigdesk.ui.context import MainContext
from vigdesk.ui.failures import Failure
from vigdesk.ui.look import mark_primary, set_role
from vigdesk.ui.models.labels import kind_label, short_date
from vigdesk.ui.tasks import TaskContext
from vigdesk.ui.widgets.message_line import MessageLine


class EmailCopyDialog(QDialog):
    """`copied` holds the text put on the clipboard (or "")."""

    def __init__(
        self,
        ctx: MainContext,
        case_id: CaseId,
        case_label: str,
        sessions: tuple[Session, ...],
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("emailCopy")
        self.setWindowTitle(self.tr("Copy for an e-mail"))
        self.resize(640, 440)
        self._ctx, self._case_id = ctx, case_id
        self.copied = ""
        intro = set_role(
            QLabel(
                self.tr(
                    "Advice e-mails name the family by case code and initials only (%1). "
                    "Write without names or dates of birth: the text is checked before it "
                    "is copied."
                ).replace("%1", case_label)
            ),
            "muted",
        )
        intro.setWordWrap(True)
        self.session = QComboBox()
        self.session.setAccessibleName(self.tr("About"))
        self.session.addItem(self.tr("The whole case"), None)
        for s in sorted(sessions, key=lambda s: s.held_on):
            self.session.addItem(f"{kind_label(s.kind)}, {short_date(s.held_on)}", s.id)
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        self.text.setAccessibleName(self.tr("E-mail text"))
        self.text.setPlaceholderText(self.tr("e.g. MW would like advice about bedtime routines."))
        self.message = MessageLine()
        self.copy_button = mark_primary(QPushButton(self.tr("&Copy")))
        self.copy_button.setAutoDefault(False)
        self.copy_button.clicked.connect(self.copy)
        close = QPushButton(self.tr("Close"))
        close.setAutoDefault(False)
        close.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.copy_button)
        row.addWidget(close)
        col = QVBoxLayout(self)
        col.setContentsMargins(24, 20, 24, 16)
        col.addWidget(intro)
        about = QHBoxLayout()
        about.addWidget(QLabel(self.tr("About:")))
        about.addWidget(self.session, 1)
        col.addLayout(about)
        col.addWidget(self.text, 1)
        col.addWidget(self.message)
        col.addLayout(row)
        ctx.events.vault_locked.connect(self.reject)
        self.text.setFocus()

    def copy(self) -> None:
        letters, case_id = self._ctx.services.letters, self._case_id
        session_id, text = self.session.currentData(), self.text.toPlainText()

        def work(_: TaskContext) -> str:
            return letters.email_text(case_id, text, session_id)

        self._ctx.runner.run(work, on_success=self._copied, on_failure=self._refused, owner=self)

    def _copied(self, text: str) -> None:
        self.copied = text
        clipboard = QGuiApplication.clipboard()
        clipboard.setText(text)
        self.message.show_notice(self.tr("Copied: paste it into your e-mail."))

    def _refused(self, failure: Failure) -> None:
        self.copied = ""
        self.message.show_error(failure.message)
