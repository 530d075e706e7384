"""cut_clip names the real problem with the times it is given."""

from __future__ import annotations

import io

import pytest

from tests.media.conftest import Sample
from vigdesk.core.errors import InvalidInput
from vigdesk.media.trim import cut_clip


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (-1.0, 3.0, "A clip from family.mp4 cannot start before the video does (-1.0 s)."),
        (2.0, 2.0, "A clip from family.mp4 must end after it starts (2.0-2.0 s)."),
        (3.0, 1.0, "A clip from family.mp4 must end after it starts (3.0-1.0 s)."),
        (float("nan"), 1.0, "A clip from family.mp4 needs its times in seconds (nan-1.0 s)."),
        (0.0, float("inf"), "A clip from family.mp4 needs its times in seconds (0.0-inf s)."),
    ],
)
def test_bad_times_get_the_right_sentence(
    samples: dict[str, Sample], start: float, end: float, message: str
) -> None:
    out = io.BytesIO()
    with pytest.raises(InvalidInput) as caught:
        cut_clip(samples["family.mp4"].open(), "family.mp4", start, end, out)
    assert str(caught.value) == message
    assert out.getvalue() == b""
