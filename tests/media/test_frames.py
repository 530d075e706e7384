"""frames: the exact picture on screen at a time, upright; stills and thumbnails in memory."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from tests.media.conftest import Sample
from vigdesk.core.errors import InvalidInput, UnsupportedMedia
from vigdesk.media.frames import frame_at, still_png, thumbnail_jpeg, thumbnail_strip
from vigdesk.media.synth import read_stamp


def decoded(data: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB"))


ALL = ["family.mp4", "phone.mov", "tablet.mp4", "camera.mts", "camcorder.m2ts", "dvd.mpg"]
ALL += ["webcam.webm", "old.webm", "pyramid.mp4"]
# times that fall on keyframes, B-frames, mid-frame and the very start: (seconds, frame)
TIMES = [(0.0, 0), (0.04, 1), (0.5, 12), (0.99, 24), (1.0, 25), (1.3, 32), (1.87, 46)]


@pytest.mark.parametrize("name", ALL)
def test_frame_at_is_the_frame_on_screen(samples: dict[str, Sample], name: str) -> None:
    sample = samples[name]
    for seconds, number in TIMES:
        picture = frame_at(sample.open(), name, seconds)
        assert picture.shape == (240, 320, 3) and picture.dtype == np.uint8  # upright
        assert read_stamp(picture) == number, f"{name} at {seconds} s"


def test_frame_at_seeks_backwards_and_forwards(samples: dict[str, Sample]) -> None:
    sample = samples["pyramid.mp4"]
    for number in (99, 3, 77, 50, 49, 0, 98):
        assert read_stamp(frame_at(sample.open(), "p.mp4", number / 25)) == number


def test_the_last_frame_and_past_the_end(samples: dict[str, Sample]) -> None:
    sample = samples["family.mp4"]
    assert read_stamp(frame_at(sample.open(), "family.mp4", 5.99)) == 149
    with pytest.raises(InvalidInput, match=r"family\.mp4"):
        frame_at(sample.open(), "family.mp4", 60.0)


def test_still_png_is_the_exact_frame_losslessly(samples: dict[str, Sample]) -> None:
    sample = samples["phone.mov"]
    png = still_png(sample.open(), "phone.mov", 1.3)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    picture = decoded(png)
    assert np.array_equal(picture, frame_at(sample.open(), "phone.mov", 1.3))
    assert read_stamp(picture) == 32


def test_thumbnail_is_a_small_jpeg(samples: dict[str, Sample]) -> None:
    jpeg = thumbnail_jpeg(samples["tablet.mp4"].open(), "tablet.mp4", 1.0)
    image = decoded(jpeg)
    assert jpeg[:2] == b"\xff\xd8" and image.shape == (120, 160, 3)
    assert len(jpeg) < 10_000


@pytest.mark.parametrize("name", ["family.mp4", "camera.mts", "phone.mov", "webcam.webm"])
def test_thumbnail_strip_spreads_keyframes_along_the_video(
    samples: dict[str, Sample], name: str
) -> None:
    # Its speed is measured in tests/bench/bench_watermark.py, not asserted here.
    strip = thumbnail_strip(samples[name].open(), name, count=6, height=48)
    times = [t for t, _ in strip]
    assert times == sorted(set(times)) and 2 <= len(strip) <= 6
    assert times[0] >= 0 and times[-1] < samples[name].seconds
    for _, jpeg in strip:
        image = decoded(jpeg)
        assert image.shape == (48, 64, 3)


def test_frames_refuse_what_is_not_a_video() -> None:
    with pytest.raises(UnsupportedMedia, match=r"notes\.txt"):
        frame_at(io.BytesIO(b"not a video at all" * 100), "notes.txt", 0.0)
    assert thumbnail_strip(io.BytesIO(b""), "x", count=0, height=10) == []
