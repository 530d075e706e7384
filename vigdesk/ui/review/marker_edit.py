"""A small window to say who a marker is about and add a short note. It does not stop
playback and never calls services: `edited(marker_id, who, note)` goes to the page.
GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from vigdesk.core.markers import MAX_NOTE_CHARS, Marker


class MarkerEditor(QDialog):
    edited = Signal(str, str, str)

    def __init__(
        self, marker: Marker, name: str, initials: tuple[str, ...], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.marker_id = marker.id
        self.setWindowTitle(self.tr("Marker at %1 s").replace("%1", f"{marker.at_s:.2f}"))
        self.who = QComboBox()
        self.who.setAccessibleName(self.tr("Who"))
        self.who.addItem(self.tr("Not said"), "")
        for value in sorted({*initials, *([marker.who] if marker.who else [])}):
            self.who.addItem(value, value)
        self.who.setCurrentIndex(max(0, self.who.findData(marker.who)))
        self.note = QLineEdit(marker.note)
        self.note.setMaxLength(MAX_NOTE_CHARS)
        self.note.setPlaceholderText(self.tr("What happens here, in a few words"))
        self.note.setAccessibleName(self.tr("Note"))
        form = QFormLayout()
        form.addRow(self.tr("Type"), QLineEdit(name, readOnly=True))
        form.addRow(self.tr("&Who"), self.who)
        form.addRow(self.tr("&Note"), self.note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(360)
        self.note.setFocus()

    def accept(self) -> None:
        self.edited.emit(self.marker_id, str(self.who.currentData()), self.note.text())
        super().accept()
