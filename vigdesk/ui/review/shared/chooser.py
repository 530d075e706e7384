"""Choose the clips and stills to watch with the family, and their order.

A dialog of the main window (opened with `open()`); "Start" opens the full-screen
review window and closes this dialog. GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vigdesk.core.ids import MediaId
from vigdesk.core.media import MediaItem, MediaKind
from vigdesk.ui.context import MainContext
from vigdesk.ui.look import mark_primary, set_role
from vigdesk.ui.review.library import CaseMedia
from vigdesk.ui.review.shared.playlist import MAX_CLIP_S, MAX_CLIPS, advice, story_order
from vigdesk.ui.review.timecode import short_duration, timecode
from vigdesk.ui.widgets.message_line import MessageLine

ID_ROLE = Qt.ItemDataRole.UserRole


class ReviewChooser(QDialog):
    def __init__(
        self,
        ctx: MainContext,
        media: CaseMedia,
        thumbs: dict[str, object],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Shared review"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._ctx = ctx
        self._items = {m.id: m for m in media.items}
        self.review_window: QWidget | None = None
        intro = set_role(
            QLabel(
                self.tr(
                    "Tick the moments to watch together, in the order to show them. "
                    "Up to %1 clips of %2 seconds or less work best; stills pause until "
                    "you press Next. Nothing else of the case is shown on screen."
                )
                .replace("%1", str(MAX_CLIPS))
                .replace("%2", f"{MAX_CLIP_S:g}")
            ),
            "muted",
        )
        intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setIconSize(QSize(96, 54))
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.list.setSpacing(2)
        self.list.setAccessibleName(self.tr("Clips and stills"))
        clips = 0
        for item in story_order(media.items):
            clips += item.kind is MediaKind.CLIP
            wanted = item.kind is MediaKind.STILL or clips <= MAX_CLIPS
            self._add(item, thumbs.get(item.thumb_blob_id or ""), checked=wanted)
        self.up = QPushButton(self.tr("Move up"))
        self.down = QPushButton(self.tr("Move down"))
        self.advice = MessageLine()
        self.start = mark_primary(QPushButton(self.tr("Start shared review")))
        buttons = QDialogButtonBox()
        buttons.addButton(self.start, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.rejected.connect(self.reject)

        order = QHBoxLayout()
        order.addWidget(self.up)
        order.addWidget(self.down)
        order.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 20, 22, 16)
        layout.setSpacing(12)
        layout.addWidget(set_role(QLabel(self.tr("Choose what to watch together")), "heading"))
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addLayout(order)
        layout.addWidget(self.advice)
        layout.addWidget(buttons)
        self.resize(560, 560)

        self.list.itemChanged.connect(lambda _: self._update())
        self.list.model().rowsMoved.connect(lambda *_: self._update())
        self.up.clicked.connect(lambda: self._move(-1))
        self.down.clicked.connect(lambda: self._move(1))
        self.start.clicked.connect(self.start_review)
        self._update()

    def _add(self, item: MediaItem, thumb: object, checked: bool) -> None:
        kind = self.tr("Clip") if item.kind is MediaKind.CLIP else self.tr("Still")
        parts = [kind]
        if item.kind is MediaKind.CLIP:
            parts.append(short_duration(item.duration_s))
        if item.start_s is not None:
            parts.append(self.tr("at %1").replace("%1", timecode(item.start_s)))
        row = QListWidgetItem(f"{item.title}\n{' · '.join(parts)}")
        row.setData(ID_ROLE, item.id)
        if isinstance(thumb, QPixmap):
            row.setIcon(QIcon(thumb))
        row.setFlags(row.flags() | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsDragEnabled)
        row.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.list.addItem(row)

    def chosen(self) -> list[MediaItem]:
        result = []
        for index in range(self.list.count()):
            row = self.list.item(index)
            if row.checkState() == Qt.CheckState.Checked:
                result.append(self._items[MediaId(str(row.data(ID_ROLE)))])
        return result

    def set_checked(self, media_ids: list[MediaId]) -> None:
        for index in range(self.list.count()):
            row = self.list.item(index)
            state = row.data(ID_ROLE) in media_ids
            row.setCheckState(Qt.CheckState.Checked if state else Qt.CheckState.Unchecked)

    def _move(self, step: int) -> None:
        row = self.list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.list.count():
            return
        item = self.list.takeItem(row)
        self.list.insertItem(target, item)
        self.list.setCurrentRow(target)
        self._update()

    def _update(self) -> None:
        chosen = self.chosen()
        notes = advice(chosen)
        if notes:
            self.advice.show_notice(" ".join(notes))
        else:
            self.advice.clear_message()
        self.start.setEnabled(bool(chosen))

    def start_review(self) -> QWidget | None:
        from vigdesk.ui.review.shared.window import ReviewWindow

        chosen = self.chosen()
        if not chosen:
            return None
        owner = self.parentWidget() or self
        window = ReviewWindow(self._ctx, chosen, owner)
        self.review_window = window
        window.begin()
        self.accept()
        return window
