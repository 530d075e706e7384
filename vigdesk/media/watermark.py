"""Visible watermarks burned into exported clips and stills, all in memory.

A `Watermark` is a band of text along the bottom (case code, recipient, purpose, dates)
and a large faint diagonal line (case code and recipient) across the picture, so a
cropped or filmed-off-the-screen copy still says where it came from. `render` draws it
once per picture size into an `Overlay` (colour + alpha); `apply` blends it onto a frame.
`mark_video` decodes with PyAV (edit lists honoured, pictures turned upright), blends,
and re-encodes to H.264 (libx264) + AAC in an MP4 held in memory; `mark_png` does a still.

Text is drawn with the bundled Unicode fonts (`media.text`): names keep their letters
("Łukasz", "王芳"). Runs on worker threads; raises CorruptMedia / UnsupportedMedia naming
the file, and Cancelled when `cancelled()` turns true.
"""

from __future__ import annotations

import contextlib
import io
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

import av
import av.audio.stream
import av.container
import av.video.stream
import numpy as np
import numpy.typing as npt
from PIL import Image as PILImage

from vigdesk.core.errors import Cancelled, CorruptMedia
from vigdesk.media import text
from vigdesk.media.frames import png as encode_png
from vigdesk.media.frames import upright as upright_rgb
from vigdesk.media.probe import open_media, video_stream
from vigdesk.media.source import MediaSource

Image = npt.NDArray[np.uint8]
Alpha = npt.NDArray[np.float32]
BAND_OPACITY = 0.62
DIAGONAL_OPACITY = (0.22, 0.34)  # dark outline, light fill
SEPARATOR = "  |  "
MIN_FONT_PX = 13  # band text smaller than this blurs away after H.264
LINE_SPACING = 1.5  # band line height, in font sizes
TILE_ROWS = 16  # `apply` blends tiles this many rows high, only as wide as the mark there
MAX_STILL_PIXELS = 100_000_000  # a still bigger than this is refused before decoding
_AAC_RATES = frozenset({8000, 16000, 22050, 24000, 32000, 44100, 48000})


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


# (first row, end row, first column, end column, 256 - alpha, colour * alpha + 128)
_Tile = tuple[int, int, int, int, npt.NDArray[np.uint16], npt.NDArray[np.uint16]]


@dataclass(frozen=True)
class Overlay:
    """Per-pixel colour and opacity for one picture size; `band_top` is the band's first row."""

    colour: Image
    alpha: Alpha
    band_top: int
    tiles: tuple[_Tile, ...] = field(default=(), repr=False, compare=False)

    @classmethod
    def build(cls, colour: Image, alpha: Alpha, band_top: int) -> Overlay:
        """The overlay with its blend tiles precomputed in 8-bit fixed point for `apply`."""
        weight = np.round(alpha * 256).astype(np.uint16)
        inverse = 256 - weight
        term = colour.astype(np.uint16) * weight[..., None] + 128
        tiles: list[_Tile] = []
        for top in range(0, alpha.shape[0], TILE_ROWS):
            end = min(alpha.shape[0], top + TILE_ROWS)
            columns = np.flatnonzero(weight[top:end].any(axis=0))
            if columns.size:
                left, right = int(columns[0]), int(columns[-1]) + 1
                tiles.append(
                    (
                        top,
                        end,
                        left,
                        right,
                        np.ascontiguousarray(inverse[top:end, left:right, None]),
                        np.ascontiguousarray(term[top:end, left:right]),
                    )
                )
        return cls(colour, alpha, band_top, tuple(tiles))


@dataclass(frozen=True)
class MarkedVideo:
    data: bytes
    duration_s: float
    width: int
    height: int
    frames: int


def _fit(lines: list[str], width: int, size: int) -> int:
    """The largest font size (at most `size`) at which every line fits."""
    for _ in range(4):
        widest = max(text.width(line, size) for line in lines)
        if widest <= 0.94 * width or size <= 4:
            break
        size = max(4, math.floor(size * 0.94 * width / widest))
    return size


def _wrap(lines: tuple[str, ...], width: int, size: int) -> list[str]:
    """Re-pack the "  |  "-separated parts of `lines` so each fits `width` at `size`."""
    wrapped: list[str] = []
    for line in lines:
        current = ""
        for part in line.split(SEPARATOR):
            joined = f"{current}{SEPARATOR}{part}" if current else part
            if current and text.width(joined, size) > 0.94 * width:
                wrapped.append(current)
                current = part
            else:
                current = joined
        wrapped.append(current)
    return wrapped


def _coverage(canvas: PILImage.Image) -> Alpha:
    """A greyscale canvas as coverage, 0..1."""
    return (np.asarray(canvas, np.float32) / 255).astype(np.float32)


def _layer(alpha: Alpha, grey: Alpha, ink: Alpha, opacity: float, shade: float) -> None:
    """Where `ink` covers, its layer (grey `shade`, 0..1, at `opacity`) replaces what is
    under it; partly covered pixels mix the two. `alpha`/`grey` change in place."""
    mixed = alpha * grey * (1 - ink) + ink * (opacity * shade)
    alpha *= 1 - ink
    alpha += ink * opacity
    np.divide(mixed, alpha, out=grey, where=alpha > 0)


