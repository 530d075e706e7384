"""Visible watermarks burned into exported clips and stills, all in memory.

A `Watermark` is a band of text along the bottom (case code, recipient, purpose, dates)
and a large faint diagonal line (case code and recipient) across the picture, so a
cropped or filmed-off-the-screen copy still says where it came from. `render` draws it
once per picture size into an `Overlay` (colour + alpha); `apply` blends it onto a frame.
`mark_video` decodes with PyAV (edit lists honoured, pictures turned upright), blends,
and re-encodes to H.264 (libx264) + AAC in an MP4 held in memory; `mark_png` does a still.

OpenCV's Hershey fonts draw ASCII only: text is transliterated ("Zoë" → "Zoe").
Runs on worker threads; raises CorruptMedia / UnsupportedMedia naming the file, and
Cancelled when `cancelled()` turns true.
"""

from __future__ import annotations

import contextlib
import io
import math
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

import av
import av.audio.stream
import av.container
import av.video.stream
import cv2
import numpy as np
import numpy.typing as npt

from vigdesk.core.errors import Cancelled, CorruptMedia, MediaError
from vigdesk.media.probe import open_media, video_stream
from vigdesk.media.source import MediaSource

Image = npt.NDArray[np.uint8]
Alpha = npt.NDArray[np.float32]
FONT = cv2.FONT_HERSHEY_SIMPLEX
BAND_OPACITY = 0.62
DIAGONAL_OPACITY = (0.22, 0.34)  # dark outline, light fill
SEPARATOR = "  |  "
MIN_SCALE = 0.42  # font scale below which band text blurs away after H.264
_ROTATE = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}
_AAC_RATES = frozenset({8000, 16000, 22050, 24000, 32000, 44100, 48000})


def ascii_text(text: str) -> str:
    """What the Hershey fonts can draw: accents dropped, other characters as '?'."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return plain if plain.strip() else "?"


@dataclass(frozen=True)
class Watermark:
    """`lines` go in the bottom band; `diagonal` runs large and faint across the picture."""

    lines: tuple[str, ...]
    diagonal: str

    @classmethod
    def for_package(
        cls, case_code: str, recipient: str, purpose: str, made_on: date, expires_on: date
    ) -> Watermark:
        """The mark on every exported clip and still: case code, recipient, purpose, dates."""
        return cls(
            (
                SEPARATOR.join((case_code, f"For {recipient} only", purpose)),
                SEPARATOR.join(
                    (
                        f"Made {made_on:%d %b %Y}",
                        f"Opens until {expires_on:%d %b %Y}",
                        "Do not copy or share",
                    )
                ),
            ),
            f"{case_code}  {recipient}",
        )


@dataclass(frozen=True)
class Overlay:
    """Per-pixel colour and opacity for one picture size; `band_top` is the band's first row."""

    colour: Image
    alpha: Alpha
    band_top: int


@dataclass(frozen=True)
class MarkedVideo:
    data: bytes
    duration_s: float
    width: int
    height: int
    frames: int


def _fit(lines: list[str], width: int, limit: float) -> tuple[float, int]:
    """The largest font scale (at most `limit`) and stroke at which every line fits."""
    scale = limit
    for _ in range(4):
        thick = max(1, round(scale * 1.6))
        widest = max(cv2.getTextSize(line, FONT, scale, thick)[0][0] for line in lines)
        if widest <= 0.94 * width:
            break
        scale *= 0.94 * width / widest
    return scale, max(1, round(scale * 1.6))


def _wrap(lines: list[str], width: int, scale: float) -> list[str]:
    """Re-pack the "  |  "-separated parts of `lines` so each fits `width` at `scale`."""
    wrapped: list[str] = []
    for line in lines:
        current = ""
        for part in line.split(SEPARATOR):
            joined = f"{current}{SEPARATOR}{part}" if current else part
            if current and cv2.getTextSize(joined, FONT, scale, 1)[0][0] > 0.94 * width:
                wrapped.append(current)
                current = part
            else:
                current = joined
        wrapped.append(current)
    return wrapped


