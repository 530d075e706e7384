"""Synthetic test videos whose every frame says which frame it is.

Used by the test-suite and by the app's demo vault, so it lives in the package. Each frame
shows its number in large digits, a colour that changes every frame and a 16-cell binary
stamp along the top edge; `read_stamp` recovers the frame number from a decoded RGB image,
which is how tests prove that a clip or still starts on the exact frame. Audio is a sine
tone with a short click at every whole second. Runs on any thread; raises `ValueError` for
a container or codec this FFmpeg build cannot write.
"""

from __future__ import annotations

import colorsys
import math
from datetime import datetime
from fractions import Fraction
from pathlib import Path
from typing import BinaryIO

import av
import av.audio.stream
import av.container
import av.video.stream
import numpy as np
import numpy.typing as npt
from PIL import Image as PILImage

from vigdesk.media import text

STAMP_BITS = 16
STAMP_ROWS = 16  # height of the stamp strip, in pixels of the displayed picture

# container -> (default video codec, default audio codec)
CONTAINER_DEFAULTS: dict[str, tuple[str, str]] = {
    "mp4": ("h264", "aac"),
    "mov": ("hevc", "aac"),
    "mpegts": ("h264", "aac"),
    "m2ts": ("h264", "ac3"),  # AVCHD camcorders: 192-byte packets, Dolby Digital audio
    "mpeg": ("mpeg2video", "mp2"),
    "webm": ("vp9", "opus"),
    "matroska": ("h264", "aac"),
}
_ENCODERS = {
    "h264": "libx264",
    "hevc": "libx265",
    "vp9": "libvpx-vp9",
    "vp8": "libvpx",
    "opus": "libopus",
}
_VIDEO_OPTIONS: dict[str, dict[str, str]] = {
    "libx264": {"preset": "ultrafast"},
    "libx265": {"preset": "ultrafast", "x265-params": "log-level=error"},
    "libvpx-vp9": {"deadline": "realtime", "cpu-used": "8", "lag-in-frames": "0"},
    "libvpx": {"deadline": "realtime", "cpu-used": "8", "lag-in-frames": "0"},
}
_AUDIO_RATE = {"opus": 48000, "mp2": 48000, "vorbis": 48000}

Image = npt.NDArray[np.uint8]


