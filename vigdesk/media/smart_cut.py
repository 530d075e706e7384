"""The video of an H.264 or HEVC clip by smart cut: nothing before or after the chosen span.

The frames from the chosen one up to the next IDR (HEVC: IRAP) are decoded and re-encoded
with libx264 or libx265 (no B-frames, so decoding order is display order; parameter-set ids
the source does not use, see `avc`, `hevc`); from that keyframe on, packets are copied. The
cut is only made where every decoder starts afresh: after a non-IDR H.264 I-frame (open GOP)
frames may still refer back, so the head runs on to the next IDR, and if there is none
before the end the whole span is re-encoded (HEVC: left to the caller's fallback). An HEVC
CRA is such a point once it is marked a BLA: its leading pictures (shown before it, decoded
after it) are decoded and re-encoded in the head, and dropped from the copy. At the end,
B-frames shown before the end but decoded after a later reference (which must not be in the
clip) are re-encoded too: the "foot". Pictures no other one refers to are not decoded where
they are shown before the frames wanted (a third of the pre-roll of the benchmark's H.264
source with 2 B-frames). Runs on a worker thread; raises `Unsafe` when the source does not
allow a clean splice (the caller then re-encodes the whole span) and Cancelled through `job`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, TypeAlias

import av
import av.codec.context
import av.container
import av.video.stream

from vigdesk.media.probe import seek_before
from vigdesk.media.splice import Runs, Source, Splicer, Unsafe
from vigdesk.media.splice_hevc import HevcSource

Packet: TypeAlias = "av.Packet[Any]"
Video: TypeAlias = av.video.stream.VideoStream
_CHECK_EVERY = 16


class LandedLate(Exception):
    """The seek landed after the chosen frame; seek further back."""


@dataclass
class VideoCut:
    """The clip's video packets, stamped from 0 at the chosen frame, and its avcC/hvcC."""

    first: int  # the chosen frame's pts, source ticks
    end: int  # when the clip stops being shown: the next frame's pts, source ticks
    packets: list[Packet]
    extradata: bytes
    reencoded: int  # ticks of video that were re-encoded
    copied: int  # packets copied from the source


class NoPicture(Exception):
    """The span holds no decodable picture."""


@dataclass
class _Head:
    """Finds the chosen frame among decoded frames and encodes it and those after it."""

    video: Video
    source: Splicer
    start: int
    at_start: bool
    candidate: av.VideoFrame | None = None
    first: int | None = None
    encoder: Runs | None = None
    last_pts: int | None = None
    passed: int | None = None  # pts of the first frame shown at or after the end
    pending: list[Packet] = field(default_factory=list)  # since the last IDR <= start
    idr_pts: int | None = None

    @property
    def copies(self) -> bool:
        """The chosen frame is an IDR: its packets are copied, nothing is encoded."""
        return self.first is not None and self.first == self.idr_pts

    def take(self, frame: av.VideoFrame, end: int) -> None:
        if frame.pts is None or frame.is_corrupt or self.copies:
            return  # concealed: its references were before the seek point
        if self.first is None:
            if frame.pts <= self.start:
                self.candidate = frame
                return
            if self.candidate is None and not self.at_start:
                raise LandedLate
            self._choose(self.candidate or frame, end)
            if self.candidate is None or self.copies:
                return
        if frame.pts >= end:
            self.passed = frame.pts if self.passed is None else self.passed
        elif self.passed is None:
            self._encode(frame)

    def settle(self, end: int) -> None:
        """No frame after the start was decoded: the last one before it is the chosen."""
        if self.first is None and self.candidate is not None:
            self._choose(self.candidate, end)

    def _choose(self, frame: av.VideoFrame, end: int) -> None:
        assert frame.pts is not None
        self.first = frame.pts
        if frame.pts >= end:
            raise NoPicture
        if not self.copies:
            self.pending.clear()
            self._encode(frame)

    def _encode(self, frame: av.VideoFrame) -> None:
        if self.encoder is None:
            self.encoder = self.source.encoder(frame, self.video, 0)
        self.encoder.add(frame)
        self.last_pts = frame.pts


def cut_video(
    inp: av.container.InputContainer,
    video: Video,
    start: int,
    end: int,
    check: Callable[[int, int | None], None],
) -> VideoCut:
    """Seek before `start` (further back while it lands late) and cut [start, end).

    `check(count, pts)` is called for every packet read: to cancel (by raising) and to
    report how far the cut has got.
    """
    back = 0
    tb = video.time_base or Fraction(1, 90000)
    video.thread_type = "AUTO"
    while True:
        at_start = seek_before(inp, video, start - back)
        try:
            return _cut(inp.demux(video), video, start, end, at_start, check)
        except LandedLate:
            if at_start:
                raise NoPicture from None
            back = max(4 * back, round(1 / tb))


