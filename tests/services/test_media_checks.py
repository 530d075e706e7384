"""Import keeps what a practitioner recognises, and the whole footage is decode-checked
from the sealed copy: damage is stored with the footage as a warning, clean footage gets
none. Stills keep their displayed size; subject-access exports keep each container."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.conftest import Family
from tests.media.damage import clean_video, damaged
from vigdesk.core.clock import parse_iso
from vigdesk.core.errors import Cancelled
from vigdesk.media.synth import make_video
from vigdesk.services.session import Services
from vigdesk.services.subject_access import SubjectAccessService


def test_the_title_is_the_file_name_and_the_date_the_recording_time(
    services: Services, family: Family, tmp_path: Path
) -> None:
    path = tmp_path / "MVI_0423.MOV"
    make_video(
        path, container="mov", seconds=1, recorded_at=datetime(2024, 5, 1, 9, 15, tzinfo=UTC)
    )
    item = services.media.import_footage(family.case.id, path).item
    assert item.title == "MVI_0423.MOV"
    assert item.recorded_at is not None
    assert parse_iso(item.recorded_at) == datetime(2024, 5, 1, 9, 15, tzinfo=UTC)


def test_clean_footage_is_checked_with_no_warning(
    services: Services, family: Family, footage: Path
) -> None:
    item = services.media.import_footage(family.case.id, footage).item
    assert services.media.checks(family.case.id) == {}  # not checked yet
    report = services.media.check_footage(item.id)
    assert report.failed == 0 and report.frames == 150
    check = services.media.checks(family.case.id)[item.id]
    assert check.damage == "" and check.checked_at
    entry = [e for e in services.ctx.audit.entries() if e.action == "media.checked"][-1]
    assert entry.object_id == item.id
    assert (entry.details["failed"], entry.details["sound_failed"]) == (0, 0)


def test_damaged_footage_imports_with_a_stored_warning_naming_the_span(
    services: Services, family: Family, tmp_path: Path
) -> None:
    path = tmp_path / "visit.mp4"
    path.write_bytes(damaged(clean_video("mp4")))
    item = services.media.import_footage(family.case.id, path).item
    report = services.media.check_footage(item.id)
    damage = services.media.checks(family.case.id)[item.id].damage
    assert damage == report.warning
    assert damage.startswith("visit.mp4: ")
    assert f"{report.failed} of 150 frames could not be decoded between 00:00:02 and" in damage
    entry = [e for e in services.ctx.audit.entries() if e.action == "media.checked"][-1]
    assert "visit" not in json.dumps(entry.details)  # the audit holds counts, never names


def test_a_cancelled_check_records_nothing(
    services: Services, family: Family, footage: Path
) -> None:
    item = services.media.import_footage(family.case.id, footage).item
    with pytest.raises(Cancelled):
        services.media.check_footage(item.id, cancelled=lambda: True)
    assert services.media.checks(family.case.id) == {}


def test_a_still_of_turned_footage_has_its_displayed_size(
    services: Services, family: Family, tmp_path: Path
) -> None:
    path = tmp_path / "phone.mp4"
    make_video(path, seconds=1, size=(320, 240), rotation=90)
    footage = services.media.import_footage(family.case.id, path).item
    assert (footage.width, footage.height, footage.rotation) == (240, 320, 90)
    still = services.media.make_still(footage.id, 0.2)
    assert (still.width, still.height, still.rotation) == (320, 240, 0)


@pytest.mark.parametrize(
    ("container", "name", "extension"),
    [
        ("mov", "IMG_0001.MOV", ".mov"),
        ("mpegts", "00001.TS", ".ts"),
        ("webm", "call.webm", ".webm"),
        ("mpeg", "dvd.mpg", ".mpg"),
    ],
)
def test_the_subject_access_export_keeps_each_container(
    services: Services, family: Family, tmp_path: Path, container: str, name: str, extension: str
) -> None:
    path = tmp_path / name
    make_video(path, container=container, seconds=2)
    footage = services.media.import_footage(family.case.id, path).item
    services.media.make_clip(footage.id, 0.0, 1.0)
    result = SubjectAccessService(services.ctx).export(
        family.mother.id, tmp_path / "out", include_video=True
    )
    names = sorted(p.name for p in result.files)
    assert names == ["clip-2.mp4", f"footage-1{extension}", "record.json"]