def frame_image(number: int, width: int, height: int, label: str = "") -> Image:
    """The upright RGB picture for frame `number` (as it should be displayed)."""
    hue = (number * 47) % 180 / 180
    img: Image = np.empty((height, width, 3), dtype=np.uint8)
    img[:] = [round(v * 255) for v in colorsys.hsv_to_rgb(hue, 160 / 255, 200 / 255)]
    # a block that walks across the picture, so neighbouring frames differ spatially too
    side = height // 4
    bx = (number * 7) % max(1, width - side)
    img[height - side :, bx : bx + side] = 255
    cell = width // STAMP_BITS
    for bit in range(STAMP_BITS):
        shade = 255 * ((number >> (STAMP_BITS - 1 - bit)) & 1)
        img[:STAMP_ROWS, bit * cell : (bit + 1) * cell] = shade
    ink = PILImage.new("L", (width, height))
    digits = str(number)
    size = max(8, min(height // 2, round(1.4 * width / len(digits))))
    x = (width - text.width(digits, size)) / 2
    text.draw(ink, x, (height + 0.72 * size) / 2, digits, size, max(1, height // 80))
    if label:
        text.draw(ink, 4, STAMP_ROWS + 14, label, 12)
    box = ink.getbbox()
    if box is not None:  # darken under the ink, only where there is some
        left, top, right, bottom = box
        cover = np.asarray(ink.crop(box), np.uint16)[..., None]
        area = img[top:bottom, left:right]
        area[...] = area * (255 - cover) // 255
    return img


def read_stamp(rgb: Image) -> int:
    """The frame number drawn by `frame_image`, read back from a decoded upright RGB picture."""
    cell = rgb.shape[1] // STAMP_BITS
    grey = rgb[2 : STAMP_ROWS - 2].mean(axis=(0, 2))
    number = 0
    for bit in range(STAMP_BITS):
        middle = grey[bit * cell + cell // 4 : (bit + 1) * cell - cell // 4].mean()
        number = (number << 1) | int(middle > 127)
    return number


def _stored(img: Image, rotation: int) -> Image:
    """Turn the upright picture into what the camera stores for a clockwise `rotation`."""
    return img if rotation == 0 else np.ascontiguousarray(np.rot90(img, rotation // 90))


def _tone(start: int, count: int, rate: int) -> npt.NDArray[np.float32]:
    n = np.arange(start, start + count, dtype=np.float64)
    wave = 0.2 * np.sin(2 * math.pi * 440.0 * n / rate)
    click = (n % rate) < rate // 200  # 5 ms click at every whole second
    wave[click] = 0.8
    return wave.astype(np.float32)


def _audio_frame(samples: npt.NDArray[np.float32], fmt: str, rate: int) -> av.AudioFrame:
    data: npt.NDArray[np.float32] | npt.NDArray[np.int16] = samples
    if fmt.startswith("s16"):
        data = (samples * 32767).astype(np.int16)
    stereo = np.stack([data, data])  # same tone in both ears
    shaped = stereo if fmt.endswith("p") else stereo.T.reshape(1, -1)
    frame = av.AudioFrame.from_ndarray(np.ascontiguousarray(shaped), format=fmt, layout="stereo")
    frame.sample_rate = rate
    return frame


def _video_stream(
    output: av.container.OutputContainer,
    codec: str,
    fps: int,
    size: tuple[int, int],
    gop: int,
    bframes: int,
    pix_fmt: str = "yuv420p",
) -> av.video.stream.VideoStream:
    encoder = _ENCODERS.get(codec, codec)
    options = dict(_VIDEO_OPTIONS.get(encoder, {}))
    keys = f"keyint={gop}:min-keyint={gop}:scenecut=0:bframes={bframes}"
    if encoder == "libx264":
        options["x264-params"] = keys
    elif encoder == "libx265":
        options["x265-params"] += ":" + keys
    stream = output.add_stream(encoder, rate=fps, options=options)
    assert isinstance(stream, av.video.stream.VideoStream)
    stream.width, stream.height = size
    stream.pix_fmt = pix_fmt
    stream.gop_size = gop
    stream.codec_context.time_base = Fraction(1, fps)
    if encoder == "mpeg2video":
        stream.bit_rate = 2_000_000
        stream.max_b_frames = bframes
    return stream


def _audio_stream(
    output: av.container.OutputContainer, codec: str, rate: int
) -> av.audio.stream.AudioStream:
    options = {"strict": "experimental"} if codec == "vorbis" else None
    stream = output.add_stream(_ENCODERS.get(codec, codec), rate=rate, options=options)
    assert isinstance(stream, av.audio.stream.AudioStream)
    stream.layout = "stereo"
    stream.format = (stream.codec_context.codec.audio_formats or [av.AudioFormat("fltp")])[0]
    return stream


def make_video(
    out: BinaryIO | str | Path,
    *,
    container: str = "mp4",
    vcodec: str | None = None,
    acodec: str | None = None,
    seconds: float = 4.0,
    fps: int = 25,
    size: tuple[int, int] = (320, 240),
    gop: int = 25,
    rotation: int = 0,
    audio: bool = True,
    label: str = "",
    bframes: int = 2,
    recorded_at: datetime | None = None,
    faststart: bool = False,
    noise_seed: int | None = None,
    pix_fmt: str = "yuv420p",
) -> None:
    """Write a numbered test video. `size` is the displayed (upright) width x height.

    `vcodec`/`acodec` default to what cameras put in `container` (`CONTAINER_DEFAULTS`).
    `rotation` (0/90/180/270, clockwise to display) is stored as a display matrix and the
    stored picture is turned the other way, so a player that honours it shows upright
    digits. `gop` is the keyframe interval; `bframes` the B-frames between anchors (H.264
    and HEVC). `faststart` (MP4/MOV index first) needs `out` to be a path. `noise_seed`
    adds film grain to every picture and a hiss to the sound, so no other video shares
    this one's encoded bytes (the leak scan's needles; CAVLC shares all but the changed
    macroblocks, so the grain covers the whole picture). `pix_fmt` is the coded format
    ("yuv420p10le": a phone's 10-bit HEVC).
    """
    if container not in CONTAINER_DEFAULTS:
        raise ValueError(f"unknown container {container!r}")
    if rotation not in (0, 90, 180, 270):
        raise ValueError("rotation must be 0, 90, 180 or 270")
    if faststart and not isinstance(out, str | Path):
        raise ValueError("faststart needs a path: FFmpeg rereads the file to move the index")
    vdefault, adefault = CONTAINER_DEFAULTS[container]
    width, height = size
    stored = (height, width) if rotation in (90, 270) else (width, height)
    target = str(out) if isinstance(out, Path) else out
    options = {"movflags": "+faststart"} if faststart else {}
    muxer = container
    if container == "m2ts":
        muxer, options = "mpegts", {"mpegts_m2ts_mode": "1"}
    with av.open(target, "w", format=muxer, options=options) as output:
        if recorded_at is not None:
            output.metadata["creation_time"] = recorded_at.isoformat()
        vstream = _video_stream(output, vcodec or vdefault, fps, stored, gop, bframes, pix_fmt)
        if rotation:
            vstream.set_display_rotation(-rotation)  # PyAV's degrees are counter-clockwise
        aname = acodec or adefault
        rate = _AUDIO_RATE.get(aname, 48000)
        astream = _audio_stream(output, aname, rate) if audio else None
        sent = 0
        rng = None if noise_seed is None else np.random.default_rng(noise_seed)
        for i in range(round(seconds * fps)):
            img = _stored(frame_image(i, width, height, label), rotation)
            if rng is not None:
                grain = rng.integers(-8, 9, img.shape)
                img = np.clip(img + grain, 0, 255).astype(np.uint8)
            frame = av.VideoFrame.from_ndarray(img, format="rgb24")
            frame.pts, frame.time_base = i, Fraction(1, fps)
            output.mux(vstream.encode(frame))
            if astream is None:
                continue
            chunk = astream.codec_context.frame_size or 1024
            while sent + chunk <= round((i + 1) * rate / fps):
                samples = _tone(sent, chunk, rate)
                if rng is not None:
                    samples += rng.uniform(-0.05, 0.05, chunk).astype(np.float32)
                aframe = _audio_frame(samples, astream.format.name, rate)
                aframe.pts, aframe.time_base = sent, Fraction(1, rate)
                output.mux(astream.encode(aframe))
                sent += chunk
        output.mux(vstream.encode(None))
        if astream is not None:
            output.mux(astream.encode(None))
