"""One QMediaPlayer per source, reading through a SealedDevice, and its safe retirement.

Stopping or deleting a QMediaPlayer waits for its reading threads, and they call
`SealedDevice.readData`, which needs Python's GIL. PySide keeps the GIL during an
ordinary call such as `stop()` or `setSource()`, so doing that from Python deadlocks
as soon as a reading thread is waiting for the GIL (seen in tests: the GUI thread in
`stop()`, the demuxer waiting to enter `readData`). So an engine is never stopped or
re-sourced: a new source gets a new engine, and the old one is deleted by the event
loop, which runs deletions in C++ without holding the GIL. GUI thread only.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QUrl
from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer, QVideoFrame, QVideoSink

from vigdesk.ui.review.shared_reader import SharedReader
from vigdesk.ui.sealed_device import SealedDevice


def open_engine(
    owner: QObject,
    reader: SharedReader,
    volume: float,
    muted: bool,
    rate: float,
    on_frame: Callable[[QVideoFrame], None],
) -> QMediaPlayer:
    """A player with its own sink, sound and decrypting device, loading `reader`.

    The engine owns one use of `reader` and releases it once it has been destroyed.
    Pitch compensation keeps voices natural at 0.25×–2× (FFmpeg backend, Qt ≥ 6.10).
    """
    media = QMediaPlayer(owner)
    audio = QAudioOutput(media)
    audio.setVolume(volume)
    audio.setMuted(muted)
    media.setAudioOutput(audio)
    sink = QVideoSink(media)
    media.setVideoSink(sink)
    media.setPitchCompensation(True)
    media.setPlaybackRate(rate)
    device = SealedDevice(reader.reader, media)  # a child: deleted after the engine stops
    media.destroyed.connect(lambda *_: reader.release())
    sink.videoFrameChanged.connect(on_frame)
    media.setSourceDevice(device, QUrl("media.mp4"))
    return media


def retire(media: QMediaPlayer) -> None:
    """Silence an engine and let the event loop delete it (never stop it from Python).

    The device, a child of the engine, goes after the engine has stopped; then
    `destroyed` releases the reader.
    """
    media.blockSignals(True)  # `destroyed` is still emitted
    sink = media.videoSink()
    if sink is not None:
        sink.blockSignals(True)
    audio = media.audioOutput()
    if audio is not None:
        audio.setMuted(True)
    media.deleteLater()
