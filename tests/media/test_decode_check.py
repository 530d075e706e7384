"""The whole-footage decode check: every packet demuxed, every frame decoded, damage
counted and placed; clean footage of every kind passes with no warning."""

from __future__ import annotations

import io

import pytest

from tests.media.conftest import Sample
from tests.media.damage import clean_video, damaged, hit_seconds
from tests.media.footage import make
from vigdesk.core.errors import Cancelled
from vigdesk.media.decode_check import check, clock


def test_clean_footage_of_every_kind_has_no_damage(samples: dict[str, Sample]) -> None:
    for name, sample in samples.items():
        report = check(sample.open(), name)
        assert report.failed == 0, (name, report)
        assert report.warning == "", name
        assert report.frames == round(sample.seconds * sample.fps), name


@pytest.mark.parametrize(
    "kwargs",
    [
        {"open_gop": True, "gop": 50, "bframes": 3},
        {"durations_ms": (33, 34, 50, 20, 67), "bframes": 2},  # phone VFR with B-frames
        {"audio_starts": (0.0, 1.5)},  # a second microphone starting late
    ],
)
def test_awkward_but_sound_footage_has_no_damage(kwargs: dict[str, object]) -> None:
    data, shown = make(**kwargs)  # type: ignore[arg-type]
    report = check(io.BytesIO(data), "phone.mp4")
    assert (report.failed, report.frames) == (0, len(shown))


@pytest.mark.parametrize("container", ["mp4", "mpegts", "mpeg", "webm"])
def test_corrupted_bytes_mid_stream_are_counted_and_placed(container: str) -> None:
    clean = clean_video(container)
    first, last = hit_seconds(clean)
    report = check(io.BytesIO(damaged(clean)), "visit.mp4")
    assert report.failed > 0
    assert report.frames >= 140
    assert report.first_bad_s is not None and report.last_bad_s is not None
    # The span starts where the damage starts (a frame may lose its reference a little
    # later) and ends before the next keyframe after it (1 s GOP).
    assert first - 0.5 <= report.first_bad_s <= last
    assert first <= report.last_bad_s <= last + 1.05
    assert report.warning.startswith(
        f"visit.mp4: {report.failed} of {report.frames} frames could not be decoded "
        f"between {clock(report.first_bad_s)} and {clock(report.last_bad_s)}"
    )


@pytest.mark.parametrize("container", ["mp4", "mpeg"])
def test_damaged_sound_is_counted_and_placed_too(container: str) -> None:
    clean = clean_video(container)
    first, last = hit_seconds(clean, kind="audio")
    report = check(io.BytesIO(damaged(clean)), "visit.mp4")
    assert report.sound_failed > 0 and report.sound_packets > 200
    assert report.sound_first_s is not None and report.sound_last_s is not None
    assert first - 0.5 <= report.sound_first_s <= report.sound_last_s <= last + 0.5
    assert report.warning.endswith(
        f"; the sound could not be decoded in {report.sound_failed} places between "
        f"{clock(report.sound_first_s)} and {clock(report.sound_last_s)}"
    )
    assert check(io.BytesIO(clean), "visit.mp4").sound_failed == 0


def test_the_warning_reads_like_the_practitioner_expects() -> None:
    assert clock(72.4) == "00:01:12"
    assert clock(3725.0) == "01:02:05"


def test_progress_rises_to_one_and_cancel_stops_it() -> None:
    clean = clean_video("mp4", 3)
    seen: list[float] = []
    check(io.BytesIO(clean), "a.mp4", progress=seen.append)
    assert seen and seen[-1] == 1.0 and seen == sorted(seen)
    with pytest.raises(Cancelled):
        check(io.BytesIO(clean), "a.mp4", cancelled=lambda: True)
