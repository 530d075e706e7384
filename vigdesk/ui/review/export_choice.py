"""Choose what goes into a supervision or training package before the export dialog."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vigdesk.core.ids import MediaId
from vigdesk.core.media import MediaItem, MediaKind
from vigdesk.ui.look import mark_primary


class ExportChoice(QDialog):
    """Clips and stills start ticked; footage (e.g. a filmed shared review) can be added.

    Emits `chosen(list[MediaItem])` on Continue. GUI thread only.
    """

    chosen = Signal(object)

    def __init__(self, items: Sequence[MediaItem], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("What goes in the package?"))
        self.resize(520, 420)
        self._items = {m.id: m for m in items}
        intro = QLabel(
            self.tr(
                "Tick what the supervisor or the training audience should see. Everything is "
                "re-encoded with a watermark; long footage takes a while."
            )
        )
        intro.setWordWrap(True)
        self.list = QListWidget()
        for item in items:
            kind = {
                MediaKind.CLIP: self.tr("Clip"),
                MediaKind.STILL: self.tr("Still"),
                MediaKind.FOOTAGE: self.tr("Footage"),
            }[item.kind]
            length = f" · {item.duration_s:.1f} s" if item.is_video else ""
            row = QListWidgetItem(f"{item.title}  ({kind}{length})")
            row.setData(Qt.ItemDataRole.UserRole, item.id)
            row.setFlags(row.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            ticked = item.kind is not MediaKind.FOOTAGE
            row.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
            self.list.addItem(row)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.continue_button = mark_primary(buttons.button(QDialogButtonBox.StandardButton.Ok))
        self.continue_button.setText(self.tr("Continue…"))
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        self.list.itemChanged.connect(lambda _: self._update())
        self.list.setSpacing(4)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 18)
        layout.setSpacing(12)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self._update()

    def selection(self) -> list[MediaItem]:
        rows = (self.list.item(i) for i in range(self.list.count()))
        return [
            self._items[MediaId(str(row.data(Qt.ItemDataRole.UserRole)))]
            for row in rows
            if row.checkState() == Qt.CheckState.Checked
        ]

    def _update(self) -> None:
        self.continue_button.setEnabled(bool(self.selection()))

    def _accept(self) -> None:
        self.chosen.emit(self.selection())
        self.accept()
