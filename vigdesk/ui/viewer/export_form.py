"""The export dialog's fields: purpose, recipient, lock, expiry and where to save.

Plain widgets and their values; no services (the dialog runs the tasks). GUI thread only.
`changed` fires on every edit; `problem()` says what is still missing, or None.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from vigdesk.core.consent import Purpose
from vigdesk.core.packages import MAX_DAYS
from vigdesk.ui.look import set_role
from vigdesk.ui.widgets.day_edit import uk_day_edit
from vigdesk.ui.widgets.field import labelled
from vigdesk.ui.widgets.message_line import MessageLine
from vigdesk.ui.widgets.passphrase_fields import PassphraseFields

DEFAULT_DAYS = {Purpose.SUPERVISION: 28, Purpose.TRAINING: 90}


class PackagePassphrase(PassphraseFields):
    """The passphrase rule and meter, with advice fit for a passphrase told to someone."""

    def _update(self) -> None:
        super()._update()
        if self.new_edit.text() and self.problem() is None:
            self.hint.setText(self.tr("Good. Tell it to them by phone, never with the file."))


def _row(*widgets: QWidget, stretch_first: bool = True) -> QWidget:
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(10)
    for n, widget in enumerate(widgets):
        row.addWidget(widget, 1 if n == 0 and stretch_first else 0)
    return box


class ExportForm(QWidget):
    changed = Signal()
    purpose_changed = Signal(object)  # Purpose
    key_file_changed = Signal(object)  # Path | None

    def __init__(self, case_code: str, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._code, self._today = case_code, today
        self.supervision = QRadioButton(self.tr("&Supervision"))
        self.training = QRadioButton(self.tr("&Training"))
        self.supervision.setChecked(True)
        self._purposes = QButtonGroup(self)
        for button in (self.supervision, self.training):
            self._purposes.addButton(button)
        self.recipient = QLineEdit()
        self.recipient.setPlaceholderText(self.tr("e.g. Dr Ada Okafor"))
        self.recipient.setMaxLength(80)
        self.by_passphrase = QRadioButton(self.tr("A passphrase I tell them separately"))
        self.by_key = QRadioButton(self.tr("Their public key file (.pub)"))
        self.by_passphrase.setChecked(True)
        self._locks = QButtonGroup(self)
        for button in (self.by_passphrase, self.by_key):
            self._locks.addButton(button)
        self.passphrase = PackagePassphrase(self.tr("Package &passphrase"))
        self.key_edit = QLineEdit()
        self.key_edit.setPlaceholderText(self.tr("Choose the key file they sent you"))
        self.key_button = QPushButton(self.tr("Choose…"))
        self.key_info = set_role(QLabel(), "small")
        self.key_info.setWordWrap(True)
        self.key_box = labelled(
            self.tr("&Key file"), _row(self.key_edit, self.key_button), extras=(self.key_info,)
        )
        self.expires = uk_day_edit(QDateEdit())
        self.expires.setFixedWidth(200)
        self.out_edit = QLineEdit()
        self._default_out = ""
        self.consent = MessageLine()
        self.out_button = QPushButton(self.tr("Choose…"))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(14)
        purpose_row = _row(self.supervision, self.training, QWidget(), stretch_first=False)
        layout.addWidget(labelled(self.tr("Purpose"), purpose_row, extras=(self.consent,)))
        layout.addWidget(
            labelled(
                self.tr("&Recipient"),
                self.recipient,
                self.tr("Their name is burned into every picture of the package."),
            )
        )
        lock_box = QWidget()
        locks = QVBoxLayout(lock_box)
        locks.setContentsMargins(0, 0, 0, 0)
        locks.addWidget(self.by_passphrase)
        locks.addWidget(self.by_key)
        layout.addWidget(labelled(self.tr("Lock it with"), lock_box))
        layout.addWidget(self.passphrase)
        layout.addWidget(self.key_box)
        layout.addWidget(labelled(self.tr("Can be opened &until"), _row(self.expires, QWidget())))
        layout.addWidget(labelled(self.tr("&Save as"), _row(self.out_edit, self.out_button)))
        self.key_box.hide()

        self._purposes.buttonToggled.connect(self._purpose_toggled)
        self._locks.buttonToggled.connect(self._lock_toggled)
        for signal in (
            self.recipient.textChanged,
            self.out_edit.textChanged,
            self.passphrase.changed,
        ):
            signal.connect(self.changed)
        self.key_edit.editingFinished.connect(self._key_edited)
        self.key_button.clicked.connect(self._choose_key)
        self.out_button.clicked.connect(self._choose_out)
        self._purpose_toggled()

    @property
    def purpose(self) -> Purpose:
        return Purpose.TRAINING if self.training.isChecked() else Purpose.SUPERVISION

    @property
    def expires_on(self) -> date:
        chosen = self.expires.date()
        return date(chosen.year(), chosen.month(), chosen.day())

    @property
    def out(self) -> Path:
        return Path(self.out_edit.text().strip()).expanduser()

    @property
    def key_file(self) -> Path | None:
        text = self.key_edit.text().strip()
        return Path(text).expanduser() if self.by_key.isChecked() and text else None

    def problem(self, key_loaded: bool) -> str | None:
        if not self.recipient.text().strip():
            return self.tr("Type the recipient's name.")
        if self.by_passphrase.isChecked():
            problem = self.passphrase.problem()
            if problem:
                return problem
        elif not key_loaded:
            return self.tr("Choose the recipient's public key file.")
        if not self.out_edit.text().strip():
            return self.tr("Choose where to save the package.")
        return None

    def _purpose_toggled(self, *_: object) -> None:
        purpose = self.purpose
        self.expires.setMinimumDate(QDate(self._today + timedelta(days=1)))
        self.expires.setMaximumDate(QDate(self._today + timedelta(days=MAX_DAYS[purpose])))
        self.expires.setDate(QDate(self._today + timedelta(days=DEFAULT_DAYS[purpose])))
        name = f"{self._code}-{purpose.value}-{self._today:%Y%m%d}.vigpkg"
        if self.out_edit.text() in ("", self._default_out):  # not chosen by the user
            self._default_out = str(Path.home() / name)
            self.out_edit.setText(self._default_out)
        self.purpose_changed.emit(purpose)
        self.changed.emit()

    def _lock_toggled(self, *_: object) -> None:
        keyed = self.by_key.isChecked()
        self.passphrase.setVisible(not keyed)
        self.key_box.setVisible(keyed)
        self.key_file_changed.emit(self.key_file)
        self.changed.emit()

    def _key_edited(self) -> None:
        self.key_file_changed.emit(self.key_file)

    def _choose_key(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("The recipient's public key"),
            str(Path.home()),
            self.tr("Public keys (*.pub);;All files (*)"),
        )
        if chosen:
            self.key_edit.setText(chosen)
            self._key_edited()

    def _choose_out(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Save the package as"),
            self.out_edit.text(),
            self.tr("vigdesk packages (*.vigpkg)"),
        )
        if chosen:
            self.out_edit.setText(chosen if chosen.endswith(".vigpkg") else chosen + ".vigpkg")
