"""Import refuses what is not footage, or is already in the case, by name, leaving no
sealed file and no row behind."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.conftest import Family
from tests.media.conftest import picture
from tests.services.test_media import blob_files
from vigdesk.core.cases import PersonKind
from vigdesk.core.consent import Method, Purpose
from vigdesk.core.errors import InvalidInput, MediaError
from vigdesk.services.session import Services

BAD = {
    "empty.mp4": (b"", "empty.mp4 is empty: the recording or the copy did not finish."),
    "photo.mp4": (picture("mjpeg", "yuvj420p"), "photo.mp4 is a still image, not video."),
    "screenshot.png": (picture("png", "rgb24"), "screenshot.png is a still image, not video."),
    "notes.txt": (
        b"Home visit notes, 3 May.\n" * 100,
        "notes.txt is not a video vigdesk can read (accepted: MP4, MOV, MTS/M2TS, MPEG, WebM).",
    ),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_not_footage_is_refused_in_one_line_leaving_nothing(
    services: Services, family: Family, tmp_path: Path, name: str
) -> None:
    data, message = BAD[name]
    path = tmp_path / name
    path.write_bytes(data)
    before = blob_files(services)
    with pytest.raises(MediaError) as caught:
        services.media.import_footage(family.case.id, path)
    assert str(caught.value) == message
    assert blob_files(services) == before
    assert services.ctx.db.scalar("SELECT count(*) FROM media") == 0
    assert path.read_bytes() == data


def test_the_same_footage_twice_in_a_case_is_refused(
    services: Services, family: Family, footage: Path, tmp_path: Path
) -> None:
    first = services.media.import_footage(family.case.id, footage).item
    again = tmp_path / "copied-again.mp4"
    again.write_bytes(footage.read_bytes())
    before = blob_files(services)
    with pytest.raises(InvalidInput) as caught:
        services.media.import_footage(family.case.id, again)
    day = f"{date.today():%d %b %Y}".lstrip("0")
    assert str(caught.value) == (
        f"copied-again.mp4 is already imported as “{first.title}” on {day}."
    )
    assert blob_files(services) == before
    assert [m.id for m in services.media.list_media(family.case.id)] == [first.id]


def test_the_same_footage_may_go_into_another_case(
    services: Services, family: Family, footage: Path
) -> None:
    services.media.import_footage(family.case.id, footage)
    other = services.cases.add_case("JB", date(2026, 10, 1))
    adult = services.cases.add_person(
        other.id, PersonKind.ADULT, "Juniper Blackwood", parental_responsibility=True
    )
    child = services.cases.add_person(
        other.id, PersonKind.CHILD, "Wren Blackwood", date_of_birth=date(2024, 1, 5)
    )
    services.consent.record(
        other.id,
        adult.id,
        [child.id],
        dict.fromkeys(Purpose, True),
        form_version="2026.1",
        given_on=date(2026, 10, 2),
        method=Method.SIGNED_ON_SCREEN,
        evidence=b"\x89PNG signature",
    )
    assert services.media.import_footage(other.id, footage).item.case_id == other.id
