"""The player and trimmer as one keyboard-driven panel: picture, timeline, transport, marks,
and the moment markers beside the picture.

It plays what the page gives it and asks the page (by signal) to make clips and stills
and to add, retype, move and delete markers; it never calls services itself. GUI thread
only.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from vigdesk.core.ids import MediaId
from vigdesk.core.media import MediaItem
from vigdesk.ui.look import set_role
from vigdesk.ui.review.canvas import VideoCanvas
from vigdesk.ui.review.keys import KeysPanel, install_shortcuts
from vigdesk.ui.review.marker_list import MarkerColumn
from vigdesk.ui.review.player import Player
from vigdesk.ui.review.shared_reader import SharedReader
from vigdesk.ui.review.timecode import FrameClock
from vigdesk.ui.review.timeline import Timeline
from vigdesk.ui.review.transport import SPEEDS, TransportBar
from vigdesk.ui.review.trim_bar import TrimBar


class PlayerPanel(QWidget):
    """`clip_requested(start_s, end_s, name)` and `still_requested(at_s)` for the page;
    for markers: `video_shown(media_id)`, `marker_requested(media_id, at_s)`,
    `marker_key_pressed(key)` (a number key), `marker_move_requested(marker_id, frames)`
    and `marker_delete_requested(marker_id)`."""

    clip_requested = Signal(float, float, str)
    still_requested = Signal(float)
    video_shown = Signal(str)
    marker_requested = Signal(str, float)
    marker_key_pressed = Signal(str)
    marker_move_requested = Signal(str, int)
    marker_delete_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.canvas = VideoCanvas()
        self.canvas.setAccessibleName(self.tr("Video"))
        self.player = Player(self.canvas.show_frame, self)
        self.timeline = Timeline()
        self.transport = TransportBar()
        self.trim = TrimBar()
        self.markers = MarkerColumn()
        self.keys_panel: KeysPanel | None = None
        self.item: MediaItem | None = None
        self._in: int | None = None
        self._out: int | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        top = QHBoxLayout()
        top.setSpacing(10)
        top.addWidget(self.canvas, 1)
        top.addWidget(self.markers)
        layout.addLayout(top, 1)
        layout.addWidget(self.timeline)
        layout.addWidget(self.transport)
        layout.addWidget(set_role(QWidget(), "divider"))
        layout.addWidget(self.trim)

        self.shortcuts = install_shortcuts(self, self.command)
        self.player.frame_changed.connect(self._frame_changed)
        self.player.state_changed.connect(self._state_changed)
        self.timeline.scrubbed.connect(self._scrubbed)
        self.timeline.in_moved.connect(self._set_in)
        self.timeline.out_moved.connect(self._set_out)
        t = self.transport
        t.back.clicked.connect(self.shuttle_back)
        t.frame_back.clicked.connect(self.frame_back)
        t.play.clicked.connect(self.toggle_play)
        t.frame_forward.clicked.connect(self.frame_forward)
        t.forward.clicked.connect(self.shuttle_forward)
        t.loop.clicked.connect(self.toggle_loop)
        t.mute.clicked.connect(self.player.toggle_mute)
        t.volume.valueChanged.connect(self.player.set_volume)
        t.speed.currentIndexChanged.connect(
            lambda _: self.player.set_rate(float(t.speed.currentData()))
        )
        t.help.clicked.connect(self.show_keys)
        self.trim.mark_in.clicked.connect(self.mark_in)
        self.trim.mark_out.clicked.connect(self.mark_out)
        self.trim.clear.clicked.connect(self.clear_marks)
        self.trim.make_clip.clicked.connect(self.make_clip)
        self.trim.take_still.clicked.connect(self.take_still)
        self.canvas.clicked.connect(self.toggle_play_on_click)
        self.markers.seek_requested.connect(self.seek_to)
        self.show_nothing(self.tr("Choose a video on the left to play it here."))

    # -- what is shown --------------------------------------------------------------------

    def load_video(self, item: MediaItem, reader: SharedReader) -> None:
        """Play `item` from `reader` (the panel owns one use of the reader from now)."""
        clock = FrameClock.of(item.duration_s, item.fps)
        self.item = item
        self._in = self._out = None
        self.timeline.set_clock(clock)
        self.player.load(reader, clock)
        self._marks_changed()
        self.markers.show_markers([], (), None, None)
        self.canvas.setFocus(Qt.FocusReason.OtherFocusReason)
        self.video_shown.emit(item.id)

    def show_still(self, item: MediaItem, image: QImage) -> None:
        self.player.unload()
        self.item = item
        self.timeline.set_clock(None)
        self.canvas.show_image(image)
        self._marks_changed()
        self.markers.show_markers([], (), None, None)

    def show_nothing(self, hint: str = "") -> None:
        self.player.unload()
        self.item = None
        self.timeline.set_clock(None)
        self.canvas.show_hint(hint)
        self._marks_changed()
        self.markers.show_markers([], (), None, None)

    def set_strip(self, media_id: MediaId, strip: list[tuple[float, QPixmap]]) -> None:
        if self.item is not None and self.item.id == media_id:
            self.timeline.set_strip(strip)

    @property
    def marks(self) -> tuple[int | None, int | None]:
        return self._in, self._out

    # -- commands (keys, buttons) ------------------------------------------------------------

    def command(self, name: str) -> None:
        if name.startswith("marker_key:"):
            if self.player.clock is not None:
                self.marker_key_pressed.emit(name.removeprefix("marker_key:"))
            return
        getattr(self, name)()

    # -- markers (the page does the work; playback never stops for them) -----------------------

    def drop_marker(self) -> None:
        if self.player.clock is not None and self.item is not None:
            self.marker_requested.emit(self.item.id, self.player.position_s)

    def marker_earlier(self) -> None:
        self._move_marker(-1)

    def marker_later(self) -> None:
        self._move_marker(1)

    def _move_marker(self, frames: int) -> None:
        selected = self.markers.selected_id()
        if selected is not None and self.player.clock is not None:
            self.marker_move_requested.emit(selected, frames)

    def edit_marker(self) -> None:
        selected = self.markers.selected_id()
        if selected is not None and self.player.clock is not None:
            self.markers.edit_requested.emit(selected)

    def delete_marker(self) -> None:
        selected = self.markers.selected_id()
        if selected is not None and self.player.clock is not None:
            self.marker_delete_requested.emit(selected)

    def seek_to(self, at_s: float) -> None:
        """Show the frame at `at_s` (a marker's); playing goes on from there."""
        clock = self.player.clock
        if clock is not None:
            self.player.seek(clock.frame_at_s(at_s))

    def toggle_play(self) -> None:
        self.player.toggle_play()

    def toggle_play_on_click(self) -> None:
        if self.player.clock is not None and self.player.ready:
            self.player.toggle_play()

    def shuttle_forward(self) -> None:
        self.player.shuttle_forward()

    def shuttle_back(self) -> None:
        self.player.shuttle_back()

    def frame_back(self) -> None:
        self.player.step(-1)

    def frame_forward(self) -> None:
        self.player.step(1)

    def second_back(self) -> None:
        self.player.skip(-1.0)

    def second_forward(self) -> None:
        self.player.skip(1.0)

    def five_back(self) -> None:
        self.player.skip(-5.0)

    def five_forward(self) -> None:
        self.player.skip(5.0)

    def go_start(self) -> None:
        self.player.seek(0)

    def go_end(self) -> None:
        if self.player.clock is not None:
            self.player.seek(self.player.clock.last)

    def mark_in(self) -> None:
        if self.player.clock is not None:
            self._set_in(self.player.frame)

    def mark_out(self) -> None:
        if self.player.clock is not None:
            self._set_out(self.player.frame)

    def go_in(self) -> None:
        if self._in is not None:
            self.player.step(self._in - self.player.frame)

    def go_out(self) -> None:
        if self._out is not None:
            self.player.step(self._out - self.player.frame)

    def clear_marks(self) -> None:
        self._in = self._out = None
        self._marks_changed()

    def toggle_loop(self) -> None:
        clock = self.player.clock
        if self.player.loop is not None or clock is None:
            self.player.set_loop(None)
            return
        first = self._in if self._in is not None else 0
        last = self._out if self._out is not None else clock.last
        self.player.set_loop((first, last))

    def make_clip(self) -> None:
        clock = self.player.clock
        if (
            clock is None
            or self._in is None
            or self._out is None
            or not self.trim.make_clip.isEnabled()
        ):
            return
        if self.player.playing:
            self.player.pause()
        name = self.trim.name_edit.text().strip()
        self.clip_requested.emit(clock.start_s(self._in), clock.end_s(self._out), name)

    def take_still(self) -> None:
        if self.player.clock is None or not self.trim.take_still.isEnabled():
            return
        if self.player.playing:
            self.player.pause()
        self.still_requested.emit(self.player.position_s)

    def slower(self) -> None:
        self._nudge_speed(-1)

    def faster(self) -> None:
        self._nudge_speed(1)

    def toggle_mute(self) -> None:
        self.player.toggle_mute()

    def show_keys(self) -> KeysPanel:
        if self.keys_panel is None:
            self.keys_panel = KeysPanel(self)
        self.keys_panel.show_near(self.transport.help)
        return self.keys_panel

    # -- internals ---------------------------------------------------------------------------

    def _nudge_speed(self, step: int) -> None:
        current = min(range(len(SPEEDS)), key=lambda i: abs(SPEEDS[i] - self.player.rate))
        self.player.set_rate(SPEEDS[max(0, min(current + step, len(SPEEDS) - 1))])

    def _scrubbed(self, frame: int) -> None:
        self.canvas.setFocus(Qt.FocusReason.MouseFocusReason)
        self.player.seek(frame)

    def _set_in(self, frame: int) -> None:
        self._in = frame
        if self._out is not None and self._out < frame:
            self._out = None
        self._marks_changed()

    def _set_out(self, frame: int) -> None:
        self._out = frame
        if self._in is not None and self._in > frame:
            self._in = None
        self._marks_changed()

    def _marks_changed(self) -> None:
        clock = self.player.clock
        self.timeline.set_marks(self._in, self._out)
        self.trim.show_marks(clock, self._in, self._out)
        if self.player.loop is not None and clock is not None:
            first = self._in if self._in is not None else 0
            last = self._out if self._out is not None else clock.last
            self.player.set_loop((first, last))

    def _frame_changed(self, frame: int) -> None:
        self.timeline.set_frame(frame)
        self.transport.show_frame(self.player)

    def _state_changed(self) -> None:
        self.transport.refresh(self.player)
