"""Redaction burnt into a copy of a video or still: masked rectangles and muted sound.

A `Redaction` is a list of `Mask`s (a rectangle, blurred or filled, whose position is
keyframed over a span of time and interpolated between keyframes) and muted spans.
Rectangles are fractions (0..1) of the upright picture, so they mean what the person
drawing them saw. `redact_video` decodes with PyAV (pictures turned upright), masks,
silences, and re-encodes to H.264 + AAC in memory; `redact_png` does a still. Nothing
is written anywhere: the caller writes the finished bytes where the user chose.

Muted spans are widened by `MUTE_GUARD_S` each side, as AAC spreads sound across its
frames; masks are widened by `MASK_GUARD_PX`, as video compression smears edges.
`redaction_from_json` is the strict decoder for a spec file (a trust boundary: wrong
types are refused, never coerced). Runs on worker threads; raises CorruptMedia naming
the file, InvalidInput for a bad spec, Cancelled when `cancelled()` turns true.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, replace
from fractions import Fraction
from itertools import pairwise
from typing import Any

import av
import numpy as np
from PIL import Image as PILImage
from PIL import ImageFilter

from vigdesk.core.errors import Cancelled, CorruptMedia, InvalidInput
from vigdesk.media.frames import png as encode_png
from vigdesk.media.probe import open_media, video_stream
from vigdesk.media.source import MediaSource
from vigdesk.media.watermark import MAX_STILL_PIXELS, Encoder, Image, upright

MUTE_GUARD_S = 0.06
MASK_GUARD_PX = 2
BLUR_BLOCKS = 4  # a blurred rectangle keeps at most this many blocks across its shorter side
MAX_MASKS = 200
MAX_KEYFRAMES = 10_000
MODES = ("blur", "fill")


@dataclass(frozen=True)
class Keyframe:
    at_s: float
    x: float
    y: float
    w: float
    h: float


@dataclass(frozen=True)
class Mask:
    """A rectangle shown from `start_s` to `end_s`, moving between its keyframes."""

    keyframes: tuple[Keyframe, ...]  # by time; at least one
    mode: str = "fill"  # "blur" or "fill"
    colour: tuple[int, int, int] = (0, 0, 0)
    start_s: float = 0.0
    end_s: float = float("inf")
    label: str = ""  # whom it hides, by initials ("PW"); never a name

    def box_at(self, t_s: float) -> Keyframe | None:
        """The rectangle at `t_s` (linear between keyframes, held before the first and
        after the last), or None outside the mask's span."""
        if not self.start_s <= t_s <= self.end_s:
            return None
        keys = self.keyframes
        if t_s <= keys[0].at_s:
            return keys[0]
        for a, b in pairwise(keys):
            if a.at_s <= t_s <= b.at_s:
                f = (t_s - a.at_s) / (b.at_s - a.at_s) if b.at_s > a.at_s else 1.0
                return Keyframe(
                    t_s,
                    a.x + f * (b.x - a.x),
                    a.y + f * (b.y - a.y),
                    a.w + f * (b.w - a.w),
                    a.h + f * (b.h - a.h),
                )
        return keys[-1]


def with_keyframe(mask: Mask, key: Keyframe) -> Mask:
    """`mask` with `key` added (replacing one within a millisecond of it), by time."""
    kept = [k for k in mask.keyframes if abs(k.at_s - key.at_s) > 0.001]
    return replace(mask, keyframes=tuple(sorted([*kept, key], key=lambda k: k.at_s)))


@dataclass(frozen=True)
class Redaction:
    masks: tuple[Mask, ...] = ()
    mute: tuple[tuple[float, float], ...] = ()  # (start, end) seconds

    def describe(self) -> list[str]:
        """What was redacted, in words, for the export's record."""
        lines = [
            f"{'Blurred' if m.mode == 'blur' else 'Covered'} "
            f"{('(' + m.label + ') ') if m.label else ''}"
            f"from {_at(m.start_s)}"
            + (f" to {_at(m.end_s)}" if m.end_s != float("inf") else " to the end")
            for m in self.masks
        ]
        lines += [f"Sound muted from {_at(a)} to {_at(b)}" for a, b in self.mute]
        return lines

    def muted(self, t_s: float) -> bool:
        return any(a - MUTE_GUARD_S <= t_s <= b + MUTE_GUARD_S for a, b in self.mute)


