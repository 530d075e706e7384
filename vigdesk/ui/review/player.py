"""The player: QMediaPlayer over a SealedDevice, with frame-exact stepping and J/K/L.

GUI thread only. The *logical* frame is what the practitioner marks and captures:
while paused it is set exactly (the player is asked for the middle of that frame,
see timecode.py); while playing it follows the frames the sink actually shows.

Each source plays in its own engine (engine.py explains why an engine is never stopped
from Python). Qt's FFmpeg backend cannot play backwards, so J is a reverse scrub: a timer steps the
paused picture back ~12 times a second, by 1×, 2× or 4× real time. Playback speed keeps
the pitch of voices (QMediaPlayer.pitchCompensation, available with the FFmpeg backend
since Qt 6.10 and on by default).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtMultimedia import QMediaPlayer, QVideoFrame

from vigdesk.ui.review.engine import open_engine, retire
from vigdesk.ui.review.shared_reader import SharedReader
from vigdesk.ui.review.timecode import FrameClock

REVERSE_TICK_MS = 80
SHUTTLE_SPEEDS = (1, 2, 4)
Status = QMediaPlayer.MediaStatus
PlaybackState = QMediaPlayer.PlaybackState


class Player(QObject):
    """`frame_changed(int)` on every logical frame change; `state_changed` for play/rate/
    mute/loop; `loaded` once the first frame of a new source is shown; `failed(str)`.
    Every frame the engine shows goes to `show(frame)` (the canvas)."""

    frame_changed = Signal(int)
    state_changed = Signal()
    loaded = Signal()
    failed = Signal(str)

    def __init__(self, show: Callable[[QVideoFrame], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._show = show
        self._media: QMediaPlayer | None = None
        self._reverse = QTimer(self)
        self._reverse.setInterval(REVERSE_TICK_MS)
        self._reverse.timeout.connect(self._reverse_tick)
        self._clock: FrameClock | None = None
        self._frame = 0
        self._shown = -1
        self._shuttle = 0  # 0 none, +n forward at n×, -n reverse scrub at n×
        self._rate = 1.0
        self._volume = 1.0
        self._muted = False
        self._loop: tuple[int, int] | None = None
        self._ready = False
        self._primed = False

    # -- source ---------------------------------------------------------------------

    def load(self, reader: SharedReader, clock: FrameClock, frame: int = 0) -> None:
        """Play from `reader`; the player owns one use of it and releases it when the
        engine that reads it is gone."""
        self.unload()
        self._clock = clock
        self._frame = clock.clamp(frame)
        self._media = open_engine(
            self, reader, self._volume, self._muted, self._rate, self._frame_shown
        )
        self._media.mediaStatusChanged.connect(self._status_changed)
        self._media.errorOccurred.connect(self._error)
        self.frame_changed.emit(self._frame)
        self.state_changed.emit()

    def unload(self) -> None:
        """Stop showing the source; its engine is retired (see `_retire`)."""
        self._reverse.stop()
        self._shuttle = 0
        self._ready = False
        self._primed = False
        if self._media is not None:
            retire(self._media)
            self._media = None
        self._clock = None
        self._shown = -1
        self.state_changed.emit()

    def current_frame(self) -> QVideoFrame:
        """The frame the engine shows now (invalid when there is none)."""
        sink = self._media.videoSink() if self._media is not None else None
        return sink.videoFrame() if sink is not None else QVideoFrame()

    @property
    def clock(self) -> FrameClock | None:
        return self._clock

    @property
    def ready(self) -> bool:
        return self._ready

    # -- what is on screen ------------------------------------------------------------

    @property
    def frame(self) -> int:
        return self._frame

    @property
    def shown_frame(self) -> int:
        """The frame the sink last delivered (-1 before the first)."""
        return self._shown

    @property
    def position_s(self) -> float:
        return self._clock.start_s(self._frame) if self._clock else 0.0

    @property
    def playing(self) -> bool:
        return self._forward() or self._reverse.isActive()

    @property
    def shuttle(self) -> int:
        return self._shuttle

    @property
    def rate(self) -> float:
        return self._rate

    @property
    def muted(self) -> bool:
        return self._muted

    @property
    def volume(self) -> int:
        return round(self._volume * 100)

    @property
    def loop(self) -> tuple[int, int] | None:
        return self._loop

    # -- transport ----------------------------------------------------------------------

    def toggle_play(self) -> None:
        if self.playing:
            self.pause()
        else:
            self.play()

    def play(self, speed: float | None = None) -> None:
        """Play forwards at the chosen rate, or at `speed` (shuttle)."""
        media, clock = self._media, self._clock
        if media is None or clock is None:
            return
        self._reverse.stop()
        self._shuttle = round(speed) if speed else 0
        if self._loop and not self._loop[0] <= self._frame <= self._loop[1]:
            self._go(self._loop[0])
        elif self._frame >= clock.last:
            self._go(0)
        media.setPlaybackRate(speed or self._rate)
        media.play()
        self.state_changed.emit()

    def pause(self) -> None:
        """Stop on the frame being shown and settle exactly on it."""
        self._reverse.stop()
        self._shuttle = 0
        if self._media is not None and self._forward():
            self._media.pause()
            if self._shown >= 0:
                self._frame = self._shown
            self._media.setPlaybackRate(self._rate)
        self._go(self._frame)
        self.state_changed.emit()

    def step(self, frames: int) -> None:
        """Pause and move exactly `frames` frames (negative: back)."""
        if self._clock is None:
            return
        if self.playing:
            self.pause()
        self._go(self._clock.clamp(self._frame + frames))

    def skip(self, seconds: float) -> None:
        """Jump by `seconds`, playing on if playing."""
        if self._clock is not None:
            self.seek(self._frame + round(seconds * float(self._clock.fps)))

    def seek(self, frame: int) -> None:
        """Show `frame` (keeps playing if playing forward)."""
        if self._clock is not None:
            self._go(self._clock.clamp(frame))

    def shuttle_forward(self) -> None:
        """L: play forwards at 1×, then 2×, then 4×."""
        self.play(float(_next_speed(self._shuttle) if self._shuttle > 0 else 1))

    def shuttle_back(self) -> None:
        """J: scrub backwards at 1×, then 2×, then 4× (a timer steps the paused picture)."""
        if self._clock is None:
            return
        speed = _next_speed(-self._shuttle) if self._shuttle < 0 else 1
        if self._forward():
            self.pause()
        self._shuttle = -speed
        self._reverse.start()
        self.state_changed.emit()

    def set_rate(self, rate: float) -> None:
        self._rate = rate
        if self._media is not None and self._shuttle <= 0:
            self._media.setPlaybackRate(rate)
        self.state_changed.emit()

    def set_volume(self, percent: int) -> None:
        self._volume = max(0, min(percent, 100)) / 100
        if self._media is not None and (audio := self._media.audioOutput()) is not None:
            audio.setVolume(self._volume)
        self.state_changed.emit()

    def toggle_mute(self) -> None:
        self._muted = not self._muted
        if self._media is not None and (audio := self._media.audioOutput()) is not None:
            audio.setMuted(self._muted)
        self.state_changed.emit()

    def set_loop(self, span: tuple[int, int] | None) -> None:
        """Loop playback within frames [first, last] (inclusive); None to stop looping."""
        self._loop = span
        self.state_changed.emit()

    # -- internals ----------------------------------------------------------------------

    def _forward(self) -> bool:
        media = self._media
        return media is not None and media.playbackState() == PlaybackState.PlayingState

    def _go(self, frame: int) -> None:
        if self._clock is None or self._media is None:
            return
        changed = frame != self._frame
        self._frame = frame
        self._media.setPosition(self._clock.player_ms(frame))
        if changed:
            self.frame_changed.emit(frame)

    def _frame_shown(self, frame: QVideoFrame) -> None:
        if self._clock is None or not frame.isValid():
            return
        self._show(frame)
        self._shown = self._clock.frame_of_us(frame.startTime())
        if not self._ready:
            self._ready = True
            self.loaded.emit()
        if not self._forward():
            return
        if self._loop and self._shown > self._loop[1]:
            self._go(self._loop[0])
        elif self._shown != self._frame:
            self._frame = self._shown
            self.frame_changed.emit(self._frame)

    def _reverse_tick(self) -> None:
        if self._clock is None:
            self._reverse.stop()
            return
        step = max(1, round(REVERSE_TICK_MS / 1000 * float(self._clock.fps) * -self._shuttle))
        target = self._frame - step
        if self._loop and target < self._loop[0] <= self._frame:
            target = self._loop[1]
        if target <= 0:
            target = 0
            self._reverse.stop()
            self._shuttle = 0
            self.state_changed.emit()
        self._go(target)

    def _status_changed(self, status: Status) -> None:
        media, clock = self._media, self._clock
        if media is None or clock is None or self.sender() is not media:
            return
        if status == Status.LoadedMedia and not self._primed:
            self._primed = True  # pause() reports LoadedMedia again, synchronously
            media.pause()
            media.setPosition(clock.player_ms(self._frame))
        elif status == Status.EndOfMedia:
            if self._loop:
                self._go(self._loop[0])
                media.play()
                return
            self._shuttle = 0
            media.setPlaybackRate(self._rate)
            media.pause()
            self._go(clock.last)
            self.state_changed.emit()

    def _error(self, error: QMediaPlayer.Error, text: str) -> None:
        if error != QMediaPlayer.Error.NoError and self.sender() is self._media:
            self.failed.emit(text or self.tr("This video cannot be played."))


def _next_speed(current: int) -> int:
    later = [s for s in SHUTTLE_SPEEDS if s > current]
    return later[0] if later else SHUTTLE_SPEEDS[-1]
