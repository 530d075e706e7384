"""Frame-exact clips by smart cut: the chosen frames, and nothing before or after them.

A clip starts on the frame on screen at `start_s` (the last frame whose presentation time
is <= start_s) and holds every frame shown before `end_s`, and the file holds no other
picture: a reader that ignores MP4 edit lists (forensic tools, plain exports) sees exactly
the same frames as a player. For H.264 and HEVC (`smart_cut`) the frames up to the next
keyframe are re-encoded in the source's codec and the rest is copied packet for packet;
B-frames at the end that depend on a frame past the end are re-encoded too. Every other
codec, and a source the splice cannot match, is re-encoded to H.264 for the span, as
`method` says. Every audio track is kept, cut to
the span: AAC copied (one packet of pre-roll, which an edit list may hide), others
re-encoded to AAC.

The MP4 is built in memory and written to `out` in one go at the end, so `out` may be
non-seekable. Runs on a worker thread; raises Cancelled, CorruptMedia, UnsupportedMedia
and InvalidInput, each naming the file.
"""

from __future__ import annotations

import io
import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import BinaryIO, TypeAlias

import av
import av.audio.stream
import av.container
import av.error
import av.video.stream

from vigdesk.core.errors import Cancelled, InvalidInput
from vigdesk.media import smart_cut, splice
from vigdesk.media.clip_audio import ClipAudio, Packet
from vigdesk.media.frames import decode_from
from vigdesk.media.mp4_edit import limit_duration
from vigdesk.media.probe import open_media, origin, video_stream
from vigdesk.media.source import MediaSource

COPY_AUDIO = frozenset({"aac"})
METHOD_COPY = "stream copy from a keyframe"
METHOD_SMART = "smart cut: re-encoded to the next keyframe, then stream copy"
METHOD_REENCODE = "re-encoded to H.264 + AAC"
_MP4_OPTIONS = {"use_editlist": "1"}  # only ever to prime audio or offset decoding times
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
    sink: Callable[[float], None]
    cancelled: Callable[[], bool]
    reported: float = 0.0

    def report(self, fraction: float) -> None:
        """Progress never goes back, even when a smart cut falls back to re-encoding."""
        if fraction > self.reported:
            self.reported = fraction
            self.sink(fraction)

    def check(self) -> None:
        if self.cancelled():
            raise Cancelled(f"Cutting a clip from {self.name} was cancelled; nothing was saved.")

    def every(self, count: int) -> None:
        if count % _CHECK_EVERY == 0:
            self.check()

    def along(self, span: tuple[int, int], share: float) -> Callable[[int, int | None], None]:
        """A packet callback: checks for cancel, reports `share` of progress over `span`."""
        start, end = span
        done = 0.0

        def step(count: int, pts: int | None) -> None:
            nonlocal done
            self.every(count)
            if pts is not None and count % _CHECK_EVERY == 0:
                done = max(done, share * min(1.0, max(0, pts - start) / max(1, end - start)))
                self.report(done)

        return step


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
        try:
            span = _smart(inp, video, start, end, buf, job)
        except (splice.Unsafe, av.error.FFmpegError, ValueError):
            span = None
        except smart_cut.NoPicture:
            _no_picture(name)
        if span is None:
            buf = io.BytesIO()
            span = _reencode(inp, video, start, end, buf, job)
    first, last, reencoded, method = span
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
        reencoded_s=float(reencoded * tb),
        method=method,
    )


def _tb(stream: Video) -> Fraction:
    return stream.time_base or Fraction(1, 90000)


def _no_picture(name: str) -> None:
    raise InvalidInput(f"{name} has no picture to show in that span; start it later.")


def _audio_of(inp: av.container.InputContainer) -> list[av.audio.stream.AudioStream]:
    return [a for a in inp.streams.audio if a.codec_context is not None]


# --- smart cut -----------------------------------------------------------------------------


