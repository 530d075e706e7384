"""The viewer's first page: what the package is, and the secret that opens it.

Shows the package's public header (lock, dates) as soon as it has been read; asks for
the passphrase, or for the private key file and its passphrase. Emits
`open_requested(passphrase, key_file or None)`; the window does the work. GUI thread only.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from vigdesk.core.dates import day_text
from vigdesk.services.exports import MODE_PUBLIC_KEY, PackageHeader
from vigdesk.ui.look import mark_primary, set_role
from vigdesk.ui.widgets.busy import BusyIndicator
from vigdesk.ui.widgets.field import labelled
from vigdesk.ui.widgets.message_line import MessageLine
from vigdesk.ui.widgets.page import CentredPage, card, header
from vigdesk.ui.widgets.passphrase_fields import secret_edit


class OpenPanel(CentredPage):
    open_requested = Signal(str, object)

    def __init__(
        self, package: Path, key_file: Path | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(560, parent)
        self._header: PackageHeader | None = None
        self.column.addWidget(
            header(
                self.tr("Open a package"),
                self.tr(
                    "Clips and stills a practitioner shared with you. Nothing is saved "
                    "on this computer: the package is opened in memory only."
                ),
            )
        )
        frame, box = card(package.name)
        self.facts = set_role(QLabel(self.tr("Reading the package…")), "muted")
        self.facts.setWordWrap(True)
        box.addWidget(self.facts)
        self.key_edit = QLineEdit(str(key_file) if key_file else "")
        self.key_edit.setPlaceholderText(self.tr("Your private key file"))
        self.choose_button = QPushButton(self.tr("Choose…"))
        key_row = QWidget()
        row = QHBoxLayout(key_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.key_edit, 1)
        row.addWidget(self.choose_button)
        self.key_field = labelled(self.tr("&Key file"), key_row)
        self.passphrase_edit = secret_edit()
        self.passphrase_label = self.tr("&Passphrase")
        self.passphrase_field = labelled(
            self.passphrase_label,
            self.passphrase_edit,
            self.tr("The practitioner told you this separately, for example by phone."),
        )
        self.message = MessageLine()
        self.busy = BusyIndicator()
        self.open_button = mark_primary(QPushButton(self.tr("&Open")))
        self.open_button.setDefault(True)
        for widget in (self.key_field, self.passphrase_field, self.message, self.busy):
            box.addWidget(widget)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        box.addLayout(buttons)
        self.column.addWidget(frame)
        self.column.addStretch(1)
        self.key_field.hide()
        self.open_button.setEnabled(False)
        self.choose_button.clicked.connect(self._choose_key)
        self.open_button.clicked.connect(self._open)
        self.passphrase_edit.returnPressed.connect(self._open)
        self.passphrase_edit.textChanged.connect(self._update)
        self.key_edit.textChanged.connect(self._update)

    def set_header(self, head: PackageHeader, today: date) -> None:
        """Show the public facts; refuse at once (clearly) when the package has expired."""
        self._header = head
        keyed = head.mode == MODE_PUBLIC_KEY
        lock = (
            self.tr("Sealed to your key (fingerprint %1).").replace("%1", head.recipient)
            if keyed
            else self.tr("Sealed with a passphrase.")
        )
        until = (
            self.tr("Made %1; opens until %2.")
            .replace("%1", day_text(head.created_on))
            .replace("%2", day_text(head.expires_on))
        )
        self.facts.setText(f"{lock} {until}")
        self.key_field.setVisible(keyed)
        hint = self.tr("Passphrase of your &key file") if keyed else self.passphrase_label
        label = self.passphrase_field.findChild(QLabel)
        if label is not None:
            label.setText(hint)
        if today > head.expires_on:
            self.show_error(
                self.tr(
                    "This package expired on %1 and can no longer be opened. Ask the "
                    "practitioner who sent it for a new one if you still need it."
                ).replace("%1", day_text(head.expires_on))
            )
            self.passphrase_field.hide()
            self.key_field.hide()
            self.passphrase_edit.setEnabled(False)
            self._header = None
        self._update()
        self.passphrase_edit.setFocus()

    def show_unreadable(self, text: str) -> None:
        self.facts.setText(self.tr("This file cannot be opened."))
        self.show_error(text)
        self.passphrase_field.hide()
        self.passphrase_edit.setEnabled(False)

    def show_error(self, text: str) -> None:
        self.busy.stop()
        self.message.show_error(text)
        self._update()

    def set_busy(self, busy: bool) -> None:
        for widget in (self.passphrase_edit, self.key_field):
            widget.setEnabled(not busy)
        if busy:
            self.message.clear_message()
            self.busy.start(self.tr("Checking and opening the package…"))
        else:
            self.busy.stop()
        self._update()

    def _choose_key(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Your private key file"),
            str(Path.home()),
            options=QFileDialog.Option.DontUseNativeDialog,
        )
        if chosen:
            self.key_edit.setText(chosen)

    def _ready(self) -> bool:
        head = self._header
        if head is None or self.busy.isVisible() or not self.passphrase_edit.text():
            return False
        return head.mode != MODE_PUBLIC_KEY or bool(self.key_edit.text().strip())

    def _update(self) -> None:
        self.open_button.setEnabled(self._ready())

    def _open(self) -> None:
        if not self._ready() or self._header is None:
            return
        key = Path(self.key_edit.text().strip()) if self._header.mode == MODE_PUBLIC_KEY else None
        self.open_requested.emit(self.passphrase_edit.text(), key)
