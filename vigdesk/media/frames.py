"""Exact frames, stills and thumbnails from a video file object, all in memory.

`t_s` is seconds from the first video frame; the frame "at" t_s is the one on screen then:
the last frame whose presentation time is <= t_s (the same frame `trim.cut_clip` starts
on). Pictures come back upright: the stored rotation is applied. Runs on worker threads;
raises CorruptMedia / UnsupportedMedia naming the file, InvalidInput for a time past the end.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator
from fractions import Fraction

import av
import av.container
import av.video.stream
import numpy as np
import numpy.typing as npt
from PIL import Image as PILImage

from vigdesk.core.errors import CorruptMedia, InvalidInput, MediaError
from vigdesk.media.probe import length, open_media, origin, seek_before, video_stream
from vigdesk.media.source import MediaSource

Image = npt.NDArray[np.uint8]
_TURNS = {90: 3, 180: 2, 270: 1}  # clockwise degrees -> np.rot90's counter-clockwise turns
PNG_ZLIB = {"compress_level": 1, "compress_type": zlib.Z_RLE}  # OpenCV's: fast, lossless


def decode_from(
    inp: av.container.InputContainer, video: av.video.stream.VideoStream, tick: int
) -> Iterator[av.VideoFrame]:
    """Decoded frames in presentation order, from the one on screen at `tick` onwards.

    Seeks to the keyframe before, further back if the seek lands late (B-frame delay in an
    MP4 index, byte-based seeking in MPEG-TS/PS) and skips pictures the decoder could only
    conceal. Yields nothing if the video ends before `tick`.
    """
    tb = video.time_base or Fraction(1, 90000)
    back = 0
    while True:
        at_start = seek_before(inp, video, tick - back)
        frames = (f for f in inp.decode(video) if f.pts is not None)
        previous: av.VideoFrame | None = None
        for frame in frames:
            assert frame.pts is not None
            if frame.is_corrupt:
                continue  # concealed: its references were before the seek point
            if frame.pts <= tick:
                previous = frame
                continue
            if previous is None and not at_start:
                break  # landed after the frame: seek further back
            if previous is not None:
                yield previous
            yield frame
            yield from frames
            return
        else:
            if previous is not None or at_start:
                if previous is not None:
                    yield previous
                return
        back = max(4 * back, round(1 / tb))


def turn(image: Image, clockwise: int) -> Image:
    """`image` turned `clockwise` degrees (0, 90, 180 or 270), as a contiguous array."""
    if not clockwise % 360:
        return image
    return np.ascontiguousarray(np.rot90(image, _TURNS[clockwise % 360]))


def upright(frame: av.VideoFrame, height: int | None = None) -> Image:
    """The frame as an upright RGB picture, scaled to `height` rows (keeping its shape) if
    given: swscale scales and converts in one pass, before the turn."""
    clockwise = (-round(frame.rotation / 90) * 90) % 360
    if height is not None:
        sideways = clockwise in (90, 270)
        tall, wide = (frame.width, frame.height) if sideways else (frame.height, frame.width)
        width = max(1, round(wide * height / tall))
        size = (height, width) if sideways else (width, height)
        frame = frame.reformat(*size, format="rgb24", interpolation="AREA")
    rgb = np.asarray(frame.to_ndarray(format="rgb24"), dtype=np.uint8)
    return turn(rgb, clockwise)


def frame_at(src: MediaSource, name: str, t_s: float) -> Image:
    """The upright RGB picture (height x width x 3, uint8) on screen at `t_s`."""
    with open_media(src, name) as inp:
        video = video_stream(inp, name)
        tb = video.time_base or Fraction(1, 90000)
        tick = origin(video) + round(Fraction(max(0.0, t_s)) / tb)
        seconds = length(inp, video)
        frame = next(decode_from(inp, video, tick), None) if t_s < seconds or not seconds else None
        if frame is None:
            raise InvalidInput(f"{name} has no picture at {t_s:.2f} s: it ends before that.")
        return upright(frame)


def png(image: Image, name: str) -> bytes:
    """`image` (RGB) as a lossless PNG with no metadata. Raises MediaError naming `name`."""
    return _encode(image, name, "PNG", **PNG_ZLIB)


def jpeg(image: Image, name: str, quality: int) -> bytes:
    """`image` (RGB) as a baseline JPEG. Raises MediaError naming `name`."""
    return _encode(image, name, "JPEG", quality=quality)


def _encode(image: Image, name: str, kind: str, **options: int) -> bytes:
    out = io.BytesIO()
    try:
        PILImage.fromarray(np.ascontiguousarray(image, np.uint8)).save(out, kind, **options)
    except (OSError, ValueError) as exc:
        raise MediaError(f"A picture from {name} could not be encoded as {kind}.") from exc
    return out.getvalue()


def _shrink(image: Image, max_side: int) -> Image:
    height, width = image.shape[:2]
    scale = max_side / max(height, width)
    if scale >= 1:
        return image
    frame = av.VideoFrame.from_ndarray(image, format="rgb24")
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    return np.asarray(frame.reformat(*size, interpolation="AREA").to_ndarray(), np.uint8)


def still_png(src: MediaSource, name: str, t_s: float) -> bytes:
    """The exact frame at `t_s` as a lossless PNG."""
    return png(frame_at(src, name, t_s), name)


def thumbnail_jpeg(src: MediaSource, name: str, t_s: float, max_side: int = 160) -> bytes:
    """The frame at `t_s`, scaled to fit `max_side`, as a JPEG."""
    return jpeg(_shrink(frame_at(src, name, t_s), max_side), name, 80)


def thumbnail_strip(
    src: MediaSource, name: str, count: int, height: int
) -> list[tuple[float, bytes]]:
    """`count` JPEG thumbnails `height` pixels high spread along the video, for a timeline.

    Fast and approximate: each is the keyframe nearest before an evenly spaced time, and
    only keyframes are decoded. Returns (time of the picture, JPEG) pairs in time order.
    """
    if count < 1 or height < 1:
        return []
    strip: list[tuple[float, bytes]] = []
    with open_media(src, name) as inp:
        video = video_stream(inp, name)
        tb = video.time_base or Fraction(1, 90000)
        t0 = origin(video)
        length = video.duration or round(Fraction(inp.duration or 0, 1_000_000) / tb)
        video.codec_context.skip_frame = "NONKEY"
        for index in range(count):
            tick = t0 + round(length * (index + 0.5) / count)
            inp.seek(tick, stream=video, backward=True)
            frame = next((f for f in inp.decode(video) if f.pts is not None), None)
            if frame is None or frame.pts is None:
                continue
            seconds = float((frame.pts - t0) * tb)
            if strip and seconds <= strip[-1][0]:
                continue  # same keyframe as the previous slot
            strip.append((seconds, jpeg(upright(frame, height), name, 75)))
    if not strip:
        raise CorruptMedia(f"{name} is damaged: no keyframe could be decoded for thumbnails.")
    return strip
