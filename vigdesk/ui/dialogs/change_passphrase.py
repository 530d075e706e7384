"""File › Change passphrase: re-wraps the master key (Vault.change_passphrase) in a task."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vigdesk.storage.vault import Vault
from vigdesk.ui.failures import Failure
from vigdesk.ui.look import mark_primary, set_role
from vigdesk.ui.tasks import TaskContext, TaskRunner
from vigdesk.ui.widgets.busy import BusyIndicator
from vigdesk.ui.widgets.field import labelled
from vigdesk.ui.widgets.message_line import MessageLine
from vigdesk.ui.widgets.passphrase_fields import PassphraseFields, secret_edit


class ChangePassphraseDialog(QDialog):
    """Emits `passphrase_changed` and closes once the new passphrase is in place."""

    passphrase_changed = Signal()

    def __init__(self, vault: Vault, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._vault = vault
        self._runner = runner
        self._busy = False
        self.setWindowTitle(self.tr("Change passphrase"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setMinimumWidth(460)

        self.current_edit = secret_edit()
        self.current_edit.setAccessibleName(self.tr("Current passphrase"))
        self.fields = PassphraseFields(self.tr("&New passphrase"))
        self.message = MessageLine()
        self.busy = BusyIndicator()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.change_button = mark_primary(QPushButton(self.tr("C&hange passphrase")))
        self.buttons.addButton(self.change_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.change_button.setDefault(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 22, 24, 18)
        layout.setSpacing(14)
        intro = set_role(
            QLabel(
                self.tr(
                    "Your cases and video stay as they are; only the passphrase that "
                    "unlocks them changes."
                )
            ),
            "muted",
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(labelled(self.tr("C&urrent passphrase"), self.current_edit))
        layout.addWidget(self.fields)
        layout.addWidget(self.message)
        layout.addWidget(self.busy)
        layout.addWidget(self.buttons)

        self.current_edit.textChanged.connect(self._update)
        self.fields.changed.connect(self._update)
        self.buttons.accepted.connect(self.change)
        self.buttons.rejected.connect(self.reject)
        self._update()

    def problem(self) -> str | None:
        if not self.current_edit.text():
            return self.tr("Type your current passphrase.")
        problem = self.fields.problem()
        if problem is None and self.fields.passphrase() == self.current_edit.text():
            return self.tr("Choose a passphrase different from the current one.")
        return problem

    def change(self) -> None:
        if self._busy or self.problem() is not None:
            return
        vault, old, new = self._vault, self.current_edit.text(), self.fields.passphrase()
        self._set_busy(True)
        self.message.clear_message()
        self.busy.start(self.tr("Changing your passphrase…"))

        def work(ctx: TaskContext) -> None:
            vault.change_passphrase(old, new)

        self._runner.run(
            work, on_success=self._changed, on_failure=self._failed, serial=True, owner=self
        )

    def reject(self) -> None:
        if not self._busy:
            super().reject()

    def _changed(self, _: None) -> None:
        self.busy.stop()
        self._busy = False
        self.passphrase_changed.emit()
        self.accept()

    def _failed(self, failure: Failure) -> None:
        self.busy.stop()
        self._set_busy(False)
        self.message.show_error(failure.message)
        self.current_edit.selectAll()
        self.current_edit.setFocus()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.current_edit.setEnabled(not busy)
        self.fields.setEnabled(not busy)
        self.buttons.setEnabled(not busy)
        self._update()

    def _update(self) -> None:
        self.change_button.setEnabled(not self._busy and self.problem() is None)
