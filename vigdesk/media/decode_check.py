"""Decode the whole footage, to find damage that a byte-for-byte copy faithfully keeps.

Import proves the sealed copy equals the source; this proves the source itself plays:
every packet of every stream is demuxed, every video frame and every sound packet (of
every audio track) decoded. A frame counts as
lost if its packet failed to decode, came out flagged corrupt, or never arrived (a gap
in the packet timeline, or packets that stop before the footage's end, as when damage
breaks the container rather than the picture). Reads from any seekable reader (in
production the decrypting reader of the sealed copy, so no plaintext touches disk).
Runs on any worker thread.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from itertools import pairwise
from statistics import median
from typing import Any

import av.error
import av.packet

from vigdesk.core.errors import Cancelled
from vigdesk.media import probe
from vigdesk.media.source import MediaSource

Progress = Callable[[float], None]
IsCancelled = Callable[[], bool]
_GAP_FRAMES = 4  # a hole in the packet timeline wider than this many frames is damage
_GAP_MIN_S = 0.5  # ... and than this: phones' variable frame rate leaves smaller gaps
_CHECK_EVERY = 32  # packets between progress reports and cancel checks


@dataclass(frozen=True)
class DecodeReport:
    """`frames` the video should hold; `failed` of them could not be decoded, the first
    and last of those at `first_bad_s` / `last_bad_s` (seconds from the first frame).
    Likewise `sound_failed` of the `sound_packets` of all audio tracks."""

    name: str
    frames: int
    failed: int
    first_bad_s: float | None
    last_bad_s: float | None
    seconds: float  # length of the footage checked
    sound_packets: int = 0
    sound_failed: int = 0
    sound_first_s: float | None = None
    sound_last_s: float | None = None

    @property
    def warning(self) -> str:
        """One line for the practitioner, or "" when every frame and sound decoded."""
        parts = []
        if self.failed:
            parts.append(
                f"{self.failed} of {self.frames} frames could not be decoded"
                + _where(self.first_bad_s, self.last_bad_s)
            )
        if self.sound_failed:
            parts.append(
                f"the sound could not be decoded in {self.sound_failed} "
                + ("place" if self.sound_failed == 1 else "places")
                + _where(self.sound_first_s, self.sound_last_s)
            )
        return f"{self.name}: {'; '.join(parts)}" if parts else ""


def _where(first_s: float | None, last_s: float | None) -> str:
    if first_s is None or last_s is None:
        return ""
    first, last = clock(first_s), clock(last_s)
    return f" at {first}" if first == last else f" between {first} and {last}"


def clock(seconds: float) -> str:
    """hh:mm:ss, as a practitioner finds the moment in a player."""
    whole = max(0, int(seconds))
    return f"{whole // 3600:02d}:{whole // 60 % 60:02d}:{whole % 60:02d}"


def check(
    f: MediaSource,
    name: str,
    *,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
) -> DecodeReport:
    """Decode all of `f`. Raises Cancelled between packets when `cancelled()` is true;
    UnsupportedMedia / CorruptMedia if it cannot even be opened (see `probe.open_media`)."""
    report = progress or (lambda _: None)
    stop = cancelled or (lambda: False)
    with probe.open_media(f, name) as container:
        stream = probe.video_stream(container, name)
        stream.thread_type = "AUTO"  # frame and slice threads: a multiple of real time
        # The deblocking filter smooths pictures already decoded: a bitstream error shows
        # without it, and skipping it makes the check about a third faster.
        stream.codec_context.options = {"skip_loop_filter": "all"}
        origin = probe.origin(stream)
        base = stream.time_base
        duration = probe.length(container, stream)
        sent: list[int] = []  # pts of each non-empty video packet
        good: set[int] = set()  # pts of each frame that decoded cleanly
        untimed = 0  # frames that decoded cleanly without a time
        unplaced = 0  # packets without a time

        def decode(packet: av.packet.Packet[Any] | None) -> None:
            nonlocal untimed
            try:
                frames = stream.codec_context.decode(packet)
            except av.error.FFmpegError:
                return  # this packet's frame is lost: sent, but never comes back good
            for frame in frames:
                if frame.is_corrupt:
                    continue
                if frame.pts is None:
                    untimed += 1
                else:
                    good.add(frame.pts)

        sound_sent = 0
        sound_lost: list[float] = []
        zero = float(origin * base) if base is not None else 0.0

        def hear(packet: av.packet.Packet[Any]) -> None:
            nonlocal sound_sent
            if packet.stream.codec_context is None:
                return  # a track FFmpeg cannot decode at all: probe's business, not damage
            sound_sent += 1
            try:
                packet.decode()
            except av.error.FFmpegError:
                at = packet.pts if packet.pts is not None else packet.dts
                if at is not None and packet.time_base is not None:
                    sound_lost.append(float(at * packet.time_base) - zero)
                else:
                    sound_lost.append(float("nan"))

        count, done = 0, 0.0
        try:
            for packet in container.demux():
                if not packet.size:
                    continue
                if packet.stream.type == "audio":
                    hear(packet)
                    continue
                if packet.stream_index != stream.index:
                    continue
                if packet.pts is None:
                    unplaced += 1
                else:
                    sent.append(packet.pts)
                decode(packet)
                count += 1
                if count % _CHECK_EVERY == 0:
                    if stop():
                        raise Cancelled("Cancelled.")
                    if packet.pts is not None and duration > 0 and base is not None:
                        at = float((packet.pts - origin) * base) / duration
                        done = max(done, min(0.99, at))  # B-frames arrive out of order
                        report(done)
        except (av.error.FFmpegError, IndexError):
            # Damage the demuxer cannot read past ends the packets; IndexError is PyAV
            # meeting a stream that garbage created mid-file (MPEG-TS) at the end.
            pass
        decode(None)
    if stop():
        raise Cancelled("Cancelled.")
    lost = [pts for pts in sent if pts not in good]
    result = _tally(
        name, sent, len(good) + untimed, lost, unplaced, origin, float(base or 0), duration
    )
    placed = [min(max(t, 0.0), duration) for t in sound_lost if -0.5 <= t <= duration + 0.5]
    result = replace(
        result,
        sound_packets=sound_sent,
        sound_failed=len(sound_lost),
        sound_first_s=min(placed) if placed else None,
        sound_last_s=max(placed) if placed else None,
    )
    report(1.0)
    return result


def _tally(
    name: str,
    sent: list[int],
    good: int,
    lost: list[int],
    unplaced: int,
    origin: int,
    base: float,
    duration: float,
) -> DecodeReport:
    """Count and place the lost frames: `sent` packet times, `good` frames that decoded,
    `lost` the times of packets whose frame did not, `unplaced` packets without a time."""

    def seconds(pts: int) -> float:
        return float((pts - origin) * base)

    def within(t: float) -> bool:  # garbage can invent times outside the footage
        return -0.5 <= t <= duration + 0.5

    inside = sorted(t for t in map(seconds, sent) if within(t))
    steps = [b - a for a, b in pairwise(inside)]
    step = median(steps) if steps else 0.0
    places = [t for t in map(seconds, lost) if within(t)]
    holes = 0
    if step > 0:
        limit = max(_GAP_FRAMES * step, _GAP_MIN_S)
        edges = [0.0, *inside, duration]
        for a, b in pairwise(edges):
            if b - a > limit:
                holes += max(1, round((b - a) / step) - 1)
                places += [a + step, b - step]
    frames = len(sent) + unplaced + holes
    failed = max(0, frames - good)
    places = [min(max(t, 0.0), duration) for t in places]
    return DecodeReport(
        name=name,
        frames=frames,
        failed=failed,
        first_bad_s=min(places) if failed and places else None,
        last_bad_s=max(places) if failed and places else None,
        seconds=duration,
    )
