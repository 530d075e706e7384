"""First run: create the practitioner's vault, then hand it to the session."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from vigdesk.services.documents import VersionedText, current_agreement
from vigdesk.ui.failures import Failure
from vigdesk.ui.first_run.agreement_panel import AgreementPanel
from vigdesk.ui.first_run.profile_form import ProfileForm
from vigdesk.ui.look import mark_primary, set_role
from vigdesk.ui.tasks import TaskContext, TaskRunner
from vigdesk.ui.vault_access import Opened, VaultAccess
from vigdesk.ui.widgets.busy import BusyIndicator
from vigdesk.ui.widgets.message_line import MessageLine
from vigdesk.ui.widgets.page import CentredPage, card, header
from vigdesk.ui.widgets.passphrase_fields import PassphraseFields


class FirstRunWindow(QWidget):
    """Emits `created(Opened)` once the vault exists and is unlocked; `closed` on close."""

    created = Signal(object)
    closed = Signal()

    def __init__(
        self,
        home: Path,
        access: VaultAccess,
        runner: TaskRunner,
        agreement: VersionedText | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._home = home
        self._access = access
        self._runner = runner
        self.setWindowTitle(self.tr("Set up vigdesk"))
        self.resize(760, 620)  # the page scrolls: fits a 1280×720 laptop

        self.profile = ProfileForm()
        self.passphrase = PassphraseFields()
        self.agreement = AgreementPanel(agreement or current_agreement())
        self.message = MessageLine()
        self.busy = BusyIndicator()
        self.create_button = mark_primary(QPushButton(self.tr("&Create my vault")))
        location = set_role(
            QLabel(self.tr("Your encrypted vault will be kept in %1").replace("%1", str(home))),
            "small",
        )
        location.setWordWrap(True)

        page = CentredPage()
        column = page.column
        column.addWidget(
            header(
                self.tr("Welcome to vigdesk"),
                self.tr(
                    "Set up the encrypted vault that keeps your case records and video "
                    "on this laptop."
                ),
            )
        )
        about, about_layout = card(self.tr("About you"))
        about_layout.addWidget(self.profile)
        column.addWidget(about)
        secret, secret_layout = card(
            self.tr("Your passphrase"),
            self.tr(
                "You type it each time you unlock vigdesk. Nobody else can read your "
                "vault without it, so choose one you will remember."
            ),
        )
        secret_layout.addWidget(self.passphrase)
        column.addWidget(secret)
        terms, terms_layout = card(self.agreement.title or self.tr("Confidentiality agreement"))
        terms_layout.addWidget(self.agreement)
        column.addWidget(terms)

        footer = QHBoxLayout()
        footer.setSpacing(16)
        footer.addWidget(location, 1)
        footer.addWidget(self.create_button)
        column.addWidget(self.message)
        column.addWidget(self.busy)
        column.addLayout(footer)
        column.addStretch(1)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(page)

        self.profile.changed.connect(self._update)
        self.passphrase.changed.connect(self._update)
        self.agreement.changed.connect(self._update)
        self.create_button.clicked.connect(self.create_vault)
        self.passphrase.confirm_edit.returnPressed.connect(self.create_vault)
        self._busy = False
        self._update()

    def can_create(self) -> bool:
        return (
            not self._busy
            and self.profile.is_valid()
            and self.passphrase.problem() is None
            and self.agreement.accepted()
        )

    def create_vault(self) -> None:
        """Start creating the vault off the GUI thread (Argon2 calibration takes ~1 s)."""
        if not self.can_create():
            return
        home, access = self._home, self._access
        secret = self.passphrase.passphrase()
        name, role = self.profile.display_name(), self.profile.role()
        self._set_busy(True)
        self.message.clear_message()
        self.busy.start(self.tr("Creating your encrypted vault… this takes a few seconds."))

        def work(ctx: TaskContext) -> Opened:
            return access.create(home, secret, name, role)

        self._runner.run(work, on_success=self._created, on_failure=self._failed, owner=self)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closed.emit()
        super().closeEvent(event)

    def _created(self, opened: Opened) -> None:
        self.busy.stop()
        self.passphrase.clear()
        self.created.emit(opened)

    def _failed(self, failure: Failure) -> None:
        self.busy.stop()
        self._set_busy(False)
        self.message.show_error(failure.message)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for widget in (self.profile, self.passphrase, self.agreement):
            widget.setEnabled(not busy)
        self._update()

    def _update(self) -> None:
        self.create_button.setEnabled(self.can_create())
