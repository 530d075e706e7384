"""Subject access export, erasure with certificate, and the information audit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import CHILD, MOTHER, Family
from tests.sqlcipher_pages import decrypted_pages
from vigdesk.core.errors import InvalidInput, NotFound
from vigdesk.crypto import keys
from vigdesk.services import report_html
from vigdesk.services.information_audit import information_audit
from vigdesk.services.session import Services
from vigdesk.services.subject_access import SubjectAccessService


@pytest.fixture
def filmed(services: Services, family: Family, footage: Path) -> str:
    return services.media.import_footage(family.case.id, footage).item.id


def test_export_writes_json_pdf_and_video_only_where_asked(
    services: Services, family: Family, filmed: str, tmp_path: Path
) -> None:
    from vigdesk.render.pdf import html_to_pdf

    out = tmp_path / "chosen-folder"
    result = SubjectAccessService(services.ctx).export(
        family.mother.id, out, render_pdf=html_to_pdf, include_video=True
    )
    names = sorted(p.name for p in result.files)
    assert names == ["footage-1.mp4", "record.json", "record.pdf"]
    record = json.loads((result.folder / "record.json").read_text())
    sections = {x["key"]: x["items"] for x in record["sections"]}
    assert sections["about"][0] == {"Detail": "Name", "What we hold": MOTHER}
    assert sections["video"][0]["Others in it"] == family.child.initials
    assert (result.folder / "record.pdf").read_bytes().startswith(b"%PDF")
    mp4 = (result.folder / "footage-1.mp4").read_bytes()
    assert mp4[4:8] == b"ftyp"
    entry = list(services.ctx.audit.entries())[-1]
    assert entry.action == "sar.exported" and MOTHER not in json.dumps(entry.details)
    with pytest.raises(InvalidInput, match="already exists"):
        SubjectAccessService(services.ctx).export(family.mother.id, out)


def test_erasing_the_last_people_shreds_the_case(
    services: Services, family: Family, filmed: str
) -> None:
    sar = SubjectAccessService(services.ctx)
    blob = services.media.get(filmed).blob_id
    (evidence,) = {r.evidence_blob_id for r in services.consent.for_case(family.case.id)}
    assert evidence is not None
    first = sar.erase(family.child.id, "parent's request")
    assert first.deleted["video"] == 1 and not first.case_record_deleted
    assert first.deleted["documents"] == 1  # the signed form covered only this child
    assert not services.ctx.blobs.path(evidence).exists()
    assert not services.ctx.blobs.path(blob).exists()
    second = sar.erase(family.mother.id, "parent's request")
    assert second.case_record_deleted
    with pytest.raises(NotFound):
        services.cases.find(family.case.code)
    html = report_html.erasure_certificate(second)
    assert "MW" in html and MOTHER not in html
    db_key = keys.hkdf(services.vault.master_key, keys.DB_KEY_INFO)
    pages = b"".join(decrypted_pages(services.vault.home / "case.db", db_key))
    assert MOTHER.encode() not in pages and CHILD.encode() not in pages


def test_erasure_respects_legal_hold(services: Services, family: Family, filmed: str) -> None:
    services.retention.set_hold(family.case.id, "court order")
    with pytest.raises(InvalidInput, match="legal hold"):
        SubjectAccessService(services.ctx).erase(family.mother.id, "request")
    assert services.media.get(filmed)


def test_information_audit_has_counts_and_no_names(
    services: Services, family: Family, filmed: str
) -> None:
    report = information_audit(services.ctx, services.retention)
    assert report.families == 1 and report.children == 1 and report.videos == {"footage": 1}
    assert report.footage_hours == pytest.approx(6 / 3600, abs=0.0006)
    assert report.consent_coverage["keep"] == 1.0
    html = report_html.information_audit(report)
    for secret in (MOTHER, CHILD, family.case.code, family.case.initials):
        assert secret not in html and secret not in json.dumps(report.__dict__)


def test_an_export_that_fills_the_disk_leaves_no_half_copy(
    services: Services, family: Family, filmed: str, tiny_disk: Path
) -> None:
    from vigdesk.core.errors import StorageFull

    with pytest.raises(StorageFull, match="disk is full"):
        SubjectAccessService(services.ctx).export(family.mother.id, tiny_disk, include_video=True)
    assert list(tiny_disk.iterdir()) == []  # no plaintext fragment left behind
