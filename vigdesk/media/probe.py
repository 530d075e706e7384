"""What a video is: container, codecs, size, rotation, rate and length, checked by decoding.

Everything here reads from a seekable binary file object (in production a decrypting
reader), never from a plaintext path. Times across `vigdesk.media` are seconds from the
first video frame, whatever the container's own clock starts at. Runs on any worker thread.
An error the reader raises (say IntegrityError from a decrypting reader) passes unchanged.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from fractions import Fraction

import av
import av.container
import av.error
import av.video.stream

from vigdesk.core import messages
from vigdesk.core.errors import CorruptMedia, UnsupportedMedia
from vigdesk.media.source import MediaSource

# The first bytes each accepted container starts with, to tell "damaged" from "not a video".
_SIGNATURES: tuple[tuple[int, bytes, str, str], ...] = (
    (4, b"ftyp", "MP4/MOV", "its index (moov atom) is missing or unreadable"),
    (4, b"mdat", "MP4/MOV", "its index (moov atom) is missing or unreadable"),
    (4, b"moov", "MP4/MOV", "its index (moov atom) is unreadable"),
    (0, b"\x1a\x45\xdf\xa3", "WebM", "its header cannot be read"),
    (0, b"\x00\x00\x01\xba", "MPEG-PS", "no picture could be found in it"),
)
_BYTE_REWIND = frozenset({"mpeg", "mpegts", "mpegvideo"})  # their time seeks can land late
# Demuxers for what cameras, phones and tablets record (DESIGN §5). PyAV guesses the
# format from the content and the file's name, so a .txt note can open as "tty" video.
_FOOTAGE_CONTAINERS = frozenset(
    {"mov,mp4,m4a,3gp,3g2,mj2", "mpegts", "mpeg", "mpegvideo", "matroska,webm", "avi"}
)
# Codecs that also hold single pictures: one frame of these is a photo, not footage.
_PICTURE_CODECS = frozenset(
    {
        "mjpeg",
        "png",
        "apng",
        "bmp",
        "webp",
        "gif",
        "tiff",
        "jpeg2000",
        "jpegls",
        "jpegxl",
        "qoi",
        "ppm",
        "pgm",
        "pbm",
        "pam",
        "targa",
        "sgi",
        "photocd",
        "exr",
        "hdr",
    }
)
_DECODE_LIMIT = 400  # packets read looking for the first picture before giving up


@dataclass(frozen=True)
class MediaInfo:
    """Facts about one video. `width`/`height` are as stored; `rotation` is the clockwise
    turn (0/90/180/270) a player applies to show it upright, from the display matrix."""

    container: str
    duration_s: float
    video_codec: str
    width: int
    height: int
    rotation: int
    fps: Fraction
    frame_count: int
    audio_codec: str | None
    audio_rate: int | None
    recorded_at: datetime | None
    bit_rate: int

    @property
    def display_size(self) -> tuple[int, int]:
        """Width and height as shown, after rotation."""
        if self.rotation in (90, 270):
            return self.height, self.width
        return self.width, self.height


def _sniff(f: MediaSource) -> tuple[str, str] | None:
    """(kind, what is wrong) if the file starts like a container we accept, else None."""
    f.seek(0)
    head = f.read(1024)
    f.seek(0)
    for offset, magic, kind, problem in _SIGNATURES:
        if head[offset : offset + len(magic)] == magic:
            return kind, problem
    if len(head) > 188 and head[0] == 0x47 and head[188] == 0x47:
        return "MPEG-TS", "no picture could be found in it"
    if len(head) > 196 and head[4] == 0x47 and head[196] == 0x47:  # M2TS: 4-byte timecode
        return "M2TS", "no picture could be found in it"
    return None


@contextmanager
def open_media(f: MediaSource, name: str) -> Iterator[av.container.InputContainer]:
    """Open `f` for demuxing; raise UnsupportedMedia / CorruptMedia naming `name`.

    PyAV errors raised inside the block become CorruptMedia too.
    """
    if f.seek(0, 2) == 0:  # a real empty file makes FFmpeg fail with a bare EINVAL
        raise CorruptMedia(messages.media_empty(name))
    f.seek(0)
    try:
        container = av.open(f, "r")
    except (av.error.FFmpegError, EOFError) as exc:
        f.seek(0)
        if not f.read(1):
            raise CorruptMedia(messages.media_empty(name)) from exc
        sniffed = _sniff(f)
        if sniffed:
            kind, problem = sniffed
            raise CorruptMedia(messages.media_damaged_because(name, problem, kind)) from exc
        raise UnsupportedMedia(messages.media_not_readable(name)) from exc
    try:
        yield container
    except av.error.FFmpegError as exc:
        raise CorruptMedia(messages.media_read_failed(name, exc.strerror or str(exc))) from exc
    finally:
        container.close()


def video_stream(container: av.container.InputContainer, name: str) -> av.video.stream.VideoStream:
    """The first video stream, or UnsupportedMedia if there is none or it cannot be decoded."""
    if not container.streams.video:
        kind = "an audio-only file" if container.streams.audio else "not a video"
        raise UnsupportedMedia(messages.media_no_picture(name, kind))
    stream = container.streams.video[0]
    if stream.codec_context is None:
        raise UnsupportedMedia(messages.media_codec_unknown(name))
    return stream


def origin(stream: av.video.stream.VideoStream) -> int:
    """The stream tick that media time 0 (the first frame) corresponds to."""
    return stream.start_time if stream.start_time is not None else 0


def seek_before(
    container: av.container.InputContainer, stream: av.video.stream.VideoStream, tick: int
) -> bool:
    """Seek to the keyframe at or before `tick`; return True if that meant the very start.

    At or before the first frame it rewinds to byte 0 where the format allows, because
    timestamp seeks in MPEG-PS/TS can land seconds late.
    """
    if tick > origin(stream):
        container.seek(tick, stream=stream, backward=True)
        return False
    if container.format.name in _BYTE_REWIND:
        container.seek(0, unsupported_byte_offset=True)
    else:  # MP4 and WebM seek exactly by time (a byte seek in WebM skips a cluster)
        container.seek(origin(stream), stream=stream, backward=True)
    return True


def length(container: av.container.InputContainer, stream: av.video.stream.VideoStream) -> float:
    """Seconds of video, from the stream or else the container; 0.0 if neither knows."""
    if stream.duration and stream.time_base:
        return float(stream.duration * stream.time_base)
    return container.duration / 1_000_000 if container.duration else 0.0


def frame_rate(stream: av.video.stream.VideoStream) -> Fraction:
    """The nominal frame rate (average for variable-rate phone video); 25 if unknown."""
    rate = stream.average_rate or stream.guessed_rate or stream.base_rate
    return Fraction(rate) if rate else Fraction(25)


# Where cameras and phones write when they recorded, best first: an iPhone's local time
# with its offset, then the UTC time of MP4/MOV (`creation_time`, also Matroska's date).
_RECORDED_KEYS = ("com.apple.quicktime.creationdate", "creation_time", "date")
_CLOCK_NEVER_SET = 1995  # 1904 (QuickTime's zero) or 1970 (Unix's): the clock was never set


def _recorded_at(*tags: dict[str, str]) -> datetime | None:
    """The recording time from the container's or the stream's tags; naive times are UTC
    (as MP4 defines creation_time); None if absent, unreadable or a clock never set."""
    for key in _RECORDED_KEYS:
        for tag in tags:
            value = tag.get(key, "").strip()
            try:
                when = datetime.fromisoformat(value.replace("Z", "+00:00"))
            except ValueError:
                continue
            if when.year < _CLOCK_NEVER_SET:
                continue
            return when if when.tzinfo else when.replace(tzinfo=UTC)
    return None


def file_extension(f: MediaSource) -> str:
    """The usual file extension (".mp4", ".mov", ".ts", ...) of the container in `f`,
    read from its first bytes; ".mp4" (what vigdesk's own clips are) if unrecognised."""
    f.seek(0)
    head = f.read(4096)
    f.seek(0)
    if head[4:8] == b"ftyp":
        return ".mov" if head[8:12] == b"qt  " else ".mp4"
    if head[4:8] in (b"moov", b"mdat", b"wide", b"free"):
        return ".mov"  # QuickTime from before the ftyp box
    if head[:4] == b"\x1a\x45\xdf\xa3":
        return ".webm" if b"\x42\x82\x84webm" in head[:64] else ".mkv"
    if head[:4] == b"\x00\x00\x01\xba":
        return ".mpg"
    if head[:4] == b"RIFF" and head[8:12] == b"AVI ":
        return ".avi"
    if len(head) > 188 and head[0] == 0x47 and head[188] == 0x47:
        return ".ts"
    if len(head) > 196 and head[4] == 0x47 and head[196] == 0x47:
        return ".mts"  # M2TS, as AVCHD camcorders name it
    return ".mp4"


def _check_complete(f: MediaSource, stream: av.video.stream.VideoStream, name: str) -> None:
    """Catch files cut short whose index (MP4 sample table, WebM cues) points past the end."""
    entries = stream.index_entries
    if len(entries) == 0:
        return
    last = entries[len(entries) - 1]
    here = f.tell()  # PyAV reads on from where it left the file object
    end = f.seek(0, 2)
    f.seek(here)
    if last.pos >= 0 and last.pos + last.size > end:
        raise CorruptMedia(messages.media_truncated(name))


def probe(f: MediaSource, name: str) -> MediaInfo:
    """Describe the video in `f`, decoding its first picture to prove it is readable.

    Raises UnsupportedMedia (not a video, no video stream, unknown codec) or CorruptMedia
    (truncated or damaged), each naming `name`.
    """
    with open_media(f, name) as container:
        still = UnsupportedMedia(f"{name} is a still image, not video.")
        if _is_image_demuxer(container.format.name):
            raise still
        stream = video_stream(container, name)
        _check_complete(f, stream, name)
        rotation, moving = _first_picture(container, stream, name)
        if stream.codec_context.name in _PICTURE_CODECS and not moving:
            raise still
        if container.format.name not in _FOOTAGE_CONTAINERS:
            raise UnsupportedMedia(messages.media_not_readable(name))
        duration = length(container, stream)
        fps = frame_rate(stream)
        audio = container.streams.audio[0] if container.streams.audio else None
        return MediaInfo(
            container=container.format.name,
            duration_s=duration,
            video_codec=stream.codec_context.name,
            width=stream.codec_context.width,
            height=stream.codec_context.height,
            rotation=rotation,
            fps=fps,
            frame_count=stream.frames or round(duration * fps),
            audio_codec=audio.codec_context.name if audio and audio.codec_context else None,
            audio_rate=audio.rate if audio else None,
            recorded_at=_recorded_at(dict(container.metadata), dict(stream.metadata)),
            bit_rate=container.bit_rate or 0,
        )


def _is_image_demuxer(format_name: str) -> bool:
    """FFmpeg's readers for picture files: image2, image2pipe, jpeg_pipe, png_pipe, ..."""
    return format_name.startswith("image2") or format_name.endswith("_pipe")


def _first_picture(
    container: av.container.InputContainer, stream: av.video.stream.VideoStream, name: str
) -> tuple[int, bool]:
    """Decode the first picture; return its clockwise display rotation, and whether the
    stream holds more than one picture (reading at most one packet past the first)."""
    rotation: int | None = None
    pictures = 0
    try:
        for count, packet in enumerate(container.demux(stream)):
            if packet.size:
                pictures += 1
            if rotation is None:
                for frame in packet.decode():
                    if not frame.is_corrupt:  # concealed: cut short, or before the first key
                        rotation = (-round(frame.rotation / 90) * 90) % 360
                        break
            if rotation is not None and pictures > 1:
                return rotation, True
            if rotation is None and count > _DECODE_LIMIT:
                break
    except av.error.FFmpegError as exc:
        raise CorruptMedia(messages.media_first_picture_broken(name)) from exc
    if rotation is not None:
        return rotation, pictures > 1
    raise CorruptMedia(messages.media_no_decodable_picture(name))
