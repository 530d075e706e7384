"""Shared-review mode: the chosen clips and stills, full screen, for the family to watch.

A top-level window parented to the main window (so locking closes it). It shows the
picture, large simple controls and a box for the parent's reflections; no names, no
case code, no titles, no list. Reflections are appended to each item's note via the
media service. Esc leaves, and leaving leaves only a plain "Review finished" screen.
Each clip is opened through the service (audited as a play). GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QImage, QKeySequence, QShortcut
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from vigdesk.core.changes import Changed
from vigdesk.core.media import MediaItem, MediaKind
from vigdesk.ui.context import MainContext
from vigdesk.ui.failures import Failure
from vigdesk.ui.review.media_jobs import Opened, append_note_job, open_job
from vigdesk.ui.review.player import Player
from vigdesk.ui.review.shared.stage import FinishedScreen, Stage
from vigdesk.ui.review.timecode import FrameClock


class ReviewWindow(QWidget):
    """`index` is the step shown; `finished` turns True once the review has ended."""

    def __init__(self, ctx: MainContext, items: list[MediaItem], parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle(self.tr("Shared review"))
        self.setObjectName("sharedReview")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._ctx = ctx
        self._items = list(items)
        self._saved_text: dict[str, str] = {}
        self.index = -1
        self.finished = False
        self.stage = Stage()
        self.player = Player(self.stage.canvas.show_frame, self)
        self.done_screen = FinishedScreen()
        self.pages = QStackedWidget()
        self.pages.addWidget(self.stage)
        self.pages.addWidget(self.done_screen)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

        s = self.stage
        s.play.clicked.connect(self.toggle_play)
        s.next.clicked.connect(self.next)
        s.previous.clicked.connect(self.previous)
        s.leave.clicked.connect(self.leave)
        self.done_screen.close_button.clicked.connect(self.close)
        self.player.state_changed.connect(self._player_state)
        for keys, slot in (
            (("Space", "K"), self.toggle_play),
            (("PgDown", "N"), self.next),
            (("PgUp", "P"), self.previous),
            (("Esc",), self.leave),
        ):
            for key in keys:
                shortcut = QShortcut(QKeySequence(key), self)
                shortcut.activated.connect(slot)

    # -- flow -------------------------------------------------------------------------------

    def begin(self) -> None:
        self.showFullScreen()
        self.activateWindow()
        self.show_step(0)

    def show_step(self, index: int) -> None:
        if self.finished or not 0 <= index < len(self._items):
            return
        self._save_reflection()
        self.index = index
        item = self._items[index]
        self.stage.show_step(index, len(self._items), item.kind is MediaKind.STILL)
        self.stage.reflection.setPlainText(self._saved_text.get(item.id, ""))
        self.player.unload()
        self.stage.canvas.show_hint("")
        services, media_id = self._ctx.services, item.id
        self._ctx.runner.run(
            lambda _: open_job(services, media_id),
            on_success=lambda opened: self._opened(index, opened),
            on_failure=self._failed,
            owner=self,
        )

    def next(self) -> None:
        if self.index >= len(self._items) - 1:
            self.leave()
        else:
            self.show_step(self.index + 1)

    def previous(self) -> None:
        if self.index > 0:
            self.show_step(self.index - 1)

    def toggle_play(self) -> None:
        if self.player.clock is not None:
            self.player.toggle_play()

    def leave(self) -> None:
        """End the review: save reflections and show nothing but "Review finished"."""
        if self.finished:
            self.close()
            return
        self._save_reflection()
        self.finished = True
        self.player.unload()
        self.stage.clear()
        self._items = []
        self.pages.setCurrentWidget(self.done_screen)
        self.done_screen.close_button.setFocus()

    # -- internals ----------------------------------------------------------------------------

    def _opened(self, index: int, opened: Opened) -> None:
        if self.finished or index != self.index:
            if opened.reader is not None:
                opened.reader.release()
            return
        if opened.reader is not None:
            clock = FrameClock.of(opened.item.duration_s, opened.item.fps)
            self.player.load(opened.reader, clock)
            self.player.loaded.connect(self._autoplay, Qt.ConnectionType.SingleShotConnection)
        elif opened.png is not None:
            self.stage.canvas.show_image(QImage.fromData(opened.png))

    def _autoplay(self) -> None:
        if not self.finished:
            self.player.play()

    def _failed(self, failure: Failure) -> None:
        if not failure.cancelled:
            self.stage.canvas.show_hint(failure.message)

    def _player_state(self) -> None:
        self.stage.show_playing(self.player.playing, self.player.clock is not None)

    def _save_reflection(self) -> None:
        if not 0 <= self.index < len(self._items):
            return
        media_id = self._items[self.index].id
        text = self.stage.reflection.toPlainText().strip()
        if not text or self._saved_text.get(media_id) == text:
            return
        before = self._saved_text.get(media_id, "")
        self._saved_text[media_id] = text
        addition = text[len(before) :].strip() if text.startswith(before) else text
        services = self._ctx.services
        heading = self.tr("Shared review, the parent's reflections")
        self._ctx.runner.run(
            lambda _: append_note_job(services, media_id, heading, addition),
            on_success=lambda _: None,
            serial=True,
            changes={Changed.MEDIA},
            owner=self.parentWidget(),
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.finished:
            self.leave()
        self.player.unload()
        super().closeEvent(event)
