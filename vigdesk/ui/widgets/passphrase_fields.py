"""New passphrase + confirmation with a live strength meter and the rule's message.

Used by the first-run form and the change-passphrase dialog. The rule is
`core.passphrase.passphrase_problem`; the meter is `passphrase_strength`.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from vigdesk.core.passphrase import MIN_LENGTH, passphrase_problem, passphrase_strength
from vigdesk.ui.look import set_role
from vigdesk.ui.widgets.field import labelled
from vigdesk.ui.widgets.strength_meter import StrengthMeter


class PassphraseFields(QWidget):
    """Emits `changed` on every edit; `problem()` is None when both fields are good."""

    changed = Signal()

    def __init__(self, label: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.new_edit = secret_edit()
        self.new_edit.setAccessibleName(self.tr("New passphrase"))
        self.confirm_edit = secret_edit()
        self.confirm_edit.setAccessibleName(self.tr("Confirm the passphrase"))
        self.meter = StrengthMeter()
        self.strength_label = set_role(QLabel(), "small")
        self.strength_label.setMinimumWidth(64)
        self.hint = set_role(QLabel(), "small")
        self.hint.setWordWrap(True)
        self.show_box = QCheckBox(self.tr("Show passphrase"))

        meter_box = QWidget()
        meter_row = QHBoxLayout(meter_box)
        meter_row.setContentsMargins(0, 2, 0, 0)
        meter_row.setSpacing(10)
        meter_row.addWidget(self.meter, 1)
        meter_row.addWidget(self.strength_label)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        new_label = label or self.tr("&Passphrase")
        layout.addWidget(labelled(new_label, self.new_edit, extras=(meter_box, self.hint)))
        layout.addWidget(labelled(self.tr("Con&firm passphrase"), self.confirm_edit))
        layout.addWidget(self.show_box)

        self.new_edit.textChanged.connect(self._update)
        self.confirm_edit.textChanged.connect(self._update)
        self.show_box.toggled.connect(self._set_visible_text)
        self._update()

    def passphrase(self) -> str:
        return self.new_edit.text()

    def problem(self) -> str | None:
        """Why the pair is not acceptable yet, or None."""
        text = self.new_edit.text()
        if not text:
            return self.tr("Choose a passphrase of at least %n characters.", "", MIN_LENGTH)
        rule = passphrase_problem(text)
        if rule:
            return rule
        if self.confirm_edit.text() != text:
            if not self.confirm_edit.text():
                return self.tr("Type the passphrase again to confirm it.")
            return self.tr("The two passphrases differ.")
        return None

    def clear(self) -> None:
        self.new_edit.clear()
        self.confirm_edit.clear()

    def _update(self) -> None:
        text = self.new_edit.text()
        score = passphrase_strength(text) if text else 0
        self.meter.set_score(score)
        self.strength_label.setText(self.meter.label_for(score) if text else "")
        problem = self.problem()
        if problem is None:
            self.hint.setText(self.tr("Good. Keep it somewhere only you can reach it."))
        elif not text:
            self.hint.setText(
                self.tr("A few unrelated words work well, e.g. four words and a number.")
            )
        else:
            self.hint.setText(problem)
        self.changed.emit()

    def _set_visible_text(self, visible: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if visible else QLineEdit.EchoMode.Password
        self.new_edit.setEchoMode(mode)
        self.confirm_edit.setEchoMode(mode)


def secret_edit() -> QLineEdit:
    """A password-mode line edit that cannot be dragged out of."""
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)  # also tells input methods not to learn it
    edit.setDragEnabled(False)
    return edit
