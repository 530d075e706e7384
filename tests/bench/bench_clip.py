"""Benchmark: a smart-cut clip (cut_clip) against a plain stream copy and a full re-encode.

Run: .venv/bin/python tests/bench/bench_clip.py [--seconds 40] [--size 1920x1080]
Prints best-of-3 wall times (time.perf_counter) and ratios against baselines measured in
the same run; asserts nothing. Targets: cut_clip <= 5x a plain PyAV stream-copy trim of
the same span (which is not frame-exact and keeps pre-roll), and the ratio by which it beats
re-encoding the span with libx264 at its default preset. The source is H.264 with a 2 s
GOP and 2 B-frames, generated in memory with synth (generation is not timed).
"""

from __future__ import annotations

import argparse
import io
import time
from collections.abc import Callable

import av

from vigdesk.media.synth import make_video
from vigdesk.media.trim import cut_clip

START, END = 20.52, 30.52  # a 10 s clip starting on a non-keyframe, ending mid-GOP


def best_of(runs: int, job: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        job()
        times.append(time.perf_counter() - began)
    return min(times)


def plain_copy(data: bytes) -> bytes:
    """What a naive trim does: seek to the keyframe, copy packets; not frame-accurate."""
    out = io.BytesIO()
    with av.open(io.BytesIO(data)) as inp, av.open(out, "w", format="mp4") as output:
        video, audio = inp.streams.video[0], inp.streams.audio[0]
        vout, aout = output.add_stream_from_template(video), output.add_stream_from_template(audio)
        inp.seek(round(START / video.time_base), stream=video)
        for packet in inp.demux(video, audio):
            if packet.dts is None or packet.pts is None:
                continue
            at = packet.pts * packet.time_base
            if at >= END:
                if packet.stream is video:
                    break
                continue
            packet.stream = vout if packet.stream is video else aout
            output.mux(packet)
    return out.getvalue()


def full_reencode(data: bytes) -> bytes:
    """Decode the span and encode it all with libx264 at its default preset, + AAC."""
    out = io.BytesIO()
    with av.open(io.BytesIO(data)) as inp, av.open(out, "w", format="mp4") as output:
        video, audio = inp.streams.video[0], inp.streams.audio[0]
        video.thread_type = "AUTO"
        venc = output.add_stream("libx264", rate=25)
        venc.width, venc.height, venc.pix_fmt = video.width, video.height, "yuv420p"
        aenc = output.add_stream("aac", rate=audio.rate, layout="stereo")
        inp.seek(round(START / video.time_base), stream=video)
        for packet in inp.demux(video, audio):
            for frame in packet.decode():
                if frame.time is None or not START <= frame.time < END:
                    continue
                frame.pts = None
                encoder = venc if packet.stream is video else aenc
                output.mux(encoder.encode(frame))  # type: ignore[arg-type]
            if packet.pts is not None and packet.pts * packet.time_base > END + 1:
                break
        output.mux(venc.encode(None))
        output.mux(aenc.encode(None))
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=40.0)
    parser.add_argument("--size", default="1920x1080")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.split("x"))
    print(f"generating {args.seconds:.0f} s {width}x{height} 25 fps H.264+AAC (GOP 2 s) ...")
    began = time.perf_counter()
    source = io.BytesIO()
    make_video(source, seconds=args.seconds, size=(width, height), gop=50, bframes=2)
    data = source.getvalue()
    print(f"  {len(data) / 1e6:.1f} MB in {time.perf_counter() - began:.1f} s")
    made: list[str] = []

    def clip() -> None:
        result = cut_clip(io.BytesIO(data), "bench.mp4", START, END, io.BytesIO())
        made.append(f"{result.method}; {result.reencoded_s:.2f} s re-encoded")

    t_clip = best_of(3, clip)
    t_copy = best_of(3, lambda: plain_copy(data))
    t_full = best_of(1, lambda: full_reencode(data))
    rows = [
        ("cut_clip (smart cut)", t_clip, made[-1]),
        ("plain stream-copy trim", t_copy, f"cut_clip / this = {t_clip / t_copy:.1f}x (<= 5x)"),
        ("libx264 default preset", t_full, f"this / cut_clip = {t_full / t_clip:.1f}x faster"),
    ]
    print(f"10 s clip {START}-{END} s, best of 3 (the full re-encode: 1 run):")
    for label, seconds, note in rows:
        print(f"  {label:<26} {seconds * 1000:9.1f} ms   {note}")


if __name__ == "__main__":
    main()