def render(mark: Watermark, width: int, height: int) -> Overlay:
    """Draw `mark` for a `width` x `height` picture (pure function of its inputs).

    The band's text is sized to the picture (never below MIN_SCALE, so it stays legible
    on small video: its parts then wrap onto more lines)."""
    colour: Image = np.zeros((height, width, 3), np.uint8)
    alpha: Alpha = np.zeros((height, width), np.float32)
    target = max(height / 760, MIN_SCALE)
    lines = _wrap([ascii_text(line) for line in mark.lines], width, target)
    scale, thick = _fit(lines, width, target)
    line_h = round(cv2.getTextSize("Hg", FONT, scale, thick)[0][1] * 1.9)
    top = height - line_h * len(lines) - round(line_h * 0.5)
    _draw_diagonal(ascii_text(mark.diagonal), colour[:top], alpha[:top])
    alpha[top:, :] = BAND_OPACITY
    colour[top:, :] = 0
    text = np.zeros((height, width), np.uint8)
    for row, line in enumerate(lines):
        baseline = top + round(line_h * (row + 1))
        cv2.putText(
            text, line, (round(width * 0.03), baseline), FONT, scale, 255, thick, cv2.LINE_AA
        )
    ink = text.astype(np.float32) / 255
    alpha[:] = np.maximum(alpha, ink)
    colour[text > 0] = 255
    return Overlay(colour, alpha, top)


def _draw_diagonal(text: str, colour: Image, alpha: Alpha) -> None:
    height, width = alpha.shape
    side = math.hypot(width, height)
    scale = 0.6 * side / max(cv2.getTextSize(text, FONT, 1.0, 1)[0][0], 1)
    thick = max(1, round(scale * 2))
    (tw, th), _ = cv2.getTextSize(text, FONT, scale, thick)
    canvas = np.zeros((2, round(side), round(side)), np.uint8)
    org = ((canvas.shape[2] - tw) // 2, (canvas.shape[1] + th) // 2)
    cv2.putText(canvas[0], text, org, FONT, scale, 255, thick + max(2, thick), cv2.LINE_AA)
    cv2.putText(canvas[1], text, org, FONT, scale, 255, thick, cv2.LINE_AA)
    turn = cv2.getRotationMatrix2D((side / 2, side / 2), math.degrees(math.atan2(height, width)), 1)
    turn[:, 2] += ((width - side) / 2, (height - side) / 2)
    outline, fill = (cv2.warpAffine(c, turn, (width, height)) for c in canvas)
    alpha[:] = np.maximum(outline.astype(np.float32) / 255 * DIAGONAL_OPACITY[0], alpha)
    alpha[fill > 0] = fill[fill > 0].astype(np.float32) / 255 * DIAGONAL_OPACITY[1]
    colour[fill > 0] = 255


def apply(image: Image, overlay: Overlay) -> Image:
    """`image` (H x W x 3, uint8, any channel order) with the overlay blended on."""
    out = cv2.blendLinear(image, overlay.colour, 1.0 - overlay.alpha, overlay.alpha)
    return np.asarray(out, dtype=np.uint8)


def mark_png(png: bytes, mark: Watermark, name: str = "the still") -> bytes:
    """A watermarked copy of a PNG still (no metadata carried over)."""
    image = cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_COLOR)
    if image is None:
        raise CorruptMedia(f"{name} is damaged: the picture cannot be read.")
    height, width = image.shape[:2]
    ok, data = cv2.imencode(".png", apply(np.asarray(image, np.uint8), render(mark, width, height)))
    if not ok:
        raise MediaError(f"{name} could not be saved with its watermark.")
    return bytes(data)


