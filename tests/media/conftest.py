"""Synthetic videos for the media tests, generated once per session (never committed).

Every frame carries its number as a binary stamp (`synth.read_stamp`), and the audio has
a click at every whole second, so tests can check frame identity and sync by decoding.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import av
import numpy as np
import pytest

from vigdesk.media.synth import make_video

RECORDED = datetime(2024, 5, 1, 10, 30, tzinfo=UTC)


@dataclass(frozen=True)
class Sample:
    """One generated video and what it was made with."""

    name: str
    data: bytes
    seconds: float
    fps: int
    size: tuple[int, int]  # as displayed
    rotation: int
    video_codec: str
    audio_codec: str | None

    def open(self) -> io.BytesIO:
        """A fresh readable, seekable copy, as the decrypting reader would give."""
        return io.BytesIO(self.data)


# name -> (make_video keyword arguments, video codec, audio codec)
SPECS: dict[str, tuple[dict[str, Any], str, str | None]] = {
    "family.mp4": (
        {"seconds": 6, "gop": 25, "bframes": 2, "recorded_at": RECORDED},
        "h264",
        "aac",
    ),
    "phone.mov": ({"container": "mov", "seconds": 3, "rotation": 90}, "hevc", "aac"),
    "tablet.mp4": ({"seconds": 3, "rotation": 270, "bframes": 0}, "h264", "aac"),
    "camera.mts": ({"container": "mpegts", "seconds": 4}, "h264", "aac"),
    "camcorder.m2ts": ({"container": "m2ts", "seconds": 3}, "h264", "ac3"),
    "dvd.mpg": ({"container": "mpeg", "seconds": 3}, "mpeg2video", "mp2"),
    "webcam.webm": ({"container": "webm", "seconds": 3}, "vp9", "opus"),
    "old.webm": ({"container": "webm", "vcodec": "vp8", "seconds": 3}, "vp8", "opus"),
    "pyramid.mp4": ({"seconds": 4, "gop": 50, "bframes": 3}, "h264", "aac"),
    "silent.mp4": ({"seconds": 3, "audio": False}, "h264", None),
}


def _make(name: str) -> Sample:
    kwargs, vcodec, acodec = SPECS[name]
    buf = io.BytesIO()
    make_video(buf, label=name, **kwargs)
    rotation = kwargs.get("rotation", 0)
    return Sample(
        name=name,
        data=buf.getvalue(),
        seconds=float(kwargs["seconds"]),
        fps=25,
        size=(320, 240),
        rotation=rotation,
        video_codec=vcodec,
        audio_codec=acodec,
    )


@pytest.fixture(scope="session")
def samples() -> dict[str, Sample]:
    return {name: _make(name) for name in SPECS}


@pytest.fixture(scope="session")
def faststart_mp4(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """An MP4 with its index first (FFmpeg needs a real path to move it there)."""
    path: Path = tmp_path_factory.mktemp("media") / "faststart.mp4"
    make_video(path, seconds=2, faststart=True)
    return path.read_bytes()


def picture(codec: str, pix_fmt: str, *, container: str = "image2pipe", frames: int = 1) -> bytes:
    """`frames` pictures of `codec` in `container` (one picture: a photo or a screenshot)."""
    buf = io.BytesIO()
    with av.open(buf, "w", format=container) as out:
        stream = out.add_stream(codec, rate=25)
        stream.width, stream.height, stream.pix_fmt = 64, 48, pix_fmt
        for number in range(frames):
            rgb = np.full((48, 64, 3), 40 + number * 8, np.uint8)
            frame = av.VideoFrame.from_ndarray(rgb, format="rgb24").reformat(format=pix_fmt)
            frame.pts = number
            out.mux(stream.encode(frame))
        out.mux(stream.encode(None))
    return buf.getvalue()
