"""The opened package: who and what it is for, the items, and the player. GUI thread only.

Holds the decrypted items in memory only while shown; `clear` drops them.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vigdesk.core.dates import day_text
from vigdesk.core.packages import Manifest, PackageItem
from vigdesk.services.exports import OpenedPackage
from vigdesk.ui.look import set_role
from vigdesk.ui.viewer.comment_pane import CommentPane
from vigdesk.ui.viewer.marker_strip import MarkerStrip
from vigdesk.ui.viewer.player import Player, clock
from vigdesk.ui.widgets.message_line import MessageLine

NAME_ROLE = Qt.ItemDataRole.UserRole


class ContentPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self._items: dict[str, bytes] = {}
        self._entries: dict[str, PackageItem] = {}
        self._manifest: Manifest | None = None
        self.title = set_role(QLabel(), "title")
        self.facts = set_role(QLabel(), "muted")
        self.facts.setWordWrap(True)
        self.notice = MessageLine()
        self.list = QListWidget()
        self.list.setObjectName("viewerItems")
        self.list.setFixedWidth(250)
        self.player = Player()
        self.markers = MarkerStrip()
        self.markers.seek_requested.connect(lambda ms: self.player.media.setPosition(ms))
        self.item_title = set_role(QLabel(), "heading")
        self.item_title.setWordWrap(True)
        self.item_labels = QHBoxLayout()
        self.item_labels.setSpacing(6)
        self.comments = CommentPane()
        self.comments.position_ms = lambda: (
            self.player.media.position() if self._current_is_video() else 0
        )
        self.comments.seek_requested.connect(lambda ms: self.player.media.setPosition(ms))
        self.comments.hide()

        stage = QFrame()
        stage.setObjectName("viewerStage")
        inner = QVBoxLayout(stage)
        inner.setContentsMargins(14, 14, 14, 12)
        inner.setSpacing(10)
        inner.addWidget(self.player, 1)
        inner.addWidget(self.markers)
        inner.addWidget(self.item_title)
        labels = QWidget()
        labels.setLayout(self.item_labels)
        self.item_labels.setContentsMargins(0, 0, 0, 0)
        inner.addWidget(labels)
        inner.addWidget(self.comments)

        body = QHBoxLayout()
        body.setSpacing(18)
        body.addWidget(self.list)
        body.addWidget(stage, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 22, 28, 24)
        layout.setSpacing(10)
        layout.addWidget(self.title)
        layout.addWidget(self.facts)
        layout.addWidget(self.notice)
        layout.addSpacing(6)
        layout.addLayout(body, 1)
        self.list.currentItemChanged.connect(self._chosen)

    def show_package(self, opened: OpenedPackage) -> None:
        manifest = opened.manifest
        self._items = dict(opened.items)
        self._entries = {item.name: item for item in manifest.items}
        self._manifest = manifest
        purpose = (
            self.tr("Supervision") if manifest.purpose == "supervision" else self.tr("Training")
        )
        self.title.setText(
            self.tr("%1 package · %2").replace("%1", purpose).replace("%2", manifest.case_code)
        )
        self.facts.setText(self._facts(manifest))
        self.notice.show_notice(manifest.notice)
        self.comments.clear()
        self.comments.setVisible(manifest.reply_to is not None)
        self.list.clear()
        for item in manifest.items:
            kind = self.tr("Still") if not item.is_video else self.tr("Clip")
            length = f" · {clock(round(item.duration_s * 1000))}" if item.is_video else ""
            row = QListWidgetItem(f"{item.title}\n{kind}{length}")
            row.setData(NAME_ROLE, item.name)
            self.list.addItem(row)
        if self.list.count():
            self.list.setCurrentRow(0)

    def _facts(self, manifest: Manifest) -> str:
        people = ", ".join(f"{p.initials} ({p.role})" for p in manifest.people)
        return (
            self.tr("For %1 · from %2 · opens until %3")
            .replace("%1", manifest.recipient)
            .replace("%2", manifest.prepared_by)
            .replace("%3", day_text(manifest.expires_on))
            + "\n"
            + self.tr("In the video: %1").replace("%1", people)
        )

    def show_item(self, name: str) -> None:
        entry, data = self._entries[name], self._items[name]
        self.item_title.setText(entry.title)
        while self.item_labels.count():
            taken = self.item_labels.takeAt(0)
            widget = taken.widget() if taken is not None else None
            if widget is not None:
                widget.deleteLater()
        for text in entry.labels:
            chip = QLabel(text)
            chip.setObjectName("viewerChip")
            self.item_labels.addWidget(chip)
        self.item_labels.addStretch(1)
        markers = self._manifest.markers_of(name) if self._manifest else ()
        self.markers.set_markers(markers, entry.duration_s if entry.is_video else 0.0)
        self.comments.show_item(name)
        if entry.is_video:
            self.player.load_clip(data)
        else:
            self.player.show_still(data)

    @property
    def manifest(self) -> Manifest | None:
        return self._manifest

    def _current_is_video(self) -> bool:
        current = self.list.currentItem()
        entry = self._entries.get(str(current.data(NAME_ROLE))) if current else None
        return entry is not None and entry.is_video

    def clear(self) -> None:
        """Stop playback and drop every decrypted byte this panel holds."""
        self.player.unload()
        self.markers.set_markers((), 0.0)
        self.comments.clear()
        self._manifest = None
        self.list.clear()
        self._items.clear()
        self._entries.clear()

    def _chosen(self, current: QListWidgetItem | None, _: QListWidgetItem | None) -> None:
        if current is not None:
            self.show_item(str(current.data(NAME_ROLE)))
