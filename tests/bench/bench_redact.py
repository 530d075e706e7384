"""Benchmark: burning redactions into a video copy (subject access, issue 23).

Run: .venv/bin/python tests/bench/bench_redact.py [--seconds 10] [--size 1280x720]
Prints best-of-3 wall times (time.perf_counter); asserts nothing. Each timing is set
against a baseline measured in the same run, so the ratios hold across machines:
- redact_video with no masks (decode, turn upright, re-encode H.264 + AAC) is the
  baseline; then with 3 filled masks, with 3 blurred masks (each keyframed across the
  clip), and with a muted span;
- mark_video on the same clip, the re-encode a supervision package already pays.
"""

from __future__ import annotations

import argparse
import io
import time
from collections.abc import Callable
from datetime import date

from vigdesk.media.redact import Keyframe, Mask, Redaction, redact_video
from vigdesk.media.synth import make_video
from vigdesk.media.watermark import Watermark, mark_video

MARK = Watermark.for_package(
    "VIG-26-K7QM", "Dr A. Supervisor", "Supervision", date(2026, 11, 24), date(2026, 12, 24)
)


def best_of(runs: int, job: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        job()
        times.append(time.perf_counter() - began)
    return min(times)


def masks(mode: str, seconds: float) -> Redaction:
    """Three people, each a quarter of the picture wide, moving across the clip."""
    return Redaction(
        tuple(
            Mask(
                (
                    Keyframe(0.0, 0.05 + 0.3 * n, 0.2, 0.25, 0.4),
                    Keyframe(seconds, 0.3 * n, 0.4, 0.25, 0.4),
                ),
                mode,
            )
            for n in range(3)
        )
    )


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

    def run(redaction: Redaction) -> Callable[[], object]:
        return lambda: redact_video(io.BytesIO(data), "bench.mp4", redaction)

    base = best_of(3, run(Redaction()))
    rows = [
        ("3 filled masks", best_of(3, run(masks("fill", args.seconds)))),
        ("3 blurred masks", best_of(3, run(masks("blur", args.seconds)))),
        ("muted span (half the clip)", best_of(3, run(Redaction(mute=((0.0, args.seconds / 2),))))),
        ("watermark (mark_video)", best_of(3, lambda: mark_video(io.BytesIO(data), "b", MARK))),
    ]
    print(
        f"re-encode with no masks (baseline): {base:.2f} s ({args.seconds / base:.1f}x real time)"
    )
    for name, took in rows:
        print(f"{name:32} {took:.2f} s  {took / base:.2f}x baseline")


if __name__ == "__main__":
    main()
