"""Exact frames, stills and thumbnails from a video file object, all in memory.

`t_s` is seconds from the first video frame; the frame "at" t_s is the one on screen then:
the last frame whose presentation time is <= t_s (the same frame `trim.cut_clip` starts
on). Pictures come back upright: the stored rotation is applied. Runs on worker threads;
raises CorruptMedia / UnsupportedMedia naming the file, InvalidInput for a time past the end.
"""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction

import av
import av.container
import av.video.stream
import cv2
import numpy as np
import numpy.typing as npt

from vigdesk.core.errors import CorruptMedia, InvalidInput, MediaError
from vigdesk.media.probe import length, open_media, origin, seek_before, video_stream
from vigdesk.media.source import MediaSource

Image = npt.NDArray[np.uint8]
_ROTATE = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}


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


def _upright(frame: av.VideoFrame) -> Image:
    rgb = np.asarray(frame.to_ndarray(format="rgb24"), dtype=np.uint8)
    rotation = (-round(frame.rotation / 90) * 90) % 360
    return np.ascontiguousarray(cv2.rotate(rgb, _ROTATE[rotation])) if rotation else rgb


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
        return _upright(frame)


def _encode(image: Image, ext: str, name: str, params: list[int] | None = None) -> bytes:
    ok, data = cv2.imencode(ext, cv2.cvtColor(image, cv2.COLOR_RGB2BGR), params or [])
    if not ok:
        raise MediaError(f"A picture from {name} could not be encoded as {ext[1:].upper()}.")
    return bytes(data)


def _shrink(image: Image, max_side: int) -> Image:
    height, width = image.shape[:2]
    scale = max_side / max(height, width)
    if scale >= 1:
        return image
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    return np.asarray(cv2.resize(image, size, interpolation=cv2.INTER_AREA), dtype=np.uint8)


def still_png(src: MediaSource, name: str, t_s: float) -> bytes:
    """The exact frame at `t_s` as a lossless PNG."""
    return _encode(frame_at(src, name, t_s), ".png", name)


def thumbnail_jpeg(src: MediaSource, name: str, t_s: float, max_side: int = 160) -> bytes:
    """The frame at `t_s`, scaled to fit `max_side`, as a JPEG."""
    image = _shrink(frame_at(src, name, t_s), max_side)
    return _encode(image, ".jpg", name, [cv2.IMWRITE_JPEG_QUALITY, 80])


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
            image = _upright(frame)
            width = max(1, round(image.shape[1] * height / image.shape[0]))
            small = np.asarray(
                cv2.resize(image, (width, height), interpolation=cv2.INTER_AREA), np.uint8
            )
            strip.append((seconds, _encode(small, ".jpg", name, [cv2.IMWRITE_JPEG_QUALITY, 75])))
    if not strip:
        raise CorruptMedia(f"{name} is damaged: no keyframe could be decoded for thumbnails.")
    return strip