def _cut(
    packets: Iterator[Packet],
    video: Video,
    start: int,
    end: int,
    at_start: bool,
    check: Callable[[int, int | None], None],
) -> VideoCut:
    decoder = video.codec_context
    decoder.flush_buffers()
    source: Splicer | None = None
    head: _Head | None = None
    splice: Packet | None = None
    opening: list[Packet] = []
    fed = False
    shown = -(2**63)  # the latest pts <= start fed to the decoder
    for count, packet in enumerate(packets):
        check(count, packet.pts)
        if packet.pts is None:
            if packet.size:
                raise Unsafe  # no timestamps to copy by
            break
        if source is None:
            if not packet.is_keyframe:
                continue  # a recording that starts mid-GOP: nothing decodes before this
            source = _splicer(video, bytes(packet))
            head = _Head(video, source, start, at_start)
        assert head is not None
        idr = packet.is_keyframe and source.is_cut(source.nals(packet))
        if idr and start < packet.pts < end and not fed and not at_start:
            raise LandedLate
        if idr and start < packet.pts < end and not fed:
            head.idr_pts = head.first = packet.pts  # the first keyframe stands in
            head.pending = [packet]
            break
        if idr and start < packet.pts < end:
            splice = packet  # the head ends here: every frame before it is decoded
            opening = [splice, *_leading(packets, splice, head, decoder, end, check)]
            break
        if idr and head.first is None:
            head.idr_pts, head.pending = packet.pts, []
        if head.first is None:
            head.pending.append(packet)
        if packet.pts < shown and source.is_disposable(source.nals(packet)):
            continue  # shown before a frame at or before the start and never referred to
        fed = True
        shown = max(shown, packet.pts) if packet.pts <= start else shown
        for frame in decoder.decode(packet):
            head.take(frame, end)
        if head.copies or head.passed is not None:
            break
    if head is None or source is None:
        raise NoPicture
    if head.passed is None and not head.copies:
        limit = splice.pts if splice is not None and splice.pts is not None else None
        for frame in decoder.decode(None):
            _take_before(head, frame, end, limit, source.has_leading)
        head.settle(end)
    if head.first is None:
        raise LandedLate
    if head.copies:
        return _tail(packets, head.pending + opening, video, source, head.first, end, check, [])
    assert head.encoder is not None and head.last_pts is not None
    if splice is None and not isinstance(source, Source):
        raise Unsafe  # no keyframe before the end: re-encoded to H.264 by the caller
    if splice is None:  # no IDR before the end: the whole span is re-encoded
        until = head.passed if head.passed is not None else _next_guess(head)
        encoded = head.encoder.finish(until, 0, None)
        return _done(source, head.first, until, encoded, [head.encoder], until - head.first)
    assert splice.pts is not None
    lag = splice.pts - (splice.dts if splice.dts is not None else splice.pts)
    encoded = head.encoder.finish(splice.pts, lag, None)
    head_ticks = splice.pts - head.first  # before `_tail` restamps the splice packet
    cut = _tail(packets, opening, video, source, head.first, end, check, encoded, head.encoder)
    cut.reencoded += head_ticks
    return cut


def _splicer(video: Video, first_keyframe: bytes) -> Splicer:
    if video.codec_context.name == "hevc":
        return HevcSource.of(video, first_keyframe)
    return Source.of(video, first_keyframe)


def _leading(
    packets: Iterator[Packet],
    irap: Packet,
    head: _Head,
    decoder: av.VideoCodecContext,
    end: int,
    check: Callable[[int, int | None], None],
) -> list[Packet]:
    """For HEVC: decode the keyframe and its leading pictures (shown before it, decoded after
    it) for the head; return the packet after them, where the copy goes on."""
    source = head.source
    if not source.has_leading:
        return []
    assert irap.pts is not None
    for frame in decoder.decode(irap):
        _take_before(head, frame, end, irap.pts, True)
    for count, packet in enumerate(packets):  # not through a generator: closing it would
        check(count, packet.pts)  # close the demuxer too
        if not source.is_leading(source.nals(packet)):
            return [packet]
        for frame in decoder.decode(packet):
            _take_before(head, frame, end, irap.pts, True)
    return []


def _take_before(
    head: _Head, frame: av.VideoFrame, end: int, limit: int | None, irap_fed: bool
) -> None:
    """Pass a decoded frame to the head unless it is shown at the splice or after it."""
    if limit is not None and frame.pts is not None and frame.pts >= limit:
        if frame.pts == limit and irap_fed:
            return  # the keyframe itself: copied, not encoded
        raise Unsafe  # a frame decoded before the keyframe is shown after it
    head.take(frame, end)


