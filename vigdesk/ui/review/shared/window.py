"""Shared-review mode: the chosen clips and stills, full screen, for the family to watch.

A top-level window parented to the main window (so locking closes it). It shows the
picture, large simple controls and a box for the parent's reflections; no names, no
case code, no titles, no list. Keys: Space/K play or pause (Space presses a
button Tab has reached), ← → one picture, S speed
(1×, 0.5×, 0.25×), I and O mark a moment, L loops it (or the whole clip), PgDown/N next,
PgUp/P back, Esc ends. Each clip is opened through the service (audited as a play).

The reflections stay in memory until the end, then go to a shared-review session (a new
one or the one the practitioner picks), never to the clips: sessions keep the case
record's schedule. Closing the window, even by locking, records them too. GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QImage, QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractButton, QStackedWidget, QVBoxLayout, QWidget

from vigdesk.core.changes import Changed
from vigdesk.core.ids import CaseId, MediaId
from vigdesk.core.media import MediaItem, MediaKind
from vigdesk.core.reflections import Reflection
from vigdesk.core.sessions import Session
from vigdesk.ui.context import MainContext
from vigdesk.ui.failures import Failure
from vigdesk.ui.review.media_jobs import Opened, open_job
from vigdesk.ui.review.player import Player
from vigdesk.ui.review.shared.finished import FinishedScreen
from vigdesk.ui.review.shared.stage import SPEEDS, Stage
from vigdesk.ui.review.timecode import FrameClock


class ReviewWindow(QWidget):
    """`index` is the step shown; `finished` turns True once the review has ended and
    `recorded` once its session holds the reflections."""

    def __init__(self, ctx: MainContext, items: list[MediaItem], parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle(self.tr("Shared review"))
        self.setObjectName("sharedReview")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._ctx = ctx
        self._items = list(items)
        self._case_id = items[0].case_id if items else CaseId("")
        self._said: dict[str, str] = {}  # media id → the reflections typed beside it
        self._shown: list[MediaId] = []  # media ids in the order they were shown
        self._marks: list[int | None] = [None, None]  # loop start and end (I, O)
        self.index = -1
        self.finished = False
        self.recorded = False
        self._recording = False
        self._stage_keys: list[QShortcut] = []  # off once the review has ended
        self.stage = Stage()
        self.stage.hold_widths()
        self.player = Player(self.stage.canvas.show_frame, self)
        self.done_screen = FinishedScreen()
        self.pages = QStackedWidget()
        self.pages.addWidget(self.stage)
        self.pages.addWidget(self.done_screen)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
        self._connect()

    def _connect(self) -> None:
        s = self.stage
        s.play.clicked.connect(self.toggle_play)
        s.canvas.clicked.connect(self.toggle_play)
        s.next.clicked.connect(self.next)
        s.previous.clicked.connect(self.previous)
        s.leave.clicked.connect(self.leave)
        s.loop.clicked.connect(lambda: self.toggle_loop())
        s.scrubber.valueChanged.connect(self._scrubbed)
        for button, rate in zip(s.speeds, SPEEDS, strict=True):
            button.clicked.connect(lambda _=False, r=rate: self.set_rate(r))
        self.done_screen.save.clicked.connect(self.save_and_close)
        self.player.state_changed.connect(self._player_state)
        self.player.frame_changed.connect(self._frame_changed)
        for keys, slot in (
            (("Space",), self.space),
            (("K",), self.toggle_play),
            (("Right",), lambda: self.step(1)),
            (("Left",), lambda: self.step(-1)),
            (("S",), self.slower),
            (("L",), self.toggle_loop),
            (("I",), lambda: self.mark(0)),
            (("O",), lambda: self.mark(1)),
            (("PgDown", "N"), self.next),
            (("PgUp", "P"), self.previous),
            (("Esc",), self.leave),
        ):
            for key in keys:
                shortcut = QShortcut(QKeySequence(key), self)
                shortcut.activated.connect(slot)
                if key != "Esc":
                    self._stage_keys.append(shortcut)

    # -- flow -------------------------------------------------------------------------------

    def begin(self) -> None:
        self.showFullScreen()
        self.activateWindow()
        self.show_step(0)
        self.stage.setFocus()

    def show_step(self, index: int) -> None:
        if self.finished or not 0 <= index < len(self._items):
            return
        self._keep_reflection()
        self.index = index
        item = self._items[index]
        if item.id not in self._shown:
            self._shown.append(item.id)
        self._marks = [None, None]
        self.player.set_loop(None)
        self._show_marks()
        if self.focusWidget() in (self.stage.previous, self.stage.next, self.stage.play):
            self.stage.setFocus()  # Space plays the new step, not the button again
        self.stage.show_step(index, len(self._items), item.kind is MediaKind.STILL)
        self.stage.reflection.setPlainText(self._said.get(item.id, ""))
        self.player.unload()
        self.stage.canvas.show_hint("")
        self._show_hint()
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

    def leave(self) -> None:
        """End the review: show nothing but "Review finished" and the sessions to record
        the reflections in (dates only); Esc there records and closes."""
        if self.finished:
            self.close()
            return
        self._keep_reflection()
        self.finished = True
        self.player.unload()
        self.stage.clear()
        self._items = []
        for shortcut in self._stage_keys:
            shortcut.setEnabled(False)  # Space presses the focused button again
        self.pages.setCurrentWidget(self.done_screen)
        self.done_screen.save.setFocus()
        services, case_id = self._ctx.services, self._case_id
        self._ctx.runner.run(
            lambda _: services.sessions.list_sessions(case_id),
            on_success=lambda sessions: self.done_screen.offer(sessions, services.ctx.today()),
            on_failure=lambda failure: self.done_screen.message.show_error(failure.message),
            owner=self,
        )

    def save_and_close(self) -> None:
        if self._recording or self.recorded:
            return
        self.done_screen.saving(True)
        self._record(self.done_screen.chosen(), owner=self)

    # -- the clip ----------------------------------------------------------------------------

    def toggle_play(self) -> None:
        if self.player.clock is not None:
            self.player.toggle_play()

    def space(self) -> None:
        """Space presses the button Tab reached; anywhere else it plays or pauses."""
        focused = self.focusWidget()
        if isinstance(focused, QAbstractButton) and focused is not self.stage.play:
            focused.click()
        else:
            self.toggle_play()

    def step(self, frames: int) -> None:
        """One picture back or on; pauses first when playing."""
        self.player.step(frames)

    def set_rate(self, rate: float) -> None:
        self.player.set_rate(rate)

    def slower(self) -> None:
        """S: 1× → 0.5× → 0.25× → 1×."""
        at = SPEEDS.index(self.player.rate) if self.player.rate in SPEEDS else -1
        self.set_rate(SPEEDS[(at + 1) % len(SPEEDS)])

    def mark(self, end: int) -> None:
        """I (end 0) or O (end 1): where the moment to loop starts or ends."""
        if self.player.clock is None:
            return
        self._marks[end] = self.player.frame
        if self.player.loop is not None:
            self.player.set_loop(self._span())
        self._show_marks()

    def toggle_loop(self) -> None:
        """L: loop the marked moment (or the whole clip), or stop looping."""
        if self.player.clock is None:
            self.stage.loop.setChecked(False)
            return
        self.player.set_loop(None if self.player.loop is not None else self._span())

    def _span(self) -> tuple[int, int]:
        assert self.player.clock is not None
        start, end = self._marks
        first = 0 if start is None else start
        last = self.player.clock.last if end is None else end
        return (first, last) if first < last else (0, self.player.clock.last)

    # -- internals ----------------------------------------------------------------------------

    def _opened(self, index: int, opened: Opened) -> None:
        if self.finished or index != self.index:
            if opened.reader is not None:
                opened.reader.release()
            return
        if opened.reader is not None:
            clock = FrameClock.of(opened.item.duration_s, opened.item.fps)
            self.stage.show_length(clock.last, opened.item.duration_s)
            self.stage.show_position(0, 0.0)
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

    def _scrubbed(self, frame: int) -> None:
        if self.player.playing:
            self.player.pause()
        self.player.seek(frame)

    def _frame_changed(self, frame: int) -> None:
        self.stage.show_position(frame, self.player.position_s)

    def _player_state(self) -> None:
        player = self.player
        self.stage.show_playing(player.playing, player.clock is not None)
        self.stage.show_rate(player.rate)
        self.stage.loop.setChecked(player.loop is not None)
        self._show_marks()
        self._show_hint()

    def _show_hint(self) -> None:
        if self.finished or not 0 <= self.index < len(self._items):
            self.stage.hint.clear()
            return
        if self._items[self.index].kind is MediaKind.STILL:
            last = self.index == len(self._items) - 1
            text = (
                self.tr("Take your time with this picture. Press Finish when you are done.")
                if last
                else self.tr("Take your time with this picture. Press Next when you are ready.")
            )
            self.stage.hint.setText(text)
            return
        parts = []
        if self.player.ready and not self.player.playing:
            parts.append(self.tr("Paused here: take your time to talk about it."))
        if self.player.loop is not None:
            parts.append(self.tr("Looping this moment (L to stop)."))
        self.stage.hint.setText("  ".join(parts))

    def _show_marks(self) -> None:
        """The band on the scrubber: what loops, or the marks set so far."""
        loop = self.player.loop
        first, last = loop if loop is not None else self._marks
        self.stage.scrubber.set_span(first, last, looping=loop is not None)

    def _keep_reflection(self) -> None:
        if 0 <= self.index < len(self._items):
            self._said[self._items[self.index].id] = self.stage.reflection.toPlainText()

    def _record(self, session_id: str | None, owner: QWidget) -> None:
        """Record the reflections and the items shown in the review's session (serial)."""
        self._recording = True
        services, case_id = self._ctx.services, self._case_id
        said = [Reflection(m, self._said.get(m, "")) for m in self._shown]
        shown = list(self._shown)
        closing = owner is self
        self._ctx.runner.run(
            lambda _: services.reflections.record(
                case_id, said, shown=shown, session_id=session_id
            ),
            on_success=lambda session: self._recorded(session, closing),
            on_failure=self._not_recorded if closing else None,
            serial=True,
            changes={Changed.SESSIONS},
            owner=owner,
        )

    def _recorded(self, session: Session, close: bool) -> None:
        self.recorded = True
        self._recording = False
        if close:
            self.close()

    def _not_recorded(self, failure: Failure) -> None:
        self._recording = False
        self.done_screen.saving(False)
        if not failure.cancelled:
            self.done_screen.message.show_error(failure.message)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.finished:
            self.leave()
        if not self.recorded and not self._recording and self._shown and self._case_id:
            owner = self.parentWidget() or self
            self._record(self.done_screen.chosen(), owner)
        self.player.unload()
        super().closeEvent(event)
