"""Frame-exact clips without re-encoding the span: stream copy plus MP4 edit lists.

A clip starts on the frame on screen at `start_s` (the last frame whose presentation time
is <= start_s, i.e. whose display interval contains it) and holds every frame shown before
`end_s`. H.264/HEVC is copied packet for packet from the keyframe at or before that frame,
shifted so the chosen frame is at time 0 and the pre-roll is negative; FFmpeg's MP4 muxer
then writes an edit list that hides the pre-roll. The edit lists are afterwards shortened
to end exactly at the clip's end, which also hides a reference frame copied past the end
for the B-frames before it. Players honour edit lists (FFmpeg, so Qt's backend; QuickTime;
browsers). AAC audio is copied the same way; other audio is re-encoded to AAC for the span;
other video (VP8/VP9, MPEG-2, ...) is re-encoded to H.264 for the span, as `method` says.

The MP4 is built in memory and written to `out` in one go at the end (clips are short, and
an edit list needs the index written after the samples, which a fragmented MP4 cannot do),
so `out` may be non-seekable. Runs on a worker thread; raises Cancelled, CorruptMedia,
UnsupportedMedia and InvalidInput, each naming the file.
"""

from __future__ import annotations

import io
import itertools
import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from fractions import Fraction
from typing import BinaryIO, TypeAlias

import av
import av.audio.stream
import av.container
import av.error
import av.video.stream

from vigdesk.core.errors import Cancelled, CorruptMedia, InvalidInput
from vigdesk.media.clip_audio import ClipAudio, Packet
from vigdesk.media.frames import decode_from
from vigdesk.media.mp4_edit import limit_duration
from vigdesk.media.probe import open_media, origin, seek_before, video_stream
from vigdesk.media.source import MediaSource

COPY_VIDEO = frozenset({"h264", "hevc"})
COPY_AUDIO = frozenset({"aac"})
METHOD_COPY = "stream copy + edit list"
METHOD_COPY_AUDIO = "stream copy + edit list, audio re-encoded to AAC"
METHOD_REENCODE = "re-encoded to H.264 + AAC"
_MP4_OPTIONS = {"use_editlist": "1"}
_CHECK_EVERY = 16  # packets between cancel checks

Video: TypeAlias = av.video.stream.VideoStream


@dataclass(frozen=True)
class ClipResult:
    """What `cut_clip` made. Times are seconds from the source's first frame."""

    start_s: float  # when the clip's first frame (the chosen one) is shown in the source
    end_s: float  # start_s + duration_s
    duration_s: float
    first_frame_pts: int  # the chosen frame's pts, in the source video stream's time base
    reencoded_s: float  # seconds of video re-encoded: 0 for a copy, all of it for a fallback
    method: str


@dataclass
class _Job:
    name: str
    report: Callable[[float], None]
    cancelled: Callable[[], bool]

    def check(self) -> None:
        if self.cancelled():
            raise Cancelled(f"Cutting a clip from {self.name} was cancelled; nothing was saved.")


class _CopyFailed(Exception):
    """The source's timestamps do not allow a safe stream copy; re-encode instead."""


