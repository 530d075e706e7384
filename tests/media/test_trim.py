"""cut_clip: clips start on the exact frame, keep their audio in sync, and copy, not encode."""

from __future__ import annotations

import hashlib
import io

import av
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.media.conftest import Sample
from vigdesk.core.errors import Cancelled, InvalidInput
from vigdesk.media.frames import frame_at
from vigdesk.media.probe import probe
from vigdesk.media.synth import read_stamp
from vigdesk.media.trim import (
    METHOD_REENCODE,
    METHOD_SMART,
    ClipResult,
    cut_clip,
)

FRAME = 1 / 25
METHODS = {  # 1.3-2.5 s: the head to the IDR at 2.0 s is re-encoded, the rest copied
    "family.mp4": METHOD_SMART,
    "phone.mov": METHOD_SMART,  # HEVC: an x265 head, ids rewritten
    "tablet.mp4": METHOD_SMART,
    "camera.mts": METHOD_SMART,
    "pyramid.mp4": METHOD_SMART,
    "silent.mp4": METHOD_SMART,
    "camcorder.m2ts": METHOD_SMART,
    "dvd.mpg": METHOD_REENCODE,
    "webcam.webm": METHOD_REENCODE,
    "old.webm": METHOD_REENCODE,
}


def stamps(clip: bytes) -> list[int]:
    """The frame numbers a player shows, in order, which a reader ignoring edit lists
    must see too: no frame is hidden."""
    shown = []
    for options in ({}, {"ignore_editlist": "1"}):
        with av.open(io.BytesIO(clip), options=options) as container:
            shown.append([read_stamp(_upright(f)) for f in container.decode(video=0)])
    assert shown[0] == shown[1]
    return shown[0]


def _upright(frame: av.VideoFrame) -> np.ndarray:  # type: ignore[type-arg]
    rgb = frame.to_ndarray(format="rgb24")
    turns = {0: 0, -90: 3, 90: 1, 180: 2, -180: 2}[frame.rotation]
    return np.ascontiguousarray(np.rot90(rgb, turns))


def audio_track(clip: bytes) -> tuple[float, list[float]]:
    """Seconds of decoded audio, and when each once-a-second click sounds in the clip."""
    with av.open(io.BytesIO(clip)) as container:
        chunks, rate, first = [], 48000, None
        for frame in container.decode(audio=0):
            first = frame.time if first is None else first
            rate = frame.sample_rate
            chunks.append(frame.to_ndarray().reshape(len(frame.layout.channels), -1)[0])
    loud = np.abs(np.concatenate(chunks)) > 0.5
    onsets = np.flatnonzero(loud[1:] & ~loud[:-1]) + 1
    assert first == pytest.approx(0.0, abs=1e-3)
    return len(loud) / rate, [i / rate for i in onsets]


def cut(sample: Sample, start: float, end: float) -> tuple[bytes, ClipResult]:
    out = io.BytesIO()
    result = cut_clip(sample.open(), sample.name, start, end, out)
    return out.getvalue(), result


@pytest.mark.parametrize("name", sorted(METHODS))
def test_clip_starts_on_the_chosen_frame_and_keeps_sync(
    samples: dict[str, Sample], name: str
) -> None:
    sample = samples[name]
    clip, result = cut(sample, 1.3, 2.5)  # 1.3 s is inside frame 32, a B/P frame mid-GOP
    assert read_stamp(frame_at(sample.open(), name, 1.3)) == 32
    assert stamps(clip) == list(range(32, 63))  # every frame once, nothing before or after
    chosen, opening = frame_at(sample.open(), name, 1.3), frame_at(io.BytesIO(clip), "c", 0.0)
    difference = np.abs(chosen.astype(int) - opening).mean()
    assert difference < 4  # the head is re-encoded, closely
    assert result.method == METHODS[name]
    assert result.start_s == pytest.approx(32 * FRAME)
    assert result.duration_s == pytest.approx(31 * FRAME)
    assert result.reencoded_s == (
        pytest.approx(31 * FRAME) if METHODS[name] == METHOD_REENCODE else pytest.approx(0.72)
    )
    info = probe(io.BytesIO(clip), "clip.mp4")
    assert info.video_codec in ("h264", "hevc") and info.rotation == sample.rotation
    assert info.duration_s == pytest.approx(31 * FRAME, abs=FRAME)
    if sample.audio_codec is None:
        assert info.audio_codec is None
        return
    assert info.audio_codec == "aac"
    seconds, clicks = audio_track(clip)
    assert seconds == pytest.approx(31 * FRAME, abs=FRAME)
    assert clicks == pytest.approx([2.0 - 32 * FRAME], abs=0.003)  # the 2 s click, in sync


