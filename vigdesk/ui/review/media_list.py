"""The case's footage, clips and stills: a list with kind and label filters and a sort.

Single click (or Enter) opens an item in the player; moving with the arrow keys only
selects it, so browsing the list does not open (and audit) every video on the way.
Footage whose decode check found damage carries a red chip and the warning in its
tooltip; footage being checked shows how far the check has got.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vigdesk.core.dates import day_text
from vigdesk.core.ids import MediaId
from vigdesk.core.media import MediaItem, MediaKind
from vigdesk.services.principles import Principles, helping_question_of
from vigdesk.ui.review.library import when
from vigdesk.ui.review.media_delegate import NEUTRAL, ROW_ROLE, WARNING, MediaDelegate, Row
from vigdesk.ui.review.timecode import short_duration

ID_ROLE = Qt.ItemDataRole.UserRole
ANY = ""
HELPING = "helping"
UNLABELLED = "none"


class _List(QListWidget):
    activated_by_key = Signal(str)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentItem():
            self.activated_by_key.emit(str(self.currentItem().data(ID_ROLE)))
            return
        super().keyPressEvent(event)


class MediaList(QWidget):
    """`opened(media_id)` when the user opens an item; `selected(media_id)` on selection."""

    opened = Signal(str)
    selected = Signal(str)

    def __init__(self, principles: Principles, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._principles = principles
        self._items: list[MediaItem] = []
        self._thumbs: dict[str, QPixmap] = {}
        self._damage: dict[str, str] = {}
        self._checking: dict[str, float] = {}
        self.kind = QComboBox()
        self.kind.setAccessibleName(self.tr("Show"))
        for text, value in (
            (self.tr("Everything"), ANY),
            (self.tr("Footage"), MediaKind.FOOTAGE.value),
            (self.tr("Clips"), MediaKind.CLIP.value),
            (self.tr("Stills"), MediaKind.STILL.value),
        ):
            self.kind.addItem(text, value)
        self.label = QComboBox()
        self.label.setAccessibleName(self.tr("Label"))
        self.label.addItem(self.tr("Any label"), ANY)
        for principle in principles.principles:
            self.label.addItem(principle.name, principle.id)
        self.label.addItem(self.tr("Linked to a helping question"), HELPING)
        self.label.addItem(self.tr("Not labelled yet"), UNLABELLED)
        self.sort = QComboBox()
        self.sort.setAccessibleName(self.tr("Sort"))
        for text, value in (
            (self.tr("Newest first"), "newest"),
            (self.tr("Oldest first"), "oldest"),
            (self.tr("Title"), "title"),
            (self.tr("Longest first"), "longest"),
        ):
            self.sort.addItem(text, value)
        self.list = _List()
        self.list.setItemDelegate(MediaDelegate(self.list))
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setMouseTracking(True)
        self.list.setAccessibleName(self.tr("Footage, clips and stills"))
        self.list.setUniformItemSizes(True)
        self.list.setFrameShape(QFrame.Shape.NoFrame)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setObjectName("reviewMediaList")

        filters = QHBoxLayout()
        filters.setSpacing(6)
        filters.addWidget(self.kind, 1)
        filters.addWidget(self.label, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(filters)
        layout.addWidget(self.sort)
        layout.addWidget(self.list, 1)

        for combo in (self.kind, self.label, self.sort):
            combo.currentIndexChanged.connect(lambda _: self._rebuild())
        self.list.itemClicked.connect(lambda item: self.opened.emit(str(item.data(ID_ROLE))))
        self.list.activated_by_key.connect(self.opened)
        self.list.currentItemChanged.connect(self._current_changed)

    # -- content ---------------------------------------------------------------------------

    def set_media(
        self,
        items: list[MediaItem],
        thumbs: dict[str, QPixmap],
        damage: dict[str, str] | None = None,
    ) -> None:
        """`damage`: media id → the decode check's warning, for damaged footage only."""
        self._items = list(items)
        self._thumbs = thumbs
        self._damage = dict(damage or {})
        self._rebuild()

    def clear_media(self) -> None:
        self._items = []
        self._thumbs = {}
        self._damage = {}
        self._checking = {}
        self.list.clear()

    def show_check(self, media_id: MediaId, fraction: float | None) -> None:
        """How far the decode check of `media_id` has got (0–1); None once it is over."""
        if fraction is None:
            self._checking.pop(media_id, None)
        else:
            self._checking[media_id] = fraction
        media = next((m for m in self._items if m.id == media_id), None)
        for index in range(self.list.count()):
            item = self.list.item(index)
            if media is not None and item.data(ID_ROLE) == media_id:
                self._fill(item, media)

    def ids(self) -> list[str]:
        """The ids shown, in order."""
        return [str(self.list.item(i).data(ID_ROLE)) for i in range(self.list.count())]

    def select(self, media_id: MediaId) -> None:
        for index in range(self.list.count()):
            item = self.list.item(index)
            if item.data(ID_ROLE) == media_id:
                self.list.blockSignals(True)
                self.list.setCurrentItem(item)
                self.list.blockSignals(False)
                self.list.scrollToItem(item)
                return

    def current_id(self) -> MediaId | None:
        item = self.list.currentItem()
        return MediaId(str(item.data(ID_ROLE))) if item is not None else None

    # -- internals ---------------------------------------------------------------------------

    def _rebuild(self) -> None:
        keep = self.current_id()
        self.list.blockSignals(True)
        self.list.clear()
        for media in self._sorted(self._filtered()):
            item = QListWidgetItem()
            item.setData(ID_ROLE, media.id)
            self._fill(item, media)
            self.list.addItem(item)
        self.list.blockSignals(False)
        if keep is not None:
            self.select(keep)

    def _fill(self, item: QListWidgetItem, media: MediaItem) -> None:
        row = self._row(media)
        item.setData(ROW_ROLE, row)
        damage = self._damage.get(media.id, "")
        spoken = f"{row.kind_text}: {row.title}"  # for screen readers and searches
        item.setText(f"{spoken}. {damage}" if damage else spoken)
        item.setToolTip("\n".join(t for t in (row.title, row.meta, damage) if t))

    def _filtered(self) -> list[MediaItem]:
        kind, label = self.kind.currentData(), self.label.currentData()
        result = []
        for media in self._items:
            if kind and media.kind.value != kind:
                continue
            if label == HELPING and helping_question_of(media.labels) is None:
                continue
            if label == UNLABELLED and media.labels:
                continue
            if label not in (ANY, HELPING, UNLABELLED) and not any(
                p.id == label for p in self._principles.principles_in(media.labels)
            ):
                continue
            result.append(media)
        return result

    def _sorted(self, items: list[MediaItem]) -> list[MediaItem]:
        keys: dict[str, tuple[Callable[[MediaItem], object], bool]] = {
            "newest": (lambda m: m.created_at, True),
            "oldest": (lambda m: m.created_at, False),
            "title": (lambda m: m.title.casefold(), False),
            "longest": (lambda m: m.duration_s, True),
        }
        key, reverse = keys[str(self.sort.currentData())]
        return sorted(items, key=key, reverse=reverse)  # type: ignore[arg-type]

    def _row(self, media: MediaItem) -> Row:
        kinds = {
            MediaKind.FOOTAGE: self.tr("Footage"),
            MediaKind.CLIP: self.tr("Clip"),
            MediaKind.STILL: self.tr("Still"),
        }
        stamp = when(media)
        date = day_text(stamp)
        meta = (
            date
            if media.kind is MediaKind.STILL
            else f"{short_duration(media.duration_s)} · {date}"
        )
        chips: list[tuple[str, int]] = []
        if media.id in self._damage:
            chips.append((self.tr("Damaged footage"), WARNING))
        if media.id in self._checking:
            done = round(100 * self._checking[media.id])
            chips.append((self.tr("Checking frames %1%").replace("%1", str(done)), NEUTRAL))
        order = [p.id for p in self._principles.principles]
        for principle in self._principles.principles_in(media.labels):
            chips.append((principle.name, order.index(principle.id)))
        if helping_question_of(media.labels):
            chips.append((self.tr("Helping question"), NEUTRAL))
        thumb = self._thumbs.get(media.thumb_blob_id or "")
        return Row(
            media.id, media.kind.value, kinds[media.kind], media.title, meta, tuple(chips), thumb
        )

    def _current_changed(self, current: QListWidgetItem | None, _: QListWidgetItem | None) -> None:
        if current is not None:
            self.selected.emit(str(current.data(ID_ROLE)))
