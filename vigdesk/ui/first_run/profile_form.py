"""Name and role of the practitioner who will own this vault."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QLineEdit, QVBoxLayout, QWidget

from vigdesk.ui.roles import ROLE_KEYS, role_label
from vigdesk.ui.widgets.field import labelled
from vigdesk.ui.widgets.wheel_guard import guard_wheel

MAX_NAME = 120


class ProfileForm(QWidget):
    """Emits `changed` on edits; valid once a name is typed."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name_edit = QLineEdit()
        self.name_edit.setMaxLength(MAX_NAME)
        self.name_edit.setPlaceholderText(self.tr("e.g. Sam Taylor"))
        self.name_edit.setAccessibleName(self.tr("Your name"))
        self.role_combo = QComboBox()
        self.role_combo.setAccessibleName(self.tr("Your role"))
        for key in ROLE_KEYS:
            self.role_combo.addItem(role_label(key), key)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        layout.addWidget(
            labelled(
                self.tr("Your &name"),
                self.name_edit,
                self.tr("Shown on letters and in the audit log, as colleagues know you."),
            )
        )
        layout.addWidget(labelled(self.tr("Your &role"), self.role_combo))
        self.name_edit.textChanged.connect(self.changed)
        self.role_combo.currentIndexChanged.connect(self.changed)
        guard_wheel(self)  # the form sits on a scrolling page

    def display_name(self) -> str:
        return " ".join(self.name_edit.text().split())

    def role(self) -> str:
        return str(self.role_combo.currentData())

    def is_valid(self) -> bool:
        return bool(self.display_name())