def upright(frame: av.VideoFrame) -> Image:
    """The frame as an upright RGB picture cropped to even sides (H.264 needs them)."""
    rgb = np.asarray(frame.to_ndarray(format="rgb24"), dtype=np.uint8)
    rotation = (-round(frame.rotation / 90) * 90) % 360
    if rotation:
        rgb = np.asarray(cv2.rotate(rgb, _ROTATE[rotation]), dtype=np.uint8)
    height, width = rgb.shape[:2]
    return np.ascontiguousarray(rgb[: height // 2 * 2, : width // 2 * 2])


class _Encoder:
    """The output MP4: streams are added at the first picture (its upright size)."""

    def __init__(
        self, video: av.video.stream.VideoStream, audio: av.audio.stream.AudioStream | None
    ) -> None:
        self.buf = io.BytesIO()
        self.out = av.open(self.buf, "w", format="mp4")
        self.source, self.source_audio = video, audio
        self.video: av.video.stream.VideoStream | None = None
        self.audio: av.audio.stream.AudioStream | None = None
        self.pending: list[av.AudioFrame] = []
        self.samples = 0

    def start(self, width: int, height: int) -> None:
        rate = self.source.average_rate or self.source.guessed_rate or Fraction(25)
        video = self.out.add_stream(
            "libx264", rate=rate, options={"preset": "veryfast", "crf": "20"}
        )
        video.width, video.height, video.pix_fmt = width, height, "yuv420p"
        video.codec_context.time_base = self.source.time_base or Fraction(1, 90000)
        video.codec_context.gop_size = max(1, round(2 * float(rate)))
        self.video = video
        if self.source_audio is not None:
            src = self.source_audio
            self.rate = src.rate if src.rate in _AAC_RATES else 48000
            layout = "mono" if src.codec_context.channels == 1 else "stereo"
            self.audio = self.out.add_stream("aac", rate=self.rate, layout=layout)
            self.resampler = av.AudioResampler("fltp", layout, self.rate, frame_size=1024)
        for frame in self.pending:
            self.sound(frame)
        self.pending.clear()

    def picture(self, image: Image, pts: int) -> None:
        assert self.video is not None
        frame = av.VideoFrame.from_ndarray(image, format="rgb24")
        frame.pts, frame.time_base = pts, self.video.codec_context.time_base
        self.out.mux(self.video.encode(frame))

    def sound(self, frame: av.AudioFrame | None) -> None:
        if self.video is None and frame is not None:
            self.pending.append(frame)
            return
        if self.audio is None:
            return
        for piece in self.resampler.resample(frame):
            piece.pts, piece.time_base = self.samples, Fraction(1, self.rate)
            self.samples += piece.samples
            self.out.mux(self.audio.encode(piece))

    def finish(self) -> bytes:
        if self.video is None:
            raise CorruptMedia("The video has no picture that could be decoded.")
        self.out.mux(self.video.encode(None))
        self.sound(None)
        if self.audio is not None:
            self.out.mux(self.audio.encode(None))
        self.out.close()
        return self.buf.getvalue()

    def abort(self) -> None:
        with contextlib.suppress(Exception):
            self.out.close()


def mark_video(
    src: MediaSource,
    name: str,
    mark: Watermark,
    progress: Callable[[float], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> MarkedVideo:
    """Re-encode `src` with `mark` burned into every frame; audio re-encoded to AAC."""
    with open_media(src, name) as inp:
        video = video_stream(inp, name)
        video.thread_type = "AUTO"
        audio = inp.streams.audio[0] if inp.streams.audio else None
        tb = video.time_base or Fraction(1, 90000)
        total = float(video.duration * tb) if video.duration else 0.0
        enc = _Encoder(video, audio)
        overlay: Overlay | None = None
        first: int | None = None
        count = last = 0
        try:
            for packet in inp.demux(*([video, audio] if audio else [video])):
                for frame in packet.decode():
                    if isinstance(frame, av.AudioFrame):
                        enc.sound(frame)
                        continue
                    if not isinstance(frame, av.VideoFrame) or frame.pts is None:
                        continue
                    if cancelled is not None and count % 8 == 0 and cancelled():
                        raise Cancelled(f"Watermarking {name} was cancelled; nothing was saved.")
                    image = upright(frame)
                    if overlay is None:
                        overlay = render(mark, image.shape[1], image.shape[0])
                        enc.start(image.shape[1], image.shape[0])
                    first = frame.pts if first is None else first
                    last = frame.pts - first
                    enc.picture(apply(image, overlay), last)
                    count += 1
                    if progress is not None and total:
                        progress(min(1.0, float(last * tb) / total))
            data = enc.finish()
        except BaseException:
            enc.abort()
            raise
    assert overlay is not None
    fps = video.average_rate or Fraction(25)
    return MarkedVideo(
        data, float(last * tb + 1 / fps), overlay.alpha.shape[1], overlay.alpha.shape[0], count
    )
