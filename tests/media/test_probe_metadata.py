"""What a practitioner recognises survives import: the recording time from the
container's metadata (MP4 creation_time, QuickTime's Apple keys, Matroska's date), and
each container's own file extension for exports."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta, timezone
from fractions import Fraction

import av
import numpy as np
import pytest

from tests.media.conftest import Sample
from vigdesk.media.probe import file_extension, probe
from vigdesk.media.synth import make_video


def tagged(fmt: str, tags: dict[str, str], options: dict[str, str] | None = None) -> bytes:
    """A 5-frame video whose container carries `tags`."""
    buf = io.BytesIO()
    with av.open(buf, "w", format=fmt, options=options or {}) as out:
        out.metadata.update(tags)
        stream = out.add_stream("libvpx-vp9" if fmt == "webm" else "libx264", rate=25)
        stream.width, stream.height, stream.pix_fmt = 64, 64, "yuv420p"
        for i in range(5):
            frame = av.VideoFrame.from_ndarray(np.zeros((64, 64, 3), np.uint8), format="rgb24")
            frame.pts, frame.time_base = i, Fraction(1, 25)
            out.mux(stream.encode(frame))
        out.mux(stream.encode(None))
    return buf.getvalue()


APPLE = "com.apple.quicktime.creationdate"


@pytest.mark.parametrize(
    ("fmt", "tags", "options", "expected"),
    [
        (
            "mp4",
            {"creation_time": "2024-05-01T10:30:00Z"},
            None,
            datetime(2024, 5, 1, 10, 30, tzinfo=UTC),
        ),
        (
            "webm",
            {"creation_time": "2023-11-20T08:05:09Z"},
            None,
            datetime(2023, 11, 20, 8, 5, 9, tzinfo=UTC),
        ),
        (
            "mov",  # an iPhone: local time with its offset, kept as it was
            {APPLE: "2024-05-01T11:30:00+0100", "creation_time": "2024-05-01T10:31:00Z"},
            {"movflags": "use_metadata_tags"},
            datetime(2024, 5, 1, 11, 30, tzinfo=timezone(timedelta(hours=1))),
        ),
    ],
)
def test_the_recording_time_comes_from_the_container(
    fmt: str, tags: dict[str, str], options: dict[str, str] | None, expected: datetime
) -> None:
    info = probe(io.BytesIO(tagged(fmt, tags, options)), "MVI_0001")
    assert info.recorded_at == expected
    assert info.recorded_at is not None and info.recorded_at.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize("stamp", ["1904-01-01T00:00:00Z", "1970-01-01T00:00:00Z", "soon"])
def test_a_camera_clock_never_set_is_no_recording_time(stamp: str) -> None:
    assert probe(io.BytesIO(tagged("mp4", {"creation_time": stamp})), "a.mp4").recorded_at is None


def test_a_time_without_a_zone_is_utc_as_mp4_defines_it() -> None:
    info = probe(io.BytesIO(tagged("mp4", {"creation_time": "2024-05-01T10:30:00"})), "a.mp4")
    assert info.recorded_at == datetime(2024, 5, 1, 10, 30, tzinfo=UTC)


EXTENSIONS = {
    "family.mp4": ".mp4",
    "phone.mov": ".mov",
    "camera.mts": ".ts",
    "camcorder.m2ts": ".mts",
    "dvd.mpg": ".mpg",
    "webcam.webm": ".webm",
}


@pytest.mark.parametrize("name", sorted(EXTENSIONS))
def test_each_container_has_its_own_extension(samples: dict[str, Sample], name: str) -> None:
    assert file_extension(samples[name].open()) == EXTENSIONS[name]


def test_matroska_is_mkv() -> None:
    buf = io.BytesIO()
    make_video(buf, container="matroska", seconds=0.4)
    assert file_extension(buf) == ".mkv"
