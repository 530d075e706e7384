"""Benchmark: watermarking a clip and a still, and making stills and thumbnails.

Run: .venv/bin/python tests/bench/bench_watermark.py [--seconds 10] [--size 1280x720]
Prints best-of-3 wall times (time.perf_counter); asserts nothing. Each timing is set
against a baseline measured in the same run, so the ratios hold across machines:
- mark_video against a plain decode + libx264 re-encode of the same clip (the watermark's
  own cost is the difference: drawing once, turning upright, blending every frame);
- render (drawing the mark for one picture size) and apply (blending one frame) against
  decoding one frame;
- still_png, thumbnail_jpeg and mark_png against frame_at (the decode they all start from).
"""

from __future__ import annotations

import argparse
import io
import time
from collections.abc import Callable
from datetime import date

import av

from vigdesk.media.frames import frame_at, still_png, thumbnail_jpeg, thumbnail_strip
from vigdesk.media.synth import make_video
from vigdesk.media.watermark import Watermark, apply, mark_png, mark_video, render

MARK = Watermark.for_package(
    "VIG-26-K7QM", "Łukasz Nowak 王芳", "Supervision", date(2026, 11, 24), date(2026, 12, 24)
)


def best_of(runs: int, job: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        job()
        times.append(time.perf_counter() - began)
    return min(times)


def plain_reencode(data: bytes) -> bytes:
    """Decode every frame and encode it with the same libx264 settings as mark_video."""
    out = io.BytesIO()
    with av.open(io.BytesIO(data)) as inp, av.open(out, "w", format="mp4") as output:
        video = inp.streams.video[0]
        video.thread_type = "AUTO"
        enc = output.add_stream("libx264", rate=25, options={"preset": "veryfast", "crf": "20"})
        enc.width, enc.height, enc.pix_fmt = video.width, video.height, "yuv420p"
        for frame in inp.decode(video):
            rgb = frame.to_ndarray(format="rgb24")
            output.mux(enc.encode(av.VideoFrame.from_ndarray(rgb, format="rgb24")))
        output.mux(enc.encode(None))
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--size", default="1280x720")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.split("x"))
    print(f"generating {args.seconds:.0f} s {width}x{height} 25 fps H.264+AAC ...")
    source = io.BytesIO()
    make_video(source, seconds=args.seconds, size=(width, height), gop=50)
    data = source.getvalue()
    png = still_png(io.BytesIO(data), "bench.mp4", 1.0)
    picture = frame_at(io.BytesIO(data), "bench.mp4", 1.0)
    overlay = render(MARK, width, height)

    t_mark = best_of(3, lambda: mark_video(io.BytesIO(data), "bench.mp4", MARK))
    t_plain = best_of(3, lambda: plain_reencode(data))
    t_frame = best_of(3, lambda: frame_at(io.BytesIO(data), "bench.mp4", 1.0))
    t_render = best_of(3, lambda: render(MARK, width, height))
    t_apply = best_of(20, lambda: apply(picture, overlay))
    t_still = best_of(3, lambda: still_png(io.BytesIO(data), "bench.mp4", 1.0))
    t_thumb = best_of(3, lambda: thumbnail_jpeg(io.BytesIO(data), "bench.mp4", 1.0))
    t_strip = best_of(3, lambda: thumbnail_strip(io.BytesIO(data), "bench.mp4", 12, 48))
    t_mark_png = best_of(3, lambda: mark_png(png, MARK))
    frames = round(args.seconds * 25)
    rows = [
        (f"mark_video ({frames} frames)", t_mark, f"/ plain re-encode = {t_mark / t_plain:.2f}x"),
        ("plain decode + libx264 re-encode", t_plain, ""),
        ("frame_at (decode one frame)", t_frame, ""),
        ("render (draw the mark once)", t_render, f"/ frame_at = {t_render / t_frame:.2f}x"),
        ("apply (blend one frame)", t_apply, f"/ frame_at = {t_apply / t_frame:.2f}x"),
        ("still_png", t_still, f"/ frame_at = {t_still / t_frame:.2f}x"),
        ("thumbnail_jpeg", t_thumb, f"/ frame_at = {t_thumb / t_frame:.2f}x"),
        ("thumbnail_strip (12 x 48 px)", t_strip, f"/ frame_at = {t_strip / t_frame:.2f}x"),
        (
            "mark_png (decode, mark, encode)",
            t_mark_png,
            f"/ frame_at = {t_mark_png / t_frame:.2f}x",
        ),
    ]
    print(f"PNG still {len(png) / 1e3:.0f} kB; best of 3 (apply: of 20):")
    for label, seconds, note in rows:
        print(f"  {label:<34} {seconds * 1000:9.1f} ms   {note}")


if __name__ == "__main__":
    main()