def test_after_the_idr_the_clip_holds_the_source_packets_bit_for_bit(
    samples: dict[str, Sample],
) -> None:
    sample = samples["family.mp4"]
    clip, _ = cut(sample, 1.3, 2.5)

    def digests(data: bytes) -> list[str]:
        with av.open(io.BytesIO(data), options={"ignore_editlist": "1"}) as container:
            return [
                hashlib.sha256(bytes(p)).hexdigest() for p in container.demux(video=0) if p.size
            ]

    packets, source = digests(clip), set(digests(sample.data))
    assert len(packets) == 31  # one packet a frame, nothing hidden
    assert [p in source for p in packets] == [False] * 18 + [True] * 13  # 32-49 re-encoded


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(first=st.integers(0, 97), frames=st.integers(1, 40), nudge=st.floats(0.0, 0.039))
def test_any_span_is_frame_exact_with_b_pyramids(
    samples: dict[str, Sample], first: int, frames: int, nudge: float
) -> None:
    """Three B-frames in a pyramid, 2 s GOPs: references past the end are hidden too."""
    sample = samples["pyramid.mp4"]
    last = min(first + frames, 100)
    clip, result = cut(sample, first * FRAME + nudge, last * FRAME)
    assert stamps(clip) == list(range(first, last))
    assert result.duration_s == pytest.approx((last - first) * FRAME)


def test_clip_of_a_clip(samples: dict[str, Sample]) -> None:
    sample = samples["family.mp4"]
    clip, _ = cut(sample, 1.3, 3.5)
    again = io.BytesIO()
    cut_clip(io.BytesIO(clip), "clip.mp4", 0.5, 1.0, again)
    assert stamps(again.getvalue()) == list(range(32 + 12, 32 + 25))
    assert read_stamp(frame_at(io.BytesIO(clip), "clip.mp4", 0.0)) == 32


@pytest.mark.parametrize(("start", "end", "expected"), [(0.0, 0.4, (0, 10)), (1.0, 1.04, (25, 26))])
def test_spans_starting_on_keyframes(
    samples: dict[str, Sample], start: float, end: float, expected: tuple[int, int]
) -> None:
    clip, _ = cut(samples["camera.mts"], start, end)
    assert stamps(clip) == list(range(*expected))


def test_end_past_the_video_stops_at_its_end(samples: dict[str, Sample]) -> None:
    clip, result = cut(samples["phone.mov"], 2.5, 60.0)
    assert stamps(clip) == list(range(62, 75))
    assert result.end_s == pytest.approx(3.0)


def test_recording_that_starts_mid_gop(samples: dict[str, Sample]) -> None:
    data = samples["camera.mts"].data
    tail = Sample(**{**samples["camera.mts"].__dict__, "name": "tail.mts", "data": data[37600:]})
    with av.open(tail.open()) as container:
        pictures = container.decode(video=0)
        lead = next(pictures)  # undecodable B/P frames before it are never shown
        origin = container.streams.video[0].start_time
        assert lead.pts is not None and origin is not None
        keyframe_at = float((lead.pts - origin) * lead.time_base)
    first = read_stamp(frame_at(tail.open(), "tail.mts", 0.0))
    assert first % 25 == 0 and keyframe_at > 0.1
    clip, _ = cut(tail, 0.0, keyframe_at + 0.4)
    assert stamps(clip) == list(range(first, first + 10))  # the first keyframe stands in
    with pytest.raises(InvalidInput, match=r"tail\.mts"):
        cut(tail, 0.0, keyframe_at / 2)


def test_unseekable_output_and_progress(samples: dict[str, Sample]) -> None:
    class Pipe:
        def __init__(self) -> None:
            self.chunks: list[bytes] = []

        def write(self, data: bytes) -> int:
            self.chunks.append(bytes(data))
            return len(data)

    pipe, seen = Pipe(), list[float]()
    cut_clip(samples["family.mp4"].open(), "family.mp4", 1.3, 2.5, pipe, progress=seen.append)  # type: ignore[arg-type]
    assert stamps(b"".join(pipe.chunks)) == list(range(32, 63))
    assert seen == sorted(seen) and seen[-1] == 1.0 and all(0 <= p <= 1 for p in seen)


@pytest.mark.parametrize("name", ["family.mp4", "webcam.webm"])
def test_cancel_raises_and_writes_nothing(samples: dict[str, Sample], name: str) -> None:
    asked = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) > 2

    out = io.BytesIO()
    with pytest.raises(Cancelled, match=name):
        cut_clip(samples[name].open(), name, 0.5, 2.5, out, cancelled=cancelled)
    assert out.getvalue() == b""


def test_bad_spans_are_refused(samples: dict[str, Sample]) -> None:
    sample = samples["family.mp4"]
    for start, end in [(2.0, 2.0), (3.0, 1.0), (-1.0, 1.0)]:
        with pytest.raises(InvalidInput, match=r"family\.mp4"):
            cut(sample, start, end)
    with pytest.raises(InvalidInput, match=r"6\.00 s long"):
        cut(sample, 30.0, 31.0)
