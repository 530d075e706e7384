"""Watermarks: rendered once per size, blended onto stills and every frame of a clip."""

from __future__ import annotations

import io
from datetime import date

import av
import numpy as np
import pytest
from PIL import Image

from vigdesk.core.errors import Cancelled, CorruptMedia
from vigdesk.media.frames import frame_at
from vigdesk.media.synth import make_video, read_stamp
from vigdesk.media.watermark import Watermark, apply, mark_png, mark_video, render

SECONDS, FPS, SIZE = 2.0, 25, (320, 240)


@pytest.fixture(scope="module")
def family_video() -> bytes:
    buf = io.BytesIO()
    make_video(buf, seconds=SECONDS, fps=FPS, size=SIZE, gop=25)
    return buf.getvalue()


@pytest.fixture(scope="module")
def tablet_video() -> bytes:
    buf = io.BytesIO()
    make_video(buf, seconds=1.0, fps=FPS, size=SIZE, rotation=270, bframes=0)
    return buf.getvalue()


MARK = Watermark.for_package(
    "VIG-26-K7QM", "Dr Zoë Ada", "Supervision", date(2026, 11, 24), date(2026, 12, 24)
)


def test_overlay_has_an_opaque_band_and_a_faint_diagonal() -> None:
    overlay = render(MARK, 640, 360)
    assert overlay.colour.shape == (360, 640, 3) and overlay.alpha.shape == (360, 640)
    band = overlay.alpha[overlay.band_top :]
    assert 270 < overlay.band_top < 340 and band.min() >= 0.6 and band.max() == 1.0
    above = overlay.alpha[: overlay.band_top]
    assert 0.01 < float((above > 0).mean()) < 0.3 and above.max() <= 0.35
    assert np.array_equal(render(MARK, 640, 360).alpha, overlay.alpha)  # deterministic


def test_apply_blends_only_where_the_mark_is() -> None:
    grey = np.full((240, 320, 3), 128, np.uint8)
    overlay = render(MARK, 320, 240)
    out = apply(grey, overlay)
    assert out.dtype == np.uint8 and out.shape == grey.shape
    assert np.array_equal(out[overlay.alpha == 0], grey[overlay.alpha == 0])
    assert out[overlay.band_top + 1, 1].max() < 60  # the dark band


def ink(mark: Watermark) -> np.ndarray:
    return render(mark, 640, 360).alpha


@pytest.mark.parametrize(
    ("name", "mangled"),
    [
        ("Łukasz Nowak", ["ukasz Nowak", "Lukasz Nowak", "\U0010fffdukasz Nowak"]),
        ("王芳", ["?", "芳王", "\U0010fffd\U0010fffd", "王"]),
        ("Zoë Ада Ελένη", ["Zoe Ада Ελένη", "Zoë ??? Ελένη"]),
    ],
)
def test_names_in_any_script_are_drawn_as_themselves(name: str, mangled: list[str]) -> None:
    """Not transliterated, dropped or boxed: each spelling draws a different mark."""
    drawn = ink(Watermark((f"For {name} only",), name))
    assert drawn.max() == 1.0
    for other in mangled:  # what OpenCV's ASCII fonts made of it, and the missing-glyph box
        assert not np.array_equal(drawn, ink(Watermark((f"For {other} only",), other))), other


def test_mark_png_keeps_size_and_drops_nothing_else() -> None:
    image = np.full((200, 300, 3), 200, np.uint8)
    image[:, :, 0] = 90  # channels stay in their order
    png = io.BytesIO()
    Image.fromarray(image).save(png, "PNG")
    marked = np.asarray(Image.open(io.BytesIO(mark_png(png.getvalue(), MARK))).convert("RGB"))
    assert marked.shape == image.shape
    assert np.array_equal(marked, apply(image, render(MARK, 300, 200)))
    with pytest.raises(CorruptMedia):
        mark_png(b"not a png", MARK)


def test_mark_video_keeps_every_frame_and_the_sound(family_video: bytes) -> None:
    seen: list[float] = []
    result = mark_video(io.BytesIO(family_video), "family.mp4", MARK, seen.append)
    assert result.frames == SECONDS * FPS
    assert (result.width, result.height) == SIZE
    assert result.duration_s == pytest.approx(SECONDS, abs=0.05)
    assert seen and seen[-1] == pytest.approx(1.0, abs=0.05)
    with av.open(io.BytesIO(result.data)) as container:
        assert container.streams.video[0].codec_context.name == "h264"
        audio = container.streams.audio[0]
        assert audio.codec_context.name == "aac"
        assert float(audio.duration * audio.time_base) == pytest.approx(result.duration_s, abs=0.1)
    frame = frame_at(io.BytesIO(result.data), "marked", 1.2)
    assert read_stamp(frame) == 30  # the top stamp row is untouched: frames stay in order
    overlay = render(MARK, *SIZE)
    original = frame_at(io.BytesIO(family_video), "family.mp4", 1.2)
    band = slice(overlay.band_top, None)
    gap = np.abs(frame[band].astype(int) - apply(original, overlay)[band]).mean()
    assert gap < 8


def test_mark_video_turns_rotated_video_upright(tablet_video: bytes) -> None:
    result = mark_video(io.BytesIO(tablet_video), "tablet.mp4", MARK)
    assert (result.width, result.height) == SIZE
    with av.open(io.BytesIO(result.data)) as container:
        frame = next(container.decode(video=0))
        assert frame.rotation == 0 and (frame.width, frame.height) == SIZE
    assert read_stamp(frame_at(io.BytesIO(result.data), "marked", 0.0)) == 0


def test_mark_video_can_be_cancelled(family_video: bytes) -> None:
    with pytest.raises(Cancelled):
        mark_video(io.BytesIO(family_video), "family.mp4", MARK, cancelled=lambda: True)


@pytest.mark.parametrize("size", [(360, 640), (720, 1280), (640, 360), (1280, 720)])
def test_portrait_video_gets_a_band_as_small_as_landscape(size: tuple[int, int]) -> None:
    """Phone footage is often upright: its band is sized to the short side too."""
    width, height = size
    overlay = render(MARK, width, height)
    assert 0.1 < 1 - overlay.band_top / height < 0.2
