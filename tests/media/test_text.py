"""text: every character drawn with a bundled font that has it, as that font draws it."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from vigdesk.media import text

SIZE = 40


def drawn(line: str) -> np.ndarray:
    canvas = Image.new("L", (600, 80))
    text.draw(canvas, 10, 60, line, SIZE)
    return np.asarray(canvas)


def reference(line: str, font_file: str) -> np.ndarray:
    """`line` drawn straight with Pillow and one bundled font file, no fallback."""
    face = ImageFont.truetype(
        str(text.fonts_dir() / font_file), SIZE, layout_engine=ImageFont.Layout.BASIC
    )
    canvas = Image.new("L", (600, 80))
    ImageDraw.Draw(canvas).text((10, 60), line, 255, face, "ls")
    return np.asarray(canvas)


@pytest.mark.parametrize(
    ("line", "font_file"),
    [
        ("Łukasz Nowak", "DejaVuSans.ttf"),
        ("Zoë Ада Ελένη Đặng", "DejaVuSans.ttf"),
        ("王芳", "wqy-microhei.ttc"),
        ("さくら 김민준", "wqy-microhei.ttc"),
    ],
)
def test_each_name_is_drawn_by_the_font_that_has_it(line: str, font_file: str) -> None:
    picture = drawn(line)
    assert picture.max() == 255
    assert np.array_equal(picture, reference(line, font_file))


def test_cjk_is_not_the_missing_glyph_box() -> None:
    boxes = reference("王芳", "DejaVuSans.ttf")  # what one Latin font alone draws
    assert np.array_equal(boxes, reference("\U0010fffd\U0010fffd", "DejaVuSans.ttf"))
    assert not np.array_equal(drawn("王芳"), boxes)
    assert not np.array_equal(drawn("王"), drawn("芳"))


def test_mixed_scripts_switch_font_mid_line() -> None:
    assert text.runs("Łukasz 王芳 Nowak") == [(0, "Łukasz "), (1, "王芳 "), (0, "Nowak")]
    assert text.runs("Zoe\u0308") == [(0, "Zoe\u0308")]  # a combining mark stays put
    latin = text.width("Łukasz ", SIZE)
    assert text.width("Łukasz 王芳", SIZE) == pytest.approx(latin + 2 * SIZE, abs=2)
    mixed = drawn("Łukasz 王芳")
    cut = int(10 + latin)
    assert np.array_equal(mixed[:, : cut - 2], reference("Łukasz ", "DejaVuSans.ttf")[:, : cut - 2])
    assert mixed[:, cut:].max() == 255


def test_a_character_no_font_has_is_a_box_not_nothing() -> None:
    assert drawn("\U0010fffd").max() == 255
