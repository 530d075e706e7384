"""synth: the generated videos say which frame they are, and refuse what they cannot make."""

from __future__ import annotations

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.media.conftest import Sample
from vigdesk.core.errors import IntegrityError
from vigdesk.media.frames import frame_at
from vigdesk.media.probe import probe
from vigdesk.media.synth import frame_image, make_video, read_stamp
from vigdesk.media.trim import cut_clip


@given(st.integers(0, 2**16 - 1), st.sampled_from([(320, 240), (160, 90), (1280, 720)]))
def test_stamp_round_trips(number: int, size: tuple[int, int]) -> None:
    assert read_stamp(frame_image(number, *size)) == number


@pytest.mark.parametrize(
    "kwargs",
    [{"container": "avi"}, {"rotation": 45}, {"faststart": True}],
)
def test_make_video_refuses_what_it_cannot_make(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        make_video(io.BytesIO(), **kwargs)  # type: ignore[arg-type]


def test_reader_errors_pass_through_unchanged(samples: dict[str, Sample]) -> None:
    """A decrypting reader that finds tampering must not be reported as a damaged video."""
    data = samples["family.mp4"].data

    class Tampered(io.BytesIO):
        def read(self, size: int | None = -1) -> bytes:
            if self.tell() > len(data) // 2:
                raise IntegrityError("Segment 7 of family.mp4 failed authentication.")
            return super().read(size)

    for job in (
        lambda: probe(Tampered(data), "family.mp4"),
        lambda: frame_at(Tampered(data), "family.mp4", 5.0),
        lambda: cut_clip(Tampered(data), "family.mp4", 1.0, 5.0, io.BytesIO()),
    ):
        with pytest.raises(IntegrityError, match="Segment 7"):
            job()
