"""A clip holds the chosen frames and nothing else, even for a reader that ignores edit lists.

Each clip is demuxed with FFmpeg's edit lists switched off and every packet decoded: the
frame count must be exact, the first and last pictures must be the source's chosen frames
(pixel for pixel, within re-encoding loss), and every audio track must be there.
"""

from __future__ import annotations

import io
from typing import Any

import av
import av.logging
import numpy as np
import pytest

from tests.media.conftest import Sample
from tests.media.footage import make
from vigdesk.media.synth import make_video, read_stamp
from vigdesk.media.trim import METHOD_REENCODE, METHOD_SMART, ClipResult, cut_clip

RAW = {"ignore_editlist": "1"}
Picture = np.ndarray  # type: ignore[type-arg]


def raw_frames(clip: bytes) -> tuple[int, list[Picture]]:
    """(video packets, decoded upright pictures) with edit lists ignored."""
    with av.open(io.BytesIO(clip), options=RAW) as container:
        packets = [p for p in container.demux(video=0) if p.size]
    with av.open(io.BytesIO(clip), options=RAW) as container:
        pictures = []
        for frame in container.decode(video=0):
            assert not frame.is_corrupt  # every reference was there: the splice is clean
            turns = {0: 0, -90: 3, 90: 1, 180: 2, -180: 2}[frame.rotation]
            rgb = frame.to_ndarray(format="rgb24")
            pictures.append(np.ascontiguousarray(np.rot90(rgb, turns)))
    return len(packets), pictures


def source_frames(data: bytes, numbers: set[int]) -> dict[int, Picture]:
    with av.open(io.BytesIO(data)) as container:
        frames = {}
        for frame in container.decode(video=0):
            rgb = frame.to_ndarray(format="rgb24")
            turns = {0: 0, -90: 3, 90: 1, 180: 2, -180: 2}[frame.rotation]
            rgb = np.ascontiguousarray(np.rot90(rgb, turns))
            if read_stamp(rgb) in numbers:
                frames[read_stamp(rgb)] = rgb
    return frames


def audio_seconds(clip: bytes) -> list[float]:
    """For each audio track: where its decoded sound ends, in seconds (edit lists ignored)."""
    ends = []
    with av.open(io.BytesIO(clip)) as container:
        for index in range(len(container.streams.audio)):
            container.seek(0)
            frames = list(container.decode(audio=index))
            last = frames[-1]
            assert last.time is not None
            ends.append(last.time + last.samples / last.sample_rate)
    return ends


def check_clip(source: bytes, start: float, end: float, first: int, last: int) -> ClipResult:
    """Cut; prove the clip is frames first..last exactly, nothing hidden."""
    out = io.BytesIO()
    result = cut_clip(io.BytesIO(source), "footage.mp4", start, end, out)
    clip = out.getvalue()
    packets, pictures = raw_frames(clip)
    assert [read_stamp(p) for p in pictures] == list(range(first, last + 1))
    assert packets == len(pictures) == last - first + 1  # not one packet more
    wanted = source_frames(source, set(range(first, last + 1)))
    for number, picture in zip(range(first, last + 1), pictures, strict=True):
        assert np.abs(wanted[number].astype(int) - picture).mean() < 4, number
    return result


def test_a_long_gop_clip_holds_nothing_from_before_its_start() -> None:
    """The issue's example: 1.45 s at 3.37 s, keyframes 10 s apart (was 250 frames)."""
    data, _ = make(seconds=12, gop=250, bframes=2)
    result = check_clip(data, 3.37, 3.37 + 1.45, 84, 120)
    assert result.method == METHOD_REENCODE  # no IDR inside: the whole span re-encoded
    assert result.duration_s == pytest.approx(37 * 0.04)
    seen: list[float] = []
    cut_clip(io.BytesIO(data), "long.mp4", 3.37, 4.82, io.BytesIO(), progress=seen.append)
    assert seen == sorted(seen) and seen[-1] == 1.0
    assert len([p for p in seen if 0 < p < 0.8]) >= 2  # the head's progress is shown


def test_a_source_the_head_cannot_match_is_re_encoded_whole() -> None:
    """High 4:2:2 H.264: libx264 would not make a head the copied rest could follow."""
    data, _ = make(seconds=3, pix_fmt="yuv422p")
    result = check_clip(data, 0.5, 2.5, 12, 62)
    assert result.method == METHOD_REENCODE


def test_a_clip_across_a_long_gop_keyframe_copies_after_it() -> None:
    data, _ = make(seconds=12, gop=250, bframes=2)
    result = check_clip(data, 9.5, 11.3, 237, 282)
    assert result.method == METHOD_SMART
    # 237-249 re-encoded, 250 on copied, bar the B-frames at the end that refer past it
    assert 13 * 0.04 - 1e-6 <= result.reencoded_s <= 16 * 0.04


@pytest.mark.parametrize(
    ("start", "end", "first", "last"), [(1.3, 2.5, 32, 62), (0.9, 3.3, 22, 82)]
)
def test_open_gop_with_b_frames(start: float, end: float, first: int, last: int) -> None:
    data, _ = make(seconds=4, gop=25, bframes=3, open_gop=True)
    check_clip(data, start, end, first, last)


@pytest.mark.parametrize(("first", "last"), [(7, 40), (13, 51), (25, 26), (3, 79)])
def test_variable_frame_rate_with_b_frames_ends_on_the_last_chosen_frame(
    first: int, last: int
) -> None:
    data, shown = make(seconds=3.5, gop=25, bframes=2, durations_ms=(30, 50, 40, 20))
    start, end = shown[first] / 1000 + 0.001, shown[last + 1] / 1000
    result = check_clip(data, start, end, first, last)
    assert result.duration_s == pytest.approx((shown[last + 1] - shown[first]) / 1000)


