"""Footage with corrupted bytes mid-stream, made with PyAV in memory (never committed)."""

from __future__ import annotations

import io
import random
from fractions import Fraction

import av

from vigdesk.media.synth import make_video


def damaged(data: bytes, start: float = 0.4, end: float = 0.6, seed: int = 1) -> bytes:
    """`data` with every 7th byte between `start` and `end` (fractions of its length)
    overwritten with noise, as a failing card or a broken copy leaves it."""
    out = bytearray(data)
    rng = random.Random(seed)
    for i in range(int(len(out) * start), int(len(out) * end), 7):
        out[i] = rng.randrange(256)
    return bytes(out)


def hit_seconds(
    data: bytes, start: float = 0.4, end: float = 0.6, kind: str = "video"
) -> tuple[float, float]:
    """First and last time (from the first frame) of the `kind` packets whose bytes lie
    in the damaged range of the clean `data`."""
    lo, hi = int(len(data) * start), int(len(data) * end)
    times: list[float] = []
    with av.open(io.BytesIO(data)) as container:
        video = container.streams.video[0]
        zero = (video.start_time or 0) * (video.time_base or Fraction(1, 90000))
        stream = video if kind == "video" else container.streams.audio[0]
        base = stream.time_base or Fraction(1, 90000)
        for packet in container.demux(stream):
            if not packet.size or packet.pos is None or packet.pts is None:
                continue
            if packet.pos < hi and packet.pos + packet.size > lo:
                times.append(float(packet.pts * base - zero))
    return min(times), max(times)


def clean_video(container: str = "mp4", seconds: float = 6.0) -> bytes:
    buf = io.BytesIO()
    make_video(buf, container=container, seconds=seconds, gop=25, label="damage")
    return buf.getvalue()
