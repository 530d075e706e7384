"""SealedDevice: the QIODevice QMediaPlayer reads sealed media through."""

from __future__ import annotations

import os
import random
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QIODevice
from pytestqt.qtbot import QtBot

from vigdesk.crypto.streaming import SEGMENT_SIZE, SealedReader, SealedWriter
from vigdesk.ui.sealed_device import SealedDevice

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

KEY = bytes(range(32))
AD = b"vigdesk/blob/v1/device"
SIZE = 2 * SEGMENT_SIZE + 12_345


@pytest.fixture
def plaintext() -> bytes:
    return random.Random(7).randbytes(SIZE)


@pytest.fixture
def blob(tmp_path: Path, plaintext: bytes) -> Path:
    path = tmp_path / "blob"
    with SealedWriter(path, KEY, AD) as writer:
        writer.write(plaintext)
    return path


@pytest.fixture
def device(qtbot: QtBot, blob: Path) -> Iterator[SealedDevice]:
    with SealedReader(blob, KEY, AD) as reader:
        dev = SealedDevice(reader)
        yield dev
        dev.close()


def test_device_is_open_random_access_and_sized(device: SealedDevice) -> None:
    assert device.isOpen() and device.isReadable() and not device.isWritable()
    assert device.openMode() & QIODevice.OpenModeFlag.ReadOnly
    assert not device.isSequential()
    assert device.size() == SIZE
    assert (device.pos(), device.bytesAvailable(), device.atEnd()) == (0, SIZE, False)


def test_seek_and_read_return_the_plaintext(device: SealedDevice, plaintext: bytes) -> None:
    assert bytes(device.read(100).data()) == plaintext[:100]
    assert device.pos() == 100
    for at in (SEGMENT_SIZE - 50, 5, SIZE - 10, 2 * SEGMENT_SIZE - 41):
        assert device.seek(at)
        assert device.pos() == at
        assert bytes(device.read(70_000).data()) == plaintext[at : at + 70_000]
        assert device.bytesAvailable() == max(0, SIZE - at - 70_000)
    assert device.seek(0)
    assert bytes(device.readAll().data()) == plaintext
    assert device.atEnd() and device.bytesAvailable() == 0


def test_seek_out_of_range_is_refused(device: SealedDevice) -> None:
    assert device.seek(SIZE)
    assert device.atEnd()
    assert bytes(device.read(10).data()) == b""
    assert not device.seek(SIZE + 1)
    assert not device.seek(-1)
    assert device.pos() == SIZE


def test_tampered_segment_is_a_read_error(qtbot: QtBot, blob: Path) -> None:
    data = bytearray(blob.read_bytes())
    data[SEGMENT_SIZE + 10] ^= 0x80  # inside segment 1; the last segment stays intact
    blob.write_bytes(bytes(data))
    with SealedReader(blob, KEY, AD) as reader:
        dev = SealedDevice(reader)
        assert len(dev.read(10).data()) == 10  # segment 0 is fine
        assert dev.seek(SEGMENT_SIZE + 100)
        assert bytes(dev.read(10).data()) == b""
        assert "damaged" in dev.errorString()
        dev.close()


def test_read_data_from_two_threads_hands_out_each_chunk_once(
    device: SealedDevice, plaintext: bytes
) -> None:
    """Concurrent readData calls each take the next chunk: no byte read twice or skipped."""
    step = 40_000
    chunks: list[bytes] = []

    def worker() -> None:
        while data := device.readData(step):
            assert isinstance(data, bytes)
            chunks.append(data)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    starts = sorted(plaintext.find(data) for data in chunks)
    assert starts == list(range(0, SIZE, step))
    assert sum(map(len, chunks)) == SIZE


def test_media_player_plays_a_sealed_clip(qtbot: QtBot, tmp_path: Path) -> None:
    """QMediaPlayer reads a sealed MP4 (moov at the end, several segments) to the end."""
    av = pytest.importorskip("av")
    np = pytest.importorskip("numpy")
    from PySide6.QtCore import QUrl
    from PySide6.QtMultimedia import QMediaPlayer, QVideoSink

    clip = tmp_path / "clip.mp4"
    rng = np.random.default_rng(1)
    with av.open(str(clip), "w") as container:
        stream = container.add_stream("mpeg4", rate=10)
        stream.width, stream.height, stream.pix_fmt = 640, 480, "yuv420p"
        stream.bit_rate = 40_000_000
        for _ in range(10):
            pixels = rng.integers(0, 256, (480, 640, 3), dtype=np.uint8)
            container.mux(stream.encode(av.VideoFrame.from_ndarray(pixels, format="rgb24")))
        container.mux(stream.encode())
    sealed = tmp_path / "clip"
    with SealedWriter(sealed, KEY, AD) as writer, clip.open("rb") as source:
        writer.write_from(source)
    assert sealed.stat().st_size > 2 * SEGMENT_SIZE

    frames: list[int] = []
    errors: list[str] = []
    with SealedReader(sealed, KEY, AD) as reader:
        device = SealedDevice(reader)
        player, sink = QMediaPlayer(), QVideoSink()
        player.setVideoSink(sink)
        sink.videoFrameChanged.connect(lambda frame: frames.append(frame.isValid()))
        player.errorOccurred.connect(lambda error, text: errors.append(text))
        player.setSourceDevice(device, QUrl("clip.mp4"))
        player.setPlaybackRate(4.0)
        player.play()
        qtbot.waitUntil(
            lambda: bool(errors) or player.mediaStatus() == QMediaPlayer.MediaStatus.EndOfMedia,
            timeout=15_000,
        )
        duration = player.duration()
        # Deleting the player from the event loop releases the device without the
        # stop()/setSource() GIL deadlock (see vigdesk/ui/review/engine.py).
        gone: list[bool] = []
        player.destroyed.connect(lambda: gone.append(True))
        player.deleteLater()
        qtbot.waitUntil(lambda: bool(gone), timeout=15_000)
        device.close()
    assert errors == []
    assert duration == 1000
    assert sum(frames) >= 10