def hevc(**kwargs: Any) -> bytes:
    """Phone-like HEVC: MOV, x265, 320x240 as shown."""
    buf = io.BytesIO()
    make_video(buf, container="mov", vcodec="hevc", **kwargs)
    return buf.getvalue()


def check_hevc(source: bytes, start: float, end: float, first: int, last: int) -> ClipResult:
    """A frame-exact clip that stayed HEVC, with its sound, spliced rather than re-encoded."""
    result = check_clip(source, start, end, first, last)
    out = io.BytesIO()
    cut_clip(io.BytesIO(source), "phone.mov", start, end, out)
    av.logging.set_level(av.logging.ERROR)
    try:
        with av.logging.Capture() as logs, av.open(io.BytesIO(out.getvalue()), options=RAW) as c:
            assert c.streams.video[0].codec_context.name == "hevc"
            assert len(c.streams.audio) == 1
            assert len(list(c.decode(video=0))) == last - first + 1
    finally:
        av.logging.set_level(None)
    assert logs == []  # the decoder complained of nothing: no missing reference or set
    assert audio_seconds(out.getvalue()) == pytest.approx([result.duration_s], abs=0.03)
    assert result.method == METHOD_SMART
    assert 0 < result.reencoded_s < result.duration_s
    return result


def test_hevc_with_rotation(samples: dict[str, Sample]) -> None:
    """x265's keyframes after the first are CRAs (open GOP), here with no leading pictures."""
    check_hevc(samples["phone.mov"].data, 1.3, 2.5, 32, 62)


@pytest.fixture(scope="module")
def open_gop_hevc() -> bytes:
    """x265 at keyint 24 with 3 B-frames: every CRA has RASL pictures shown before it."""
    return hevc(seconds=4, gop=24, bframes=3, rotation=270)


@pytest.mark.parametrize(
    ("start", "end", "first", "last"),
    [
        (0.5, 2.5, 12, 62),  # across two CRAs
        (0.89, 1.5, 22, 37),  # starts on a RASL picture, shown before its CRA
        (0.5, 1.41, 12, 35),  # ends on B-frames decoded after a later reference: a foot
    ],
)
def test_hevc_open_gop_with_leading_pictures(
    open_gop_hevc: bytes, start: float, end: float, first: int, last: int
) -> None:
    check_hevc(open_gop_hevc, start, end, first, last)


def test_hevc_clip_starting_on_a_cra_is_copied(open_gop_hevc: bytes) -> None:
    result = check_clip(open_gop_hevc, 0.96, 2.0, 24, 49)
    assert result.reencoded_s < 0.2  # at most a foot: the CRA's leading pictures are gone


def test_hevc_long_gop_and_10_bit() -> None:
    data = hevc(seconds=5, gop=75, bframes=3, pix_fmt="yuv420p10le")
    result = check_hevc(data, 2.3, 3.7, 57, 92)
    assert result.reencoded_s == pytest.approx(18 * 0.04, abs=0.13)  # 57-74, not 75 on
    out = io.BytesIO()
    cut_clip(io.BytesIO(data), "phone.mov", 2.3, 3.7, out)
    with av.open(io.BytesIO(out.getvalue()), options=RAW) as container:
        formats = {f.format.name for f in container.decode(video=0)}
    assert formats == {"yuv420p10le"}  # the head is 10-bit too


def test_hevc_with_no_keyframe_in_the_span_is_re_encoded() -> None:
    data = hevc(seconds=4, gop=75, bframes=3)
    assert check_clip(data, 0.5, 2.5, 12, 62).method == METHOD_REENCODE


def test_every_audio_track_is_kept_and_cut_to_the_span() -> None:
    data, _ = make(seconds=4, audio_starts=(0.0, 0.0))
    result = check_clip(data, 1.3, 2.5, 32, 62)
    out = io.BytesIO()
    cut_clip(io.BytesIO(data), "two.mp4", 1.3, 2.5, out)
    assert audio_seconds(out.getvalue()) == pytest.approx([result.duration_s] * 2, abs=0.03)


def test_audio_that_starts_late() -> None:
    data, _ = make(seconds=4, audio_starts=(0.0, 1.5))
    result = check_clip(data, 1.0, 3.0, 25, 74)
    out = io.BytesIO()
    cut_clip(io.BytesIO(data), "late.mp4", 1.0, 3.0, out)
    with av.open(io.BytesIO(out.getvalue())) as container:
        assert len(container.streams.audio) == 2
    assert audio_seconds(out.getvalue()) == pytest.approx([result.duration_s] * 2, abs=0.03)


def test_the_head_keeps_the_sources_colour_tags() -> None:
    data, _ = make(seconds=3, bt709=True)
    out = io.BytesIO()
    result = cut_clip(io.BytesIO(data), "hd.mp4", 0.5, 1.5, out)
    assert result.method == METHOD_SMART
    with av.open(io.BytesIO(out.getvalue()), options=RAW) as container:
        tags = {
            (f.color_primaries, f.color_trc, f.colorspace, f.color_range)
            for f in container.decode(video=0)
        }
    assert tags == {(1, 1, 1, 1)}  # BT.709, limited range: head and copied rest alike


def test_hevc_in_mpeg_ts_is_re_encoded() -> None:
    """Annex B HEVC has no hvcC to list the head's parameter sets in: the fallback, exact."""
    buf = io.BytesIO()
    make_video(buf, container="mpegts", vcodec="hevc", seconds=3, gop=24, bframes=3)
    assert check_clip(buf.getvalue(), 0.5, 2.5, 12, 62).method == METHOD_REENCODE
