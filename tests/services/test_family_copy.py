"""The family's own copy of their clips: consent-gated, plain files that play anywhere,
no case code or practitioner notes, on the export register and in the audit log."""

from __future__ import annotations

from pathlib import Path

import av
import pytest
from PIL import Image

from tests.conftest import add_family
from vigdesk.core.consent import Purpose
from vigdesk.core.errors import ConsentRequired, InvalidInput
from vigdesk.core.packages import CaseFile
from vigdesk.render.pdf import html_to_pdf
from vigdesk.services.session import Services

NOTE = "practitioner note: mum seemed tired"
TITLE = "Sharing a look"


def _media(s: Services, footage: Path, consent: tuple[Purpose, ...]) -> tuple[str, list[str]]:
    fam = add_family(s, consent=consent)
    source = s.media.import_footage(fam.case.id, footage).item
    clip = s.media.make_clip(source.id, 1.0, 2.2, title=TITLE)
    s.media.annotate(clip.id, title=TITLE, labels=("turn-taking",), note=NOTE)
    still = s.media.make_still(source.id, 1.5, caption="Eye contact")
    return fam.case.id, [clip.id, still.id]


def test_refused_without_family_copy_consent(
    services: Services, footage: Path, tmp_path: Path
) -> None:
    without = tuple(p for p in Purpose if p is not Purpose.FAMILY_COPY)
    _, media = _media(services, footage, without)
    out = tmp_path / "usb"
    out.mkdir()
    with pytest.raises(ConsentRequired, match="MW"):
        services.family_copy.give(media, "You shared lovely looks.", out, html_to_pdf)
    assert list(out.iterdir()) == []
    assert services.exports.register() == []


def test_a_family_copy_plays_names_nothing_of_ours_and_is_registered(
    services: Services, footage: Path, tmp_path: Path
) -> None:
    case_id, media = _media(services, footage, tuple(Purpose))
    code = services.cases.find(case_id).code
    out = tmp_path / "usb"
    out.mkdir()
    result = services.family_copy.give(
        media, "You waited for Peregrine and followed his lead.", out, html_to_pdf
    )
    names = sorted(p.name for p in result.folder.iterdir())
    assert names == ["clip-01.mp4", "still-01.png", "strengths.pdf"]
    with av.open(str(result.folder / "clip-01.mp4")) as container:
        frames = sum(1 for _ in container.decode(video=0))
    assert frames >= 25
    with Image.open(result.folder / "still-01.png") as still:
        assert still.format == "PNG" and not still.text
    assert (result.folder / "strengths.pdf").read_bytes().startswith(b"%PDF")
    for path in [result.folder, *result.folder.iterdir()]:
        assert code not in str(path)
        if path.is_file():
            data = path.read_bytes()
            for secret in (code, NOTE, TITLE, "turn-taking", case_id):
                assert secret.encode() not in data, (path.name, secret)
    (record,) = services.exports.register()
    assert (record.purpose, record.recipient, record.lock_mode) == (
        Purpose.FAMILY_COPY,
        "the family",
        "none",
    )
    assert record.media_ids == tuple(media)
    actions = [e.action for e in services.ctx.audit.entries()]
    assert "export.family_copy" in actions
    assert services.exports.packages_to_recall(case_id) == []  # given: no recall expected


def test_the_strengths_may_not_carry_the_case_code(
    services: Services, footage: Path, tmp_path: Path
) -> None:
    case_id, media = _media(services, footage, tuple(Purpose))
    code = services.cases.find(case_id).code
    with pytest.raises(InvalidInput, match="case code"):
        services.family_copy.give(media, f"Well done ({code})", tmp_path, html_to_pdf)


def test_a_contact_sheet_needs_family_copy_consent_or_a_case_file_reason(
    services: Services, footage: Path, tmp_path: Path
) -> None:
    without = tuple(p for p in Purpose if p is not Purpose.FAMILY_COPY)
    case_id, media = _media(services, footage, without)
    stills = media[1:]
    sheet = tmp_path / "sheet.pdf"
    with pytest.raises(ConsentRequired, match="MW"):
        services.family_copy.contact_sheet(case_id, stills, sheet, b"%PDF-1.4 sheet")
    assert not sheet.exists() and services.exports.register() == []
    record = services.family_copy.contact_sheet(
        case_id, stills, sheet, b"%PDF-1.4 sheet", case_file_reason="core group meeting"
    )
    assert sheet.read_bytes() == b"%PDF-1.4 sheet"
    assert record.purpose is CaseFile.CASE_FILE and "core group meeting" in record.recipient
    assert [r.id for r in services.exports.register(case_id)] == [record.id]
    assert "export.contact_sheet" in [e.action for e in services.ctx.audit.entries()]


def test_a_contact_sheet_for_the_family_is_registered_as_given(
    services: Services, footage: Path, tmp_path: Path
) -> None:
    case_id, media = _media(services, footage, tuple(Purpose))
    record = services.family_copy.contact_sheet(
        case_id, media[1:], tmp_path / "sheet.pdf", b"%PDF-1.4 sheet"
    )
    assert (record.purpose, record.recipient) == (Purpose.FAMILY_COPY, "the family")