def _at(t: float) -> str:
    minutes, seconds = divmod(max(0.0, t), 60)
    return f"{int(minutes)}:{seconds:04.1f}"


# -- applying ---------------------------------------------------------------------------


def apply_masks(image: Image, redaction: Redaction, t_s: float | None) -> Image:
    """`image` (H x W x 3) with every mask showing at `t_s` burnt in; `t_s` None (a
    still) applies every mask at its first keyframe."""
    out = image.copy()
    height, width = out.shape[:2]
    for mask in redaction.masks:
        box = mask.keyframes[0] if t_s is None else mask.box_at(t_s)
        if box is None:
            continue
        left = max(0, int(box.x * width) - MASK_GUARD_PX)
        top = max(0, int(box.y * height) - MASK_GUARD_PX)
        right = min(width, int(np.ceil((box.x + box.w) * width)) + MASK_GUARD_PX)
        bottom = min(height, int(np.ceil((box.y + box.h) * height)) + MASK_GUARD_PX)
        if right <= left or bottom <= top:
            continue
        region = out[top:bottom, left:right]
        if mask.mode == "fill":
            region[...] = mask.colour
        else:
            region[...] = _blur(region)
    return out


def _blur(region: Image) -> Image:
    """So coarse that a face cannot be told: a few blocks across, smoothed. The smoothing
    runs on a copy shrunk to at most 48 pixels across (the same look, a fraction of the
    work on a large region)."""
    height, width = region.shape[:2]
    shrink = max(1, min(height, width) // 48)
    picture = PILImage.fromarray(region)
    if shrink > 1:
        picture = picture.reduce(shrink)
    short = min(picture.width, picture.height)
    smooth = picture.filter(ImageFilter.GaussianBlur(radius=max(1.0, short / 3)))
    step = max(1, short // BLUR_BLOCKS)
    blocks = smooth.resize(
        (max(1, picture.width // step), max(1, picture.height // step)), PILImage.Resampling.BOX
    )
    return np.asarray(blocks.resize((width, height), PILImage.Resampling.BILINEAR), np.uint8)


def silence(frame: av.AudioFrame, start_s: float, redaction: Redaction) -> av.AudioFrame:
    """`frame` with the samples inside muted spans set to zero (a new frame)."""
    if not redaction.mute:
        return frame
    rate = frame.sample_rate
    samples = frame.to_ndarray()
    times = start_s + np.arange(frame.samples) / rate
    quiet = np.zeros(frame.samples, bool)
    for a, b in redaction.mute:
        quiet |= (times >= a - MUTE_GUARD_S) & (times <= b + MUTE_GUARD_S)
    if not quiet.any():
        return frame
    samples = samples.copy()
    if frame.format.is_planar:
        samples[:, quiet] = 0
    else:  # packed: channels interleaved along the one row
        channels = len(frame.layout.channels)
        samples[:, np.repeat(quiet, channels)] = 0
    out = av.AudioFrame.from_ndarray(samples, format=frame.format.name, layout=frame.layout.name)
    out.sample_rate, out.pts, out.time_base = rate, frame.pts, frame.time_base
    return out


def redact_video(
    src: MediaSource,
    name: str,
    redaction: Redaction,
    progress: Callable[[float], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> bytes:
    """An MP4 (H.264 + AAC) of `src` with `redaction` burnt in; audio re-encoded."""
    with open_media(src, name) as inp:
        video = video_stream(inp, name)
        video.thread_type = "AUTO"
        audio = inp.streams.audio[0] if inp.streams.audio else None
        tb = video.time_base or Fraction(1, 90000)
        total = float(video.duration * tb) if video.duration else 0.0
        enc = Encoder(video, audio)
        started = False
        first: int | None = None
        audio_first: float | None = None
        count = 0
        try:
            for packet in inp.demux(*([video, audio] if audio else [video])):
                for frame in packet.decode():
                    if isinstance(frame, av.AudioFrame):
                        base = frame.time_base or Fraction(1, frame.sample_rate)
                        at = float(frame.pts * base) if frame.pts is not None else 0.0
                        audio_first = at if audio_first is None else audio_first
                        enc.sound(silence(frame, at - audio_first, redaction))
                        continue
                    if not isinstance(frame, av.VideoFrame) or frame.pts is None:
                        continue
                    if cancelled is not None and count % 8 == 0 and cancelled():
                        raise Cancelled(f"Redacting {name} was cancelled; nothing was saved.")
                    image = upright(frame)
                    if not started:
                        enc.start(image.shape[1], image.shape[0])
                        started = True
                    first = frame.pts if first is None else first
                    pts = frame.pts - first
                    t_s = float(pts * tb)
                    enc.picture(apply_masks(image, redaction, t_s), pts)
                    count += 1
                    if progress is not None and total:
                        progress(min(1.0, t_s / total))
            return enc.finish()
        except BaseException:
            enc.abort()
            raise


def redact_png(data: bytes, redaction: Redaction, name: str = "the still") -> bytes:
    """A redacted copy of a PNG still (no metadata carried over)."""
    try:
        with PILImage.open(io.BytesIO(data), formats=["PNG"]) as still:
            if still.width * still.height > MAX_STILL_PIXELS:
                raise CorruptMedia(f"{name} is too large a picture to redact.")
            image = np.asarray(still.convert("RGB"), np.uint8)
    except (OSError, ValueError, PILImage.DecompressionBombError) as exc:
        raise CorruptMedia(f"{name} is damaged: the picture cannot be read.") from exc
    return encode_png(apply_masks(image, redaction, None), name)


def redact_bytes(data: bytes, redaction: Redaction, *, still: bool, name: str = "") -> bytes:
    if still:
        return redact_png(data, redaction, name or "the still")
    return redact_video(io.BytesIO(data), name or "the video", redaction)


# -- the spec file ------------------------------------------------------------------------


def redaction_from_json(raw: Any, where: str = "the redaction spec") -> Redaction:
    """Strict: {"masks": [{"keyframes": [{"at_s", "x", "y", "w", "h"}…], "mode",
    "colour": "#rrggbb", "start_s", "end_s", "label"}…], "mute": [[start, end]…]}."""
    obj = _dict(raw, where, {"masks", "mute"})
    masks = _list(obj.get("masks", []), f"{where}: masks", MAX_MASKS)
    mute = _list(obj.get("mute", []), f"{where}: mute", MAX_MASKS)
    return Redaction(
        tuple(_mask(m, f"{where}: mask {n + 1}") for n, m in enumerate(masks)),
        tuple(_span(s, f"{where}: mute span {n + 1}") for n, s in enumerate(mute)),
    )


def redactions_from_json(raw: Any, where: str = "the redactions file") -> dict[str, Redaction]:
    """{media id: spec} for `sar export --redactions`."""
    from vigdesk.core.ids import checked_id

    obj = raw if isinstance(raw, dict) else _dict(raw, where, set())
    return {
        checked_id(k, "media id"): redaction_from_json(v, f"{where}: {k}") for k, v in obj.items()
    }


def redaction_to_json(redaction: Redaction) -> dict[str, Any]:
    return {
        "masks": [
            {
                "keyframes": [
                    {"at_s": k.at_s, "x": k.x, "y": k.y, "w": k.w, "h": k.h} for k in m.keyframes
                ],
                "mode": m.mode,
                "colour": "#{:02x}{:02x}{:02x}".format(*m.colour),
                "start_s": m.start_s,
                **({"end_s": m.end_s} if m.end_s != float("inf") else {}),
                "label": m.label,
            }
            for m in redaction.masks
        ],
        "mute": [[a, b] for a, b in redaction.mute],
    }


def _dict(raw: Any, where: str, allowed: set[str]) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise InvalidInput(f"{where} must be an object.")
    extra = set(raw) - allowed
    if allowed and extra:
        raise InvalidInput(f"{where} has unknown fields: {sorted(extra)}.")
    return raw


def _list(raw: Any, where: str, limit: int) -> list[Any]:
    if not isinstance(raw, list):
        raise InvalidInput(f"{where} must be a list.")
    if len(raw) > limit:
        raise InvalidInput(f"{where} has more than {limit} entries.")
    return raw


def _number(raw: Any, where: str, low: float = 0.0, high: float = float("inf")) -> float:
    if isinstance(raw, bool) or not isinstance(raw, int | float) or not low <= raw <= high:
        raise InvalidInput(f"{where} must be a number from {low:g} to {high:g}.")
    return float(raw)


def _text(raw: Any, where: str, limit: int = 40) -> str:
    if not isinstance(raw, str) or len(raw) > limit:
        raise InvalidInput(f"{where} must be text of at most {limit} characters.")
    return raw


def _mask(raw: Any, where: str) -> Mask:
    obj = _dict(raw, where, {"keyframes", "mode", "colour", "start_s", "end_s", "label"})
    keys = _list(obj.get("keyframes"), f"{where}: keyframes", MAX_KEYFRAMES)
    if not keys:
        raise InvalidInput(f"{where} needs at least one keyframe.")
    frames = []
    for n, k in enumerate(keys):
        at = f"{where}: keyframe {n + 1}"
        kf = _dict(k, at, {"at_s", "x", "y", "w", "h"})
        if set(kf) != {"at_s", "x", "y", "w", "h"}:
            raise InvalidInput(f"{at} needs at_s, x, y, w and h.")
        frames.append(
            Keyframe(
                _number(kf["at_s"], f"{at}: at_s"),
                _number(kf["x"], f"{at}: x", 0, 1),
                _number(kf["y"], f"{at}: y", 0, 1),
                _number(kf["w"], f"{at}: w", 0, 1),
                _number(kf["h"], f"{at}: h", 0, 1),
            )
        )
    frames.sort(key=lambda k: k.at_s)
    mode = _text(obj.get("mode", "fill"), f"{where}: mode")
    if mode not in MODES:
        raise InvalidInput(f"{where}: mode must be blur or fill.")
    start = _number(obj.get("start_s", 0.0), f"{where}: start_s")
    end = _number(obj.get("end_s", float("inf")), f"{where}: end_s")
    if end < start:
        raise InvalidInput(f"{where} ends before it starts.")
    return Mask(
        tuple(frames),
        mode,
        _colour(obj.get("colour", "#000000"), f"{where}: colour"),
        start,
        end,
        _text(obj.get("label", ""), f"{where}: label", 12),
    )


def _colour(raw: Any, where: str) -> tuple[int, int, int]:
    text = _text(raw, where, 7)
    if len(text) != 7 or not text.startswith("#"):
        raise InvalidInput(f"{where} must be #rrggbb.")
    try:
        value = int(text[1:], 16)
    except ValueError as exc:
        raise InvalidInput(f"{where} must be #rrggbb.") from exc
    return (value >> 16 & 255, value >> 8 & 255, value & 255)


def _span(raw: Any, where: str) -> tuple[float, float]:
    pair = _list(raw, where, 2)
    if len(pair) != 2:
        raise InvalidInput(f"{where} must be [start, end] in seconds.")
    start, end = _number(pair[0], f"{where}: start"), _number(pair[1], f"{where}: end")
    if end < start:
        raise InvalidInput(f"{where} ends before it starts.")
    return (start, end)
