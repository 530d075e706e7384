"""Frames and times of one video: exact timecodes and the frame-exact player positions.

The frame "at" a time t is the last frame whose presentation time is <= t, so frame n
covers [n/fps, (n+1)/fps). Services take times in seconds: frame n starts at n/fps.
Qt's FFmpeg backend, when paused, shows the frame *before* a position that falls
exactly on a frame boundary (except at keyframes), so the player always asks for the
middle of a frame: (n + 0.5)/fps. Constant frame rate is assumed (MediaItem.fps).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

DEFAULT_FPS = Fraction(25)


def parse_fps(text: str) -> Fraction:
    """ "30000/1001" → Fraction; anything unusable → 25."""
    try:
        fps = Fraction(text) if text else DEFAULT_FPS
    except (ValueError, ZeroDivisionError):
        return DEFAULT_FPS
    return fps if 0 < fps <= 1000 else DEFAULT_FPS


def timecode(seconds: float) -> str:
    """HH:MM:SS.mmm, never negative."""
    ms = max(0, round(seconds * 1000))
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"


def short_duration(seconds: float) -> str:
    """ "4.2 s", "1:05", "1:02:03" for lists."""
    if seconds < 60:
        return f"{seconds:.1f} s"
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


@dataclass(frozen=True)
class FrameClock:
    """`frames` frames at `fps`; converts between frame numbers, seconds and player ms."""

    fps: Fraction
    frames: int

    @classmethod
    def of(cls, duration_s: float, fps_text: str) -> FrameClock:
        fps = parse_fps(fps_text)
        return cls(fps, max(1, round(Fraction(duration_s) * fps)))

    @property
    def last(self) -> int:
        return self.frames - 1

    @property
    def frame_s(self) -> float:
        return float(1 / self.fps)

    def clamp(self, frame: int) -> int:
        return max(0, min(frame, self.last))

    def start_s(self, frame: int) -> float:
        """When frame `frame` starts: what the services are given."""
        return float(frame / self.fps)

    def end_s(self, frame: int) -> float:
        """When frame `frame` ends (the exclusive end of a span that holds it)."""
        return float((frame + 1) / self.fps)

    def player_ms(self, frame: int) -> int:
        """The player position that shows exactly `frame` (its middle)."""
        return round((Fraction(frame) + Fraction(1, 2)) * 1000 / self.fps)

    def frame_at_s(self, seconds: float) -> int:
        """The frame on screen at `seconds`."""
        return self.clamp(math.floor(Fraction(seconds) * self.fps + Fraction(1, 10_000)))

    def frame_of_us(self, start_us: int) -> int:
        """The frame whose start time a QVideoFrame reports (microseconds)."""
        return self.clamp(round(Fraction(start_us, 1_000_000) * self.fps))

    def frames_in(self, seconds: float) -> int:
        return max(1, round(Fraction(seconds) * self.fps))
