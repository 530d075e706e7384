"""Benchmark: a smart-cut clip (cut_clip) against a plain stream copy and a full re-encode.

Run: .venv/bin/python tests/bench/bench_clip.py [--seconds 40] [--size 1920x1080] [--no-4k]
Prints best-of-3 wall times (time.perf_counter) and ratios against baselines measured in
the same run; asserts nothing. Targets: cut_clip <= 5x a plain PyAV stream-copy trim of
the same span (which is not frame-exact and keeps pre-roll), and the ratio by which it beats
re-encoding the span with libx264 at its default preset. The source is H.264 with a 2 s
GOP and 2 B-frames, generated in memory with synth (generation is not timed). Then where
one smart cut's time goes, and the 4K HEVC case (a 12.6 s source, best of 1: its clip is
a smart cut with an x265 head, about 0.5 s of it re-encoded; generating the source takes a
minute or two).
"""

from __future__ import annotations

import argparse
import io
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from fractions import Fraction
from typing import Any

import av

from vigdesk.media import smart_cut, splice, trim
from vigdesk.media.synth import make_video
from vigdesk.media.trim import cut_clip

Span = tuple[float, float]
SPAN: Span = (20.52, 30.52)  # a 10 s clip starting on a non-keyframe, ending mid-GOP
SPAN_4K: Span = (1.52, 11.52)


def best_of(runs: int, job: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        job()
        times.append(time.perf_counter() - began)
    return min(times)


def plain_copy(data: bytes, span: Span) -> bytes:
    """What a naive trim does: seek to the keyframe, copy packets; not frame-accurate."""
    start, end = span
    out = io.BytesIO()
    with av.open(io.BytesIO(data), "r") as inp, av.open(out, "w", format="mp4") as output:
        video, audio = inp.streams.video[0], inp.streams.audio[0]
        vout, aout = output.add_stream_from_template(video), output.add_stream_from_template(audio)
        inp.seek(round(Fraction(start) / (video.time_base or 1)), stream=video)
        for packet in inp.demux(video, audio):
            if packet.dts is None or packet.pts is None:
                continue
            at = packet.pts * packet.time_base
            if at >= end:
                if packet.stream is video:
                    break
                continue
            packet.stream = vout if packet.stream is video else aout
            output.mux(packet)
    return out.getvalue()


def full_reencode(data: bytes, span: Span) -> bytes:
    """Decode the span and encode it all with libx264 at its default preset, + AAC."""
    start, end = span
    out = io.BytesIO()
    with av.open(io.BytesIO(data), "r") as inp, av.open(out, "w", format="mp4") as output:
        video, audio = inp.streams.video[0], inp.streams.audio[0]
        video.thread_type = "AUTO"
        venc = output.add_stream("libx264", rate=25)
        venc.width, venc.height, venc.pix_fmt = video.width, video.height, "yuv420p"
        aenc = output.add_stream("aac", rate=audio.rate, layout="stereo")
        inp.seek(round(Fraction(start) / (video.time_base or 1)), stream=video)
        for packet in inp.demux(video, audio):
            for frame in packet.decode():
                assert isinstance(frame, av.VideoFrame | av.AudioFrame)
                if frame.time is None or not start <= frame.time < end:
                    continue
                frame.pts = None
                encoder = venc if packet.stream is video else aenc
                output.mux(encoder.encode(frame))  # type: ignore[arg-type]
            if packet.pts is not None and packet.pts * packet.time_base > end + 1:
                break
        output.mux(venc.encode(None))
        output.mux(aenc.encode(None))
    return out.getvalue()


@contextmanager
def timed(spent: dict[str, float], owner: Any, name: str, label: str) -> Iterator[None]:
    """Add the wall time of every call of `owner.name` to `spent[label]` while inside."""
    original = getattr(owner, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        began = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            spent[label] += time.perf_counter() - began

    setattr(owner, name, wrapper)
    try:
        yield
    finally:
        setattr(owner, name, original)


def split(data: bytes, span: Span) -> str:
    """Where one smart cut's time goes (the decoder's threads overlap the encoding)."""
    spent: dict[str, float] = defaultdict(float)
    parts = [
        (splice.Encoder, "add", "x264 (set-up + frames)"),
        (splice.Encoder, "finish", "x264 flush"),
        (smart_cut, "_foot", "foot"),
        (smart_cut, "cut_video", "video"),
        (trim, "_cut_audio", "audio"),
        (trim, "_mux_in_order", "mux"),
    ]
    began = time.perf_counter()
    with ExitStack() as stack:
        for owner, name, label in parts:
            stack.enter_context(timed(spent, owner, name, label))
        cut_clip(io.BytesIO(data), "bench.mp4", *span, io.BytesIO())
    total = time.perf_counter() - began
    x264 = spent["x264 (set-up + frames)"] + spent["x264 flush"]
    spent["video"] -= x264 + spent["foot"]  # the rest: seek, decode, packet copy
    spent["rest (open, moov, ...)"] = total - sum(spent.values())
    return " | ".join(f"{k} {v * 1000:.0f}" for k, v in spent.items()) + " ms"


def case(title: str, data: bytes, span: Span, runs: int, full: bool) -> None:
    made: list[str] = []

    def clip() -> None:
        result = cut_clip(io.BytesIO(data), "bench.mp4", *span, io.BytesIO())
        made.append(f"{result.method}; {result.reencoded_s:.2f} s re-encoded")

    t_clip = best_of(runs, clip)
    t_copy = best_of(3, lambda: plain_copy(data, span))
    rows = [
        ("cut_clip", t_clip, made[-1]),
        ("plain stream-copy trim", t_copy, f"cut_clip / this = {t_clip / t_copy:.1f}x (<= 5x)"),
    ]
    if full:
        t_full = best_of(1, lambda: full_reencode(data, span))
        note = f"this / cut_clip = {t_full / t_clip:.1f}x faster (>= 10x)"
        rows.append(("libx264 default preset", t_full, note))
    print(f"{title}: 10 s clip {span[0]}-{span[1]} s, cut_clip best of {runs}:")
    for label, seconds, note in rows:
        print(f"  {label:<26} {seconds * 1000:9.1f} ms   {note}", flush=True)


def source(seconds: float, size: tuple[int, int], vcodec: str = "h264") -> bytes:
    print(f"generating {seconds:.1f} s {size[0]}x{size[1]} 25 fps {vcodec}+AAC (GOP 2 s) ...")
    began = time.perf_counter()
    out = io.BytesIO()
    make_video(out, vcodec=vcodec, seconds=seconds, size=size, gop=50, bframes=2)
    print(f"  {len(out.getvalue()) / 1e6:.1f} MB in {time.perf_counter() - began:.1f} s")
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=40.0)
    parser.add_argument("--size", default="1920x1080")
    parser.add_argument("--no-4k", action="store_true", help="skip the 4K HEVC case")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.split("x"))
    data = source(args.seconds, (width, height))
    case(f"{width}x{height} H.264", data, SPAN, 3, full=True)
    print(f"  where one smart cut's time goes: {split(data, SPAN)}")
    if not args.no_4k:
        data = source(12.6, (3840, 2160), vcodec="hevc")
        case("3840x2160 HEVC", data, SPAN_4K, 1, full=False)


if __name__ == "__main__":
    main()