def cut_clip(
    src: MediaSource,
    name: str,
    start_s: float,
    end_s: float,
    out: BinaryIO,
    progress: Callable[[float], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ClipResult:
    """Write the frames of `src` shown from `start_s` until `end_s` to `out` as an MP4."""
    if not (math.isfinite(start_s) and math.isfinite(end_s)):
        raise InvalidInput(f"A clip from {name} needs its times in seconds ({start_s}-{end_s} s).")
    if start_s < 0:
        raise InvalidInput(f"A clip from {name} cannot start before the video does ({start_s} s).")
    if end_s <= start_s:
        raise InvalidInput(f"A clip from {name} must end after it starts ({start_s}-{end_s} s).")
    job = _Job(name, progress or (lambda _: None), cancelled or (lambda: False))
    buf = io.BytesIO()
    with open_media(src, name) as inp:
        video = video_stream(inp, name)
        tb, t0 = _tb(video), origin(video)
        start, end = t0 + round(Fraction(start_s) / tb), t0 + round(Fraction(end_s) / tb)
        span: tuple[int, int, str] | None = None
        if video.codec_context.name in COPY_VIDEO:
            try:
                span = _copy(inp, video, start, end, buf, job)
            except (_CopyFailed, av.error.FFmpegError):
                buf = io.BytesIO()
        if span is None:
            span = _reencode(inp, video, start, end, buf, job)
    first, last, method = span
    if start >= last:
        length = float((last - t0) * tb)
        raise InvalidInput(
            f"{name} is only {length:.2f} s long; a clip cannot start at {start_s} s."
        )
    duration = float((last - first) * tb)
    view = buf.getbuffer()
    limit_duration(view, duration)
    job.check()
    out.write(view)
    job.report(1.0)
    return ClipResult(
        start_s=float((first - t0) * tb),
        end_s=float((last - t0) * tb),
        duration_s=duration,
        first_frame_pts=first,
        reencoded_s=duration if method == METHOD_REENCODE else 0.0,
        method=method,
    )


def _tb(stream: Video) -> Fraction:
    return stream.time_base or Fraction(1, 90000)


def _frame_ticks(stream: Video) -> int:
    rate = stream.average_rate or stream.guessed_rate or Fraction(25)
    return max(1, round(1 / (Fraction(rate) * _tb(stream))))


def _check_starts(first: int, end: int, job: _Job) -> None:
    if first >= end:  # a recording that starts mid-GOP has nothing to show before a keyframe
        raise InvalidInput(f"{job.name} has no picture to show in that span; start it later.")


def _audio_of(inp: av.container.InputContainer) -> av.audio.stream.AudioStream | None:
    audio = inp.streams.audio[0] if inp.streams.audio else None
    return audio if audio is not None and audio.codec_context is not None else None


# --- stream copy ---------------------------------------------------------------------------


def _copy(
    inp: av.container.InputContainer, video: Video, start: int, end: int, buf: io.BytesIO, job: _Job
) -> tuple[int, int, str]:
    """Copy the clip; return its first and end ticks and the method."""
    audio = _audio_of(inp)
    head, rest = _find_head(inp, video, audio, start, job.name)
    shown = [p.pts for p in head if p.stream is video and p.pts is not None]
    first = max((pts for pts in shown if pts <= start), default=shown[0])
    _check_starts(first, end, job)
    with av.open(buf, "w", format="mp4", options=_MP4_OPTIONS) as output:
        ovideo = output.add_stream_from_template(video)  # keeps the display matrix
        if video.codec_context.name == "hevc":
            ovideo.codec_context.codec_tag = "hvc1"  # what Apple players require
        sound = None
        if audio is not None:
            window = (float(first * _tb(video)), float(end * _tb(video)) + 0.1)
            sound = ClipAudio(output, audio, window, audio.codec_context.name in COPY_AUDIO)
        packets = itertools.chain(head, rest)
        last = _copy_packets(output, video, ovideo, sound, packets, first, end, job)
    return first, last, METHOD_COPY if sound is None or sound.copy else METHOD_COPY_AUDIO


def _find_head(
    inp: av.container.InputContainer,
    video: Video,
    audio: av.audio.stream.AudioStream | None,
    start: int,
    name: str,
) -> tuple[list[Packet], Iterator[Packet]]:
    """Packets from the last keyframe at or before `start` until no later frame can be.

    Returns them and the demuxer to go on reading from. Seeks further back while the seek
    lands after the frame (B-frame delay in MP4 indexes, byte-based seeks in MPEG-TS).
    At the very start of a file that begins mid-GOP the first keyframe stands in.
    """
    back = round(Fraction(1, 10) / _tb(video))  # a little early, so audio pre-roll is there
    streams = [s for s in (video, audio) if s is not None]
    while True:
        at_start = seek_before(inp, video, start - back)
        packets: Iterator[Packet] = inp.demux(streams)
        head: list[Packet] = []
        found = False
        for packet in packets:
            if packet.stream is not video:
                head.append(packet)  # audio: `ClipAudio` drops what is too early
                continue
            if packet.pts is None:
                if packet.size:
                    raise _CopyFailed
                break  # end of stream
            if packet.is_keyframe and (packet.pts <= start or (at_start and not found)):
                found = True
                head = [p for p in head if p.stream is not video]  # restart at this keyframe
            elif not found:
                if packet.is_keyframe:
                    break  # landed after the chosen frame
                continue
            head.append(packet)
            if (packet.dts if packet.dts is not None else packet.pts) > start:
                return head, packets
        if found:
            return head, packets  # the file ended inside the head
        if at_start:
            raise CorruptMedia(f"{name} is damaged: no keyframe was found before the clip.")
        back *= 4


def _copy_packets(
    output: av.container.OutputContainer,
    video: Video,
    ovideo: Video,
    sound: ClipAudio | None,
    packets: Iterable[Packet],
    first: int,
    end: int,
    job: _Job,
) -> int:
    """Copy video shifted so `first` is at 0, and feed audio; return the clip's end tick.

    Packets of frames shown at or after `end` are held back, and written only if a frame
    shown before `end` follows them in decoding order (it needs them as a reference).
    """
    held: list[Packet] = []
    last, last_duration = first, 0
    video_done = False
    for count, packet in enumerate(packets):
        if count % _CHECK_EVERY == 0:
            job.check()
        if packet.stream is not video:
            if sound is not None:
                sound.feed(packet)
        elif packet.size == 0:
            video_done = True
        elif not video_done:
            if packet.pts is None:
                raise _CopyFailed
            pts, dts = packet.pts, packet.dts if packet.dts is not None else packet.pts
            duration = packet.duration or 0
            held.append(packet)
            if pts < end:
                for waiting in held:
                    assert waiting.pts is not None
                    waiting_dts = waiting.dts if waiting.dts is not None else waiting.pts
                    waiting.pts, waiting.dts = waiting.pts - first, waiting_dts - first
                    waiting.stream = ovideo
                    output.mux_one(waiting)
                held.clear()
                if pts >= last:
                    last, last_duration = pts, duration
                job.report(0.95 * min(1.0, (last - first) / max(1, end - first)))
            video_done = dts >= end
        if video_done and (sound is None or sound.done):
            break
    if sound is not None:
        sound.close()
    return last + (last_duration or _frame_ticks(video))


def _reencode(
    inp: av.container.InputContainer, video: Video, start: int, end: int, buf: io.BytesIO, job: _Job
) -> tuple[int, int, str]:
    """Decode the clip's frames and encode them to H.264, then its audio to AAC."""
    video.thread_type = "AUTO"
    frames = decode_from(inp, video, start)
    chosen = next(frames, None)
    if chosen is None or chosen.pts is None:
        raise InvalidInput(f"{job.name} ends before the clip would start; no clip was made.")
    first = last = chosen.pts
    _check_starts(first, end, job)
    with av.open(buf, "w", format="mp4", options=_MP4_OPTIONS) as output:
        options = {"preset": "veryfast", "crf": "18"}
        encoder = output.add_stream("libx264", rate=video.average_rate or 25, options=options)
        encoder.codec_context.time_base = _tb(video)
        encoder.width, encoder.height = chosen.width // 2 * 2, chosen.height // 2 * 2
        encoder.pix_fmt = "yuv420p"
        if chosen.rotation:
            encoder.set_display_rotation(chosen.rotation)
        audio = _audio_of(inp)
        sound = None
        if audio is not None:
            window = (float(first * _tb(video)), float(end * _tb(video)) + 0.1)
            sound = ClipAudio(output, audio, window, copy=False)
        packets: list[Packet] = []
        for count, frame in enumerate(itertools.chain([chosen], frames)):
            if count % _CHECK_EVERY == 0:
                job.check()
            if frame.pts is None or frame.pts >= end:
                break
            last = frame.pts
            frame.pts, frame.time_base = frame.pts - first, _tb(video)
            packets.extend(encoder.encode(frame))
            job.report(0.9 * (last - first) / max(1, end - first))
        packets.extend(encoder.encode(None))
        if sound is not None:
            packets.extend(_reencode_audio(inp, sound, job))
        packets.sort(key=lambda p: float((p.dts or 0) * p.time_base))
        for packet in packets:
            output.mux_one(packet)
    return first, last + _frame_ticks(video), METHOD_REENCODE


def _reencode_audio(inp: av.container.InputContainer, sound: ClipAudio, job: _Job) -> list[Packet]:
    """A second pass over the source for the clip's audio, encoded to AAC."""
    encoded: list[Packet] = []
    sound.mux = encoded.append
    source = inp.streams.audio[0]
    tb = source.time_base or Fraction(1, source.rate)
    inp.seek(round(Fraction(max(0.0, sound.start - 1)) / tb), stream=source)
    for count, packet in enumerate(inp.demux(source)):
        if count % _CHECK_EVERY == 0:
            job.check()
        sound.feed(packet)
        if sound.done:
            break
    sound.close()
    return encoded
