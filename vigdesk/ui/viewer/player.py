"""Plays a decrypted clip from memory, or shows a still; play/pause, seek bar, time.

The player is handed bytes, never a path: a `MemoryDevice` feeds QMediaPlayer. GUI
thread only. `ended` fires when a clip reaches its end; `failed(str)` on a media error.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QImage
from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSlider, QVBoxLayout, QWidget

from vigdesk.ui.look import set_role
from vigdesk.ui.viewer.canvas import Canvas
from vigdesk.ui.viewer.memory_device import MemoryDevice

Status = QMediaPlayer.MediaStatus


def clock(ms: int) -> str:
    seconds = max(0, ms) // 1000
    return f"{seconds // 60}:{seconds % 60:02d}"


class Player(QWidget):
    ended = Signal()
    failed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.canvas = Canvas()
        self.media = self._fresh_media()
        self._device: MemoryDevice | None = None
        self.play_button = QPushButton(self.tr("Play"))
        self.play_button.setMinimumWidth(84)
        self.seek_bar = QSlider(Qt.Orientation.Horizontal)
        self.seek_bar.setAccessibleName(self.tr("Position in the clip"))
        self.time_label = set_role(QLabel("0:00 / 0:00"), "small")

        controls = QHBoxLayout()
        controls.setContentsMargins(0, 8, 0, 0)
        controls.setSpacing(12)
        controls.addWidget(self.play_button)
        controls.addWidget(self.seek_bar, 1)
        controls.addWidget(self.time_label)
        self._controls = QWidget()
        self._controls.setLayout(controls)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self._controls)

        self.play_button.clicked.connect(self.toggle)
        self.seek_bar.sliderMoved.connect(lambda ms: self.media.setPosition(ms))
        self._controls.setEnabled(False)

    def _fresh_media(self) -> QMediaPlayer:
        """One QMediaPlayer per clip. An old one is never stopped from Python: stop() and
        setSource() keep the GIL while Qt's reader thread needs it for MemoryDevice.readData,
        a deadlock; deleting it from the event loop (no GIL held) is safe."""
        media = QMediaPlayer(self)
        audio = QAudioOutput(media)
        media.setAudioOutput(audio)
        media.setVideoSink(self.canvas.sink)
        media.positionChanged.connect(self._moved)
        media.durationChanged.connect(self._sized)
        media.mediaStatusChanged.connect(self._status)
        media.playbackStateChanged.connect(self._state)
        media.errorOccurred.connect(lambda _e, text: self.failed.emit(text))
        return media

    def load_clip(self, data: bytes) -> None:
        """Play `data` (an MP4) from memory from the start, paused."""
        self.unload()
        self._device = MemoryDevice(data, self.media)  # a child: goes after the player
        self.media.setSourceDevice(self._device, QUrl("clip.mp4"))
        self._controls.setEnabled(True)
        self._controls.show()

    def show_still(self, data: bytes) -> None:
        self.unload()
        self._controls.hide()
        self.canvas.show_image(QImage.fromData(data))

    def play(self) -> None:
        if self.media.mediaStatus() == Status.EndOfMedia:
            self.media.setPosition(0)
        self.media.play()

    def toggle(self) -> None:
        if self.media.playbackState() == QMediaPlayer.PlaybackState.PlayingState:
            self.media.pause()
        else:
            self.play()

    def unload(self) -> None:
        """Let go of the player (deleted by the event loop) and its device, a child deleted
        only after the player has stopped reading; the clip's bytes are dropped then."""
        if self._device is not None:
            old, device = self.media, self._device
            old.blockSignals(True)
            old.destroyed.connect(device.release)  # plaintext dropped once the player is gone
            old.deleteLater()
            self._device = None
            self.media = self._fresh_media()
        self._controls.setEnabled(False)
        self.seek_bar.setValue(0)
        self.time_label.setText("0:00 / 0:00")
        self.canvas.show_hint("")

    def _moved(self, ms: int) -> None:
        if not self.seek_bar.isSliderDown():
            self.seek_bar.setValue(ms)
        self.time_label.setText(f"{clock(ms)} / {clock(self.media.duration())}")

    def _sized(self, ms: int) -> None:
        self.seek_bar.setRange(0, ms)
        self._moved(self.media.position())

    def _state(self, state: QMediaPlayer.PlaybackState) -> None:
        playing = state == QMediaPlayer.PlaybackState.PlayingState
        self.play_button.setText(self.tr("Pause") if playing else self.tr("Play"))

    def _status(self, status: QMediaPlayer.MediaStatus) -> None:
        if status == Status.EndOfMedia:
            self.ended.emit()
