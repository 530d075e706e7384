"""Redaction: a keyframed rectangle over a moving square leaves none of it in any decoded
frame, and a muted span is silent, in a re-encoded copy made in memory."""

from __future__ import annotations

import io
from fractions import Fraction

import av
import numpy as np
import numpy.typing as npt
import pytest

from vigdesk.core.errors import InvalidInput
from vigdesk.media.redact import (
    Keyframe,
    Mask,
    Redaction,
    redact_png,
    redact_video,
    redaction_from_json,
    redaction_to_json,
)

W, H, FPS, FRAMES, SIDE = 160, 120, 25, 50, 16
START_X, END_X, Y = 8, 130, 50
MUTED = (0.6, 1.2)


def square_at(i: int) -> int:
    return round(START_X + (END_X - START_X) * i / (FRAMES - 1))


def moving_square(scale: int = 1) -> bytes:
    """Grey background, a red square sliding left to right, a tone throughout; `scale`
    times the size (the masks are fractions of the picture, so they still fit)."""
    buf = io.BytesIO()
    with av.open(buf, "w", format="mp4") as out:
        video = out.add_stream("libx264", rate=FPS, options={"preset": "ultrafast"})
        video.width, video.height, video.pix_fmt = W * scale, H * scale, "yuv420p"
        audio = out.add_stream("aac", rate=48000, layout="mono")
        for i in range(FRAMES):
            image = np.full((H * scale, W * scale, 3), 128, np.uint8)
            x, y, side = square_at(i) * scale, Y * scale, SIDE * scale
            image[y : y + side, x : x + side] = (230, 20, 20)
            frame = av.VideoFrame.from_ndarray(image, format="rgb24")
            frame.pts, frame.time_base = i, Fraction(1, FPS)
            out.mux(video.encode(frame))
        out.mux(video.encode(None))
        total = FRAMES * 48000 // FPS
        for start in range(0, total, 1024):
            n = min(1024, total - start)
            tone = (0.5 * np.sin(2 * np.pi * 440 * (start + np.arange(n)) / 48000)).astype(
                np.float32
            )
            sound = av.AudioFrame.from_ndarray(tone[None, :], format="fltp", layout="mono")
            sound.sample_rate, sound.pts, sound.time_base = 48000, start, Fraction(1, 48000)
            out.mux(audio.encode(sound))
        out.mux(audio.encode(None))
    return buf.getvalue()


def red_pixels(image: npt.NDArray[np.uint8]) -> int:
    r, g, b = (image[..., c].astype(int) for c in range(3))
    return int(((r > 150) & (g < 110) & (b < 110)).sum())


def square_coloured(image: npt.NDArray[np.uint8]) -> int:
    """Pixels of the square's own colour (a blur may leave a pinkish average, not these)."""
    r, g, b = (image[..., c].astype(int) for c in range(3))
    return int(((r > 190) & (g < 60) & (b < 60)).sum())


def decoded(data: bytes) -> tuple[list[npt.NDArray[np.uint8]], npt.NDArray[np.float32], int]:
    with av.open(io.BytesIO(data)) as inp:
        frames = [f.to_ndarray(format="rgb24") for f in inp.decode(video=0)]
    with av.open(io.BytesIO(data)) as inp:
        stream = inp.streams.audio[0]
        rate = stream.rate
        chunks = []
        resampler = av.AudioResampler("flt", "mono", rate)
        for frame in inp.decode(stream):
            for piece in resampler.resample(frame):
                chunks.append(piece.to_ndarray()[0])
    return frames, np.concatenate(chunks), rate


def over_the_square(mode: str) -> Redaction:
    pad = 6  # pixels of margin round the square
    last = (FRAMES - 1) / FPS
    keys = tuple(
        Keyframe(
            t, (square_at(i) - pad) / W, (Y - pad) / H, (SIDE + 2 * pad) / W, (SIDE + 2 * pad) / H
        )
        for t, i in ((0.0, 0), (last, FRAMES - 1))
    )
    return Redaction((Mask(keys, mode, (0, 0, 0)),), (MUTED,))


@pytest.fixture(scope="module")
def source() -> bytes:
    return moving_square()


def test_a_keyframed_fill_hides_the_moving_square_and_mutes_the_span(source: bytes) -> None:
    before, _, _ = decoded(source)
    assert all(red_pixels(f) > 100 for f in before)  # the square is there to hide
    out = redact_video(io.BytesIO(source), "square.mp4", over_the_square("fill"))
    frames, sound, rate = decoded(out)
    assert len(frames) == FRAMES
    assert [red_pixels(f) for f in frames] == [0] * FRAMES
    assert (frames[10][5:40, 5:40].astype(int) - 128).__abs__().max() < 12  # the rest is kept
    a, b = (round(t * rate) for t in MUTED)
    assert np.abs(sound[a:b]).max() < 1e-3
    assert np.sqrt(np.mean(sound[: round(0.5 * rate)] ** 2)) > 0.1  # sound elsewhere
    assert np.sqrt(np.mean(sound[round(1.3 * rate) : round(1.9 * rate)] ** 2)) > 0.1


def test_a_blur_leaves_no_square_either(source: bytes) -> None:
    out = redact_video(io.BytesIO(source), "square.mp4", over_the_square("blur"))
    frames, _, _ = decoded(out)
    assert max(square_coloured(f) for f in frames) == 0
    before, _, _ = decoded(source)
    assert min(square_coloured(f) for f in before) > 100


def test_a_still_is_masked_at_the_first_keyframe() -> None:
    from PIL import Image

    image = np.full((H, W, 3), 128, np.uint8)
    image[Y : Y + SIDE, START_X : START_X + SIDE] = (230, 20, 20)
    buf = io.BytesIO()
    Image.fromarray(image).save(buf, "PNG")
    out = redact_png(buf.getvalue(), over_the_square("fill"))
    assert red_pixels(np.asarray(Image.open(io.BytesIO(out)).convert("RGB"))) == 0


def test_the_spec_file_is_read_strictly() -> None:
    spec = redaction_to_json(over_the_square("blur"))
    assert redaction_from_json(spec) == over_the_square("blur")
    for bad in (
        {"masks": [{"keyframes": [{"at_s": "1", "x": 0, "y": 0, "w": 1, "h": 1}]}]},
        {"masks": [{"keyframes": [{"at_s": 0, "x": 2, "y": 0, "w": 1, "h": 1}]}]},
        {"masks": [{"keyframes": []}]},
        {"masks": [{"keyframes": [{"at_s": 0, "x": 0, "y": 0, "w": 1, "h": 1}], "mode": "x"}]},
        {"mute": [[2, 1]]},
        {"mute": [[True, 1]]},
        {"other": 1},
    ):
        with pytest.raises(InvalidInput):
            redaction_from_json(bad)
