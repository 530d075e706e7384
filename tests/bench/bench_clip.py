"""Benchmark: frame-exact clip (cut_clip) against a plain stream copy and a full re-encode.

Run: .venv/bin/python tests/bench/bench_clip.py [--seconds 60] [--size 1280x720]
Prints best-of-3 wall times (time.perf_counter); asserts nothing. Targets (DESIGN §9):
cut_clip <= 3x a plain PyAV stream-copy trim of the same span, and >= 10x faster than
re-encoding the span with libx264. The source is generated in memory with synth.
"""

from __future__ import annotations

import argparse
import io
import tempfile
import time
from collections.abc import Callable

import av

from vigdesk.media.frames import frame_at
from vigdesk.media.synth import make_video
from vigdesk.media.trim import cut_clip

START, END = 20.52, 30.52  # a 10 s clip starting on a non-keyframe


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
    """Decode the span and encode it all with libx264 (veryfast) + AAC."""
    out = io.BytesIO()
    with av.open(io.BytesIO(data)) as inp, av.open(out, "w", format="mp4") as output:
        video, audio = inp.streams.video[0], inp.streams.audio[0]
        video.thread_type = "AUTO"
        venc = output.add_stream("libx264", rate=25, options={"preset": "veryfast", "crf": "18"})
        venc.width, venc.height, venc.pix_fmt = video.width, video.height, "yuv420p"
        aenc = output.add_stream("aac", rate=audio.rate, layout="stereo")
        inp.seek(round(START / video.time_base), stream=video)
        for packet in inp.demux(video, audio):
            for frame in packet.decode():
                if frame.time is None or frame.time < START:
                    continue
                if frame.time >= END:
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
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--size", default="1280x720")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.split("x"))
    print(f"generating {args.seconds:.0f} s {width}x{height} 25 fps H.264+AAC (GOP 2 s) ...")
    began = time.perf_counter()
    source = io.BytesIO()
    make_video(source, seconds=args.seconds, size=(width, height), gop=50)
    data = source.getvalue()
    print(f"  {len(data) / 1e6:.1f} MB in {time.perf_counter() - began:.1f} s")

    def clip() -> None:
        cut_clip(io.BytesIO(data), "bench.mp4", START, END, io.BytesIO())

    t_clip = best_of(3, clip)
    t_copy = best_of(3, lambda: plain_copy(data))
    t_full = best_of(3, lambda: full_reencode(data))
    t_frame = best_of(3, lambda: frame_at(io.BytesIO(data), "bench.mp4", 0.0))
    t_frame_mid = best_of(3, lambda: frame_at(io.BytesIO(data), "bench.mp4", START))
    with tempfile.NamedTemporaryFile(suffix=".mp4") as plain:
        plain.write(data)
        plain.flush()

        def from_file() -> None:
            with open(plain.name, "rb") as fh:
                frame_at(fh, "bench.mp4", 0.0)

        t_file = best_of(3, from_file)
    rows = [
        ("cut_clip (frame-exact, copy)", t_clip, ""),
        ("plain stream-copy trim", t_copy, f"cut_clip / this = {t_clip / t_copy:.2f}x (<= 3x)"),
        ("full libx264 re-encode", t_full, f"this / cut_clip = {t_full / t_clip:.0f}x (>= 10x)"),
        ("first frame, BytesIO", t_frame, ""),
        ("first frame, plain file", t_file, ""),
        (f"exact frame at {START} s", t_frame_mid, ""),
    ]
    print(f"10 s clip {START}-{END} s, best of 3:")
    for label, seconds, note in rows:
        print(f"  {label:<30} {seconds * 1000:9.1f} ms   {note}")


if __name__ == "__main__":
    main()