def render(mark: Watermark, width: int, height: int) -> Overlay:
    """Draw `mark` for a `width` x `height` picture (pure function of its inputs).

    The band's text is sized to the picture's shorter side (never below MIN_FONT_PX, so it
    stays legible on small video: its parts then wrap onto more lines)."""
    size = max(round(min(width, height) / 26), MIN_FONT_PX)
    lines = _wrap(mark.lines, width, size)
    size = _fit(lines, width, size)
    line_h = round(size * LINE_SPACING)
    top = max(0, height - line_h * len(lines) - round(line_h * 0.5))
    alpha: Alpha = np.zeros((height, width), np.float32)
    grey: Alpha = np.zeros((height, width), np.float32)
    if top > 0 and mark.diagonal.strip():
        outline, fill = _diagonal(mark.diagonal, width, top)
        _layer(alpha[:top], grey[:top], outline, DIAGONAL_OPACITY[0], 0.0)
        _layer(alpha[:top], grey[:top], fill, DIAGONAL_OPACITY[1], 1.0)
    alpha[top:] = BAND_OPACITY
    canvas = PILImage.new("L", (width, height))
    for row, line in enumerate(lines):
        baseline = top + round(line_h * (row + 0.25) + (line_h + 0.72 * size) / 2)
        text.draw(canvas, round(width * 0.03), baseline, line, size)
    ink = _coverage(canvas)
    _layer(alpha[top:], grey[top:], ink[top:], 1.0, 1.0)
    shade = np.round(grey * 255).astype(np.uint8)
    return Overlay.build(np.repeat(shade[..., None], 3, axis=2), alpha, top)


def _diagonal(line: str, width: int, height: int) -> tuple[Alpha, Alpha]:
    """Coverage (outline, fill) of `line` drawn large from bottom left to top right.

    Drawn level on a canvas just big enough, centred on the text, turned, then pasted
    centred: turning only the text's box is several times faster than the picture's."""
    side = math.hypot(width, height)
    size = max(4, math.floor(100 * 0.6 * side / max(text.width(line, 100), 1)))
    bold = max(1, size // 24)
    pad = 2 * bold + 2
    length = text.width(line, size)
    box = (math.ceil(length) + 2 * pad, 2 * math.ceil(0.8 * size + pad))
    angle = math.degrees(math.atan2(height, width))
    layers = []
    for stroke in (2 * bold + 1, bold):
        level = PILImage.new("L", box)
        text.draw(level, (box[0] - length) / 2, box[1] / 2 + 0.36 * size, line, size, stroke)
        turned = level.rotate(angle, PILImage.Resampling.BILINEAR, expand=True)
        canvas = PILImage.new("L", (width, height))
        canvas.paste(turned, ((width - turned.width) // 2, (height - turned.height) // 2))
        layers.append(_coverage(canvas))
    return layers[0], layers[1]


def apply(image: Image, overlay: Overlay) -> Image:
    """`image` (H x W x 3, uint8, any channel order) with the overlay blended on."""
    out = image.copy()
    for top, end, left, right, inverse, term in overlay.tiles:
        tile = out[top:end, left:right]
        tile[...] = (tile * inverse + term) >> 8
    return out


def mark_png(png: bytes, mark: Watermark, name: str = "the still") -> bytes:
    """A watermarked copy of a PNG still (no metadata carried over)."""
    try:
        with PILImage.open(io.BytesIO(png), formats=["PNG"]) as still:
            if still.width * still.height > MAX_STILL_PIXELS:
                raise CorruptMedia(f"{name} is too large a picture to watermark.")
            image = np.asarray(still.convert("RGB"), np.uint8)
    except (OSError, ValueError, PILImage.DecompressionBombError) as exc:
        raise CorruptMedia(f"{name} is damaged: the picture cannot be read.") from exc
    height, width = image.shape[:2]
    return encode_png(apply(image, render(mark, width, height)), name)


def upright(frame: av.VideoFrame) -> Image:
    """The frame as an upright RGB picture cropped to even sides (H.264 needs them)."""
    rgb = upright_rgb(frame)
    height, width = rgb.shape[:2]
    return np.ascontiguousarray(rgb[: height // 2 * 2, : width // 2 * 2])


class Encoder:
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


PictureHook = Callable[[Image, float], Image]  # (upright picture, seconds) → picture
SoundHook = Callable[[av.AudioFrame, float], av.AudioFrame]  # (frame, seconds) → frame


def mark_video(
    src: MediaSource,
    name: str,
    mark: Watermark,
    progress: Callable[[float], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    picture: PictureHook | None = None,
    sound: SoundHook | None = None,
) -> MarkedVideo:
    """Re-encode `src` with `mark` burned into every frame; audio re-encoded to AAC.

    `picture` and `sound` change each frame first, at its time from the start (the
    redaction of other people in the same single re-encode)."""
    with open_media(src, name) as inp:
        video = video_stream(inp, name)
        video.thread_type = "AUTO"
        audio = inp.streams.audio[0] if inp.streams.audio else None
        tb = video.time_base or Fraction(1, 90000)
        total = float(video.duration * tb) if video.duration else 0.0
        enc = Encoder(video, audio)
        overlay: Overlay | None = None
        first: int | None = None
        heard: float | None = None
        count = last = 0
        try:
            for packet in inp.demux(*([video, audio] if audio else [video])):
                for frame in packet.decode():
                    if isinstance(frame, av.AudioFrame):
                        if sound is not None:
                            base = frame.time_base or Fraction(1, frame.sample_rate)
                            at = float(frame.pts * base) if frame.pts is not None else 0.0
                            heard = at if heard is None else heard
                            frame = sound(frame, at - heard)
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
                    if picture is not None:
                        image = picture(image, float(last * tb))
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
