"""Text drawn with the bundled Unicode fonts, for watermarks and the synthetic test videos.

Each character is drawn with the first bundled font that has it: DejaVu Sans (Latin with
its extensions, Greek, Cyrillic), then WenQuanYi Micro Hei (Chinese, Japanese kana,
Korean). A character neither has is drawn as DejaVu's missing-glyph box, never dropped.
Layout is Pillow's basic engine (left to right, kerning, no shaping) so a picture is the
same on every OS. Any thread: FreeType faces are not thread-safe, so drawing and
measuring hold one lock. Raises FileNotFoundError if the fonts are missing.
"""

from __future__ import annotations

import threading
import unicodedata
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONT_FILES = ("DejaVuSans.ttf", "wqy-microhei.ttc")
_NOWHERE = "\U0010fffd"  # a private-use character no font maps: its mask is the box
_PROBE_PX = 24
_LOCK = threading.RLock()

Font = ImageFont.FreeTypeFont


def fonts_dir() -> Path:
    """The bundled fonts: the wheel's `_resources/fonts` or the checkout's `resources/fonts`.

    Found like `vigdesk.paths.resources_dir`, which media may not import (layering)."""
    package = Path(__file__).resolve().parents[1]
    for candidate in (package / "_resources" / "fonts", package.parent / "resources" / "fonts"):
        if (candidate / FONT_FILES[0]).is_file():
            return candidate
    raise FileNotFoundError("vigdesk's bundled fonts are missing from this installation")


@lru_cache(maxsize=64)
def font(index: int, size: int) -> Font:
    """Bundled font number `index` (in FONT_FILES order) at `size` pixels per em."""
    return ImageFont.truetype(
        str(fonts_dir() / FONT_FILES[index]), size, layout_engine=ImageFont.Layout.BASIC
    )


@lru_cache(maxsize=4096)
def _has(index: int, char: str) -> bool:
    face = font(index, _PROBE_PX)
    with _LOCK:
        mask, box = face.getmask(char), face.getmask(_NOWHERE)
        return mask.size != box.size or bytes(mask) != bytes(box)


def font_index(char: str) -> int:
    """Which bundled font draws `char`: the first that has it, else the first."""
    return next((i for i in range(len(FONT_FILES)) if _has(i, char)), 0)


def _follows(char: str) -> bool:
    """Spaces, controls and combining marks: drawn with the font of what comes before."""
    return char.isspace() or unicodedata.category(char) in ("Cc", "Cf", "Mn", "Me")


def runs(text: str) -> list[tuple[int, str]]:
    """`text` cut into (font index, piece) runs."""
    out: list[tuple[int, str]] = []
    for char in text:
        index = out[-1][0] if out and _follows(char) else font_index(char)
        if out and out[-1][0] == index:
            out[-1] = (index, out[-1][1] + char)
        else:
            out.append((index, char))
    return out


def width(text: str, size: int) -> float:
    """How far `text` advances at `size` pixels per em."""
    with _LOCK:
        return sum(font(index, size).getlength(piece) for index, piece in runs(text))


def draw(
    canvas: Image.Image, x: float, baseline: float, text: str, size: int, stroke: int = 0
) -> None:
    """Draw `text` in white (255) on the greyscale `canvas`, starting at (x, baseline).

    `stroke` widens every glyph by that many pixels on each side (for outlines and bold)."""
    pen = ImageDraw.Draw(canvas)
    with _LOCK:
        for index, piece in runs(text):
            face = font(index, size)
            pen.text((x, baseline), piece, 255, face, "ls", stroke_width=stroke, stroke_fill=255)
            x += face.getlength(piece)