def _next_guess(head: _Head) -> int:
    """The end of the last frame of a file: one frame period on."""
    rate = head.video.average_rate or head.video.guessed_rate or Fraction(25)
    tb = head.video.time_base or Fraction(1, 90000)
    assert head.last_pts is not None
    return head.last_pts + max(1, round(1 / (Fraction(rate) * tb)))


def _tail(
    packets: Iterator[Packet],
    opening: list[Packet],
    video: Video,
    source: Splicer,
    first: int,
    end: int,
    check: Callable[[int, int | None], None],
    encoded: list[Packet],
    head: Runs | None = None,
) -> VideoCut:
    """Copy from the IDR that opens `opening` until the end; re-encode a B-frame foot."""
    copied: list[Packet] = []
    after: list[Packet] = []  # read past the first packet shown at or after the end
    gop = 0  # index in `copied` of the last keyframe
    passed: int | None = None
    floor = opening[0].pts
    assert floor is not None
    for count, packet in enumerate(_chain(opening, packets)):
        check(count, packet.pts)
        if packet.pts is None:
            if packet.size:
                raise Unsafe
            break
        dts = packet.dts if packet.dts is not None else packet.pts
        if packet.pts < floor and source.is_leading(source.nals(packet)):
            continue  # shown before the keyframe: the head holds it (or it is not chosen)
        if packet.pts < floor:
            raise Unsafe  # a leading picture of the IDR: it would belong to the head
        if passed is None and packet.pts < end:
            gop = len(copied) if packet.is_keyframe else gop
            copied.append(packet)
            continue
        after.append(packet)
        if packet.pts >= end:
            passed = packet.pts if passed is None else min(passed, packet.pts)
        if passed is not None and dts >= max(end, passed):
            break
    shown = sorted(p.pts for p in copied if p.pts is not None)
    missing = sorted(p.pts for p in after if p.pts is not None and p.pts < end)
    if passed is None:  # the file ended: the last frame lasts as long as the one before
        step = shown[-1] - shown[-2] if len(shown) > 1 else 1
        passed = (missing or shown)[-1] + step
    foot: list[Packet] = []
    encoders: list[Runs] = [head] if head is not None else []
    if missing:
        if shown[-1] > missing[0]:
            raise Unsafe
        encoder = _foot(video, source, copied[gop:] + after, missing[0], end)
        if encoder.frames != len(missing):
            raise Unsafe  # a frame of the foot did not decode: the clip would lack it
        last = copied[-1]
        foot = encoder.finish(passed, 0, last.dts if last.dts is not None else last.pts)
        encoders.append(encoder)
    out = [source.copy(p, index == 0) for index, p in enumerate(copied)]
    cut = _done(source, first, passed, encoded + out + foot, encoders, 0)
    cut.reencoded, cut.copied = passed - missing[0] if missing else 0, len(out)
    return cut


def _chain(opening: list[Packet], rest: Iterator[Packet]) -> Iterator[Packet]:
    yield from opening
    yield from rest


def _foot(video: Video, source: Splicer, packets: list[Packet], since: int, end: int) -> Runs:
    """Decode the last GOP again and encode its frames shown in [since, end)."""
    decoder = video.codec_context
    decoder.flush_buffers()
    encoder: Runs | None = None
    for packet in _needed(packets, since, source):
        for frame in decoder.decode(packet):
            if frame.pts is not None and since <= frame.pts < end and not frame.is_corrupt:
                if encoder is None:
                    encoder = source.encoder(frame, video, 1)
                encoder.add(frame)
    if encoder is None:
        raise Unsafe
    return encoder


def _needed(packets: list[Packet], since: int, source: Splicer) -> Iterator[Packet | None]:
    """The packets to decode for the frames from `since` on, then None to flush: not those
    shown earlier that no other picture refers to."""
    for packet in packets:
        if (
            packet.pts is None
            or packet.pts >= since
            or not source.is_disposable(source.nals(packet))
        ):
            yield packet
    yield None


def _done(
    source: Splicer,
    first: int,
    end: int,
    packets: list[Packet],
    encoders: list[Runs],
    reencoded: int,
) -> VideoCut:
    for packet in packets:
        assert packet.pts is not None
        dts = packet.dts if packet.dts is not None else packet.pts
        packet.pts, packet.dts = packet.pts - first, dts - first
    return VideoCut(first, end, packets, source.record(encoders), reencoded, 0)