def _smart(
    inp: av.container.InputContainer, video: Video, start: int, end: int, buf: io.BytesIO, job: _Job
) -> tuple[int, int, int, str] | None:
    """Cut H.264 or HEVC by smart cut; return first and end ticks, ticks re-encoded, method."""
    if video.codec_context.name not in ("h264", "hevc"):
        return None
    cut = smart_cut.cut_video(inp, video, start, end, job.along((start, end), 0.8))
    job.report(0.8)
    with av.open(buf, "w", format="mp4", options=_MP4_OPTIONS) as output:
        ovideo = output.add_stream_from_template(video)  # keeps the display matrix
        ovideo.codec_context.extradata = cut.extradata
        packets = list(cut.packets)
        for packet in packets:
            packet.stream = ovideo
        window = (float(cut.first * _tb(video)), float(cut.end * _tb(video)))
        packets += _cut_audio(inp, output, window, job, copy=True)
        _mux_in_order(output, packets)
    method = METHOD_SMART if cut.reencoded else METHOD_COPY
    method = METHOD_REENCODE if cut.copied == 0 else method
    return cut.first, cut.end, cut.reencoded, method


def _cut_audio(
    inp: av.container.InputContainer,
    output: av.container.OutputContainer,
    window: tuple[float, float],
    job: _Job,
    copy: bool,
) -> list[Packet]:
    """Every audio track of [window) in one pass over the source: AAC copied if `copy`."""
    sources = _audio_of(inp)
    if not sources:
        return []
    encoded: list[Packet] = []
    tracks = {}
    for source in sources:
        track = ClipAudio(output, source, window, copy and source.codec_context.name in COPY_AUDIO)
        track.mux = encoded.append
        tracks[source.index] = track
    lead = sources[0]
    tb = lead.time_base or Fraction(1, lead.rate)
    inp.seek(round(Fraction(max(0.0, window[0] - 1)) / tb), stream=lead)
    for count, packet in enumerate(inp.demux(sources)):
        job.every(count)
        tracks[packet.stream.index].feed(packet)
        if all(t.done for t in tracks.values()):
            break
    for track in tracks.values():
        track.close()
    return encoded


def _mux_in_order(output: av.container.OutputContainer, packets: list[Packet]) -> None:
    def when(packet: Packet) -> Fraction:
        dts = packet.dts if packet.dts is not None else packet.pts or 0
        return Fraction(dts) * (packet.time_base or Fraction(1))

    for packet in sorted(packets, key=when):
        output.mux_one(packet)


# --- re-encoding fallback ------------------------------------------------------------------


def _reencode(
    inp: av.container.InputContainer, video: Video, start: int, end: int, buf: io.BytesIO, job: _Job
) -> tuple[int, int, int, str]:
    """Decode the clip's frames and encode them to H.264, then its audio to AAC."""
    if not video.codec_context.is_open:  # after a smart cut gave up, it is open already
        video.thread_type = "AUTO"
    frames = decode_from(inp, video, start)
    chosen = next(frames, None)
    if chosen is None or chosen.pts is None:
        raise InvalidInput(f"{job.name} ends before the clip would start; no clip was made.")
    first = last = chosen.pts
    if first >= end:  # a recording that starts mid-GOP has nothing to show before a keyframe
        _no_picture(job.name)
    following: int | None = None  # when the first frame after the clip is shown
    step = _frame_ticks(video)
    with av.open(buf, "w", format="mp4", options=_MP4_OPTIONS) as output:
        options = {"preset": "veryfast", "crf": "18"}
        encoder = output.add_stream("libx264", rate=video.average_rate or 25, options=options)
        encoder.codec_context.time_base = _tb(video)
        encoder.width, encoder.height = chosen.width // 2 * 2, chosen.height // 2 * 2
        encoder.pix_fmt = "yuv420p"
        if chosen.rotation:
            encoder.set_display_rotation(chosen.rotation)
        packets: list[Packet] = []
        for count, frame in enumerate(itertools.chain([chosen], frames)):
            job.every(count)
            if frame.pts is None or frame.pts >= end:
                following = frame.pts
                break
            step = frame.pts - last if frame.pts > last else step
            last = frame.pts
            frame.pts, frame.time_base = frame.pts - first, _tb(video)
            packets.extend(encoder.encode(frame))
            job.report(0.9 * (last - first) / max(1, end - first))
        packets.extend(encoder.encode(None))
        until = following if following is not None else last + step
        window = (float(first * _tb(video)), float(until * _tb(video)))
        packets += _cut_audio(inp, output, window, job, copy=False)
        _mux_in_order(output, packets)
    return first, until, until - first, METHOD_REENCODE


def _frame_ticks(stream: Video) -> int:
    rate = stream.average_rate or stream.guessed_rate or Fraction(25)
    return max(1, round(1 / (Fraction(rate) * _tb(stream))))
