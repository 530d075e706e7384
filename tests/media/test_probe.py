"""probe: what cameras, phones and tablets write is described; everything else is refused."""

from __future__ import annotations

import io
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import av
import pytest

from tests.media.conftest import RECORDED, SPECS, Sample
from vigdesk.core.errors import CorruptMedia, MediaError, UnsupportedMedia
from vigdesk.media.probe import probe

CONTAINERS = {
    "family.mp4": "mov,mp4,m4a,3gp,3g2,mj2",
    "phone.mov": "mov,mp4,m4a,3gp,3g2,mj2",
    "tablet.mp4": "mov,mp4,m4a,3gp,3g2,mj2",
    "camera.mts": "mpegts",
    "camcorder.m2ts": "mpegts",
    "dvd.mpg": "mpeg",
    "webcam.webm": "matroska,webm",
    "old.webm": "matroska,webm",
}


@pytest.mark.parametrize("name", sorted(CONTAINERS))
def test_probe_describes_each_accepted_format(samples: dict[str, Sample], name: str) -> None:
    sample = samples[name]
    info = probe(sample.open(), name)
    assert info.container == CONTAINERS[name]
    assert info.video_codec == sample.video_codec
    assert info.audio_codec == sample.audio_codec
    assert info.audio_rate == 48000
    assert info.fps == Fraction(25)
    assert info.duration_s == pytest.approx(sample.seconds, abs=0.05)
    assert abs(info.frame_count - sample.seconds * 25) <= 1
    assert info.rotation == sample.rotation
    assert info.display_size == sample.size
    assert info.bit_rate > 0


@pytest.mark.parametrize(
    ("name", "stored"), [("phone.mov", (240, 320)), ("tablet.mp4", (240, 320))]
)
def test_rotation_comes_from_the_display_matrix(
    samples: dict[str, Sample], name: str, stored: tuple[int, int]
) -> None:
    info = probe(samples[name].open(), name)
    assert (info.width, info.height) == stored
    assert info.rotation in (90, 270)
    assert info.display_size == (320, 240)


def test_recording_time_and_silence(samples: dict[str, Sample]) -> None:
    assert probe(samples["family.mp4"].open(), "family.mp4").recorded_at == RECORDED
    silent = probe(samples["silent.mp4"].open(), "silent.mp4")
    assert silent.audio_codec is None and silent.audio_rate is None
    assert silent.recorded_at is None


def test_probe_reads_a_plain_file_and_leaves_it_open(
    samples: dict[str, Sample], tmp_path: Path
) -> None:
    path = tmp_path / "family.mp4"
    path.write_bytes(samples["family.mp4"].data)
    with path.open("rb") as fh:
        assert probe(fh, "family.mp4").width == 320
        assert not fh.closed


def _audio_only() -> bytes:
    buf = io.BytesIO()
    with av.open(buf, "w", format="mp4") as out:
        stream = out.add_stream("aac", rate=48000, layout="stereo")
        for i in range(20):
            frame = av.AudioFrame(format="fltp", layout="stereo", samples=1024)
            for plane in frame.planes:
                plane.update(bytes(plane.buffer_size))
            frame.sample_rate, frame.pts = 48000, i * 1024
            out.mux(stream.encode(frame))
        out.mux(stream.encode(None))
    return buf.getvalue()


def _damage_first_frame(data: bytes) -> bytes:
    with av.open(io.BytesIO(data)) as container:
        entry = container.streams.video[0].index_entries[0]
        pos, size = entry.pos, entry.size
    spoiled = bytearray(data)
    spoiled[pos : pos + size] = bytes(size)
    return bytes(spoiled)


@pytest.mark.parametrize(
    ("case", "error", "words"),
    [
        ("empty", CorruptMedia, "is empty"),
        ("text", UnsupportedMedia, "not a video"),
        ("audio only", UnsupportedMedia, "audio-only"),
        ("moov missing", CorruptMedia, "moov atom"),
        ("cut after index", CorruptMedia, "truncated"),
        ("first frame zeroed", CorruptMedia, "first picture"),
        ("ts stub", CorruptMedia, "truncated or damaged"),
        ("webm stub", CorruptMedia, "truncated or damaged"),
    ],
)
def test_bad_files_are_refused_with_a_sentence_naming_them(
    samples: dict[str, Sample], faststart_mp4: bytes, case: str, error: type, words: str
) -> None:
    mp4 = samples["family.mp4"].data
    make: dict[str, Callable[[], bytes]] = {
        "empty": lambda: b"",
        "text": lambda: b"Minutes of the case review, 3 May.\n" * 200,
        "audio only": _audio_only,
        "moov missing": lambda: mp4[: len(mp4) // 2],  # recording stopped before its index
        "cut after index": lambda: faststart_mp4[: len(faststart_mp4) * 2 // 3],
        "first frame zeroed": lambda: _damage_first_frame(mp4),
        "ts stub": lambda: samples["camera.mts"].data[: 188 * 8],
        "webm stub": lambda: samples["webcam.webm"].data[:600],
    }
    data = make[case]()
    with pytest.raises(error) as caught:
        probe(io.BytesIO(data), "holiday.mp4")
    message = str(caught.value)
    assert "holiday.mp4" in message and words in message
    assert message.endswith(".") and "\n" not in message
    assert isinstance(caught.value, MediaError)


def test_all_specs_are_probed() -> None:
    assert set(CONTAINERS) | {"pyramid.mp4", "silent.mp4"} == set(SPECS)
