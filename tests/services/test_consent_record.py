"""The consent record: its HTML, sealing it with the consents (both or neither), reading it back."""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import CHILD, MOTHER, Family, add_family
from vigdesk.core.cases import PersonKind
from vigdesk.core.consent import Method, Purpose
from vigdesk.core.errors import InvalidInput
from vigdesk.services.consent_record import (
    RECORD_KIND,
    ConsentRecordService,
    ConsentRequest,
    age_text,
    facts_for_request,
)
from vigdesk.services.consent_record_html import record_html
from vigdesk.services.documents import current_consent_text
from vigdesk.services.session import Services

PNG = b"\x89PNG\r\n\x1a\n" + b"drawn signature"
PDF = b"%PDF-1.4 a consent record"


def request_for(fam: Family, **changes: object) -> ConsentRequest:
    values: dict[str, object] = {
        "case_id": fam.case.id,
        "giver_id": fam.mother.id,
        "child_ids": (fam.child.id,),
        "purposes": {
            Purpose.FILM: True,
            Purpose.KEEP: True,
            Purpose.SUPERVISION: True,
            Purpose.TRAINING: False,
        },
        "form_version": current_consent_text().version,
        "given_on": date(2026, 9, 14),
        "method": Method.SIGNED_ON_SCREEN,
        "evidence": PNG,
        "review_due": date(2027, 3, 14),
        "child_view": "Smiled at the camera.",
    }
    values.update(changes)
    return ConsentRequest(**values)  # type: ignore[arg-type]


@pytest.fixture
def fam(services: Services) -> Family:
    return add_family(services, consent=())


@pytest.fixture
def records(services: Services) -> ConsentRecordService:
    return ConsentRecordService(services.ctx, services.consent)


def test_age_text() -> None:
    assert age_text(date(2024, 3, 2), date(2026, 9, 14)) == "2 years 6 months"
    assert age_text(date(2024, 3, 20), date(2026, 3, 14)) == "1 year 11 months"
    assert age_text(date(2026, 8, 1), date(2026, 9, 14)) == "1 month"
    assert age_text(date(2023, 9, 14), date(2026, 9, 14)) == "3 years"
    assert age_text(None, date(2026, 9, 14)) == ""


def test_html_names_initials_purposes_answers_and_form_version(
    services: Services, fam: Family
) -> None:
    people = services.cases.people(fam.case.id)
    facts = facts_for_request(request_for(fam), fam.case.code, people, "ZQ")
    html = record_html(facts)
    form = current_consent_text()
    assert f"version {form.version}" in html
    for title in ("Filming", "Keeping the video", "Supervision", "Training"):
        assert title in html
    assert html.count("class='yes'>✓ Yes") == 3 and html.count("class='no'>✗ No") == 1
    assert "MW (mother), who holds parental responsibility" in html
    assert "PW (aged 2 years 6 months)" in html
    assert "data:image/png;base64," in html and "Smiled at the camera." in html
    assert "14 September 2026" in html and "14 March 2027" in html
    assert "Recorded by</td><td width='70%'>ZQ" in html
    assert "page-break-before" in html and "agreeing to be filmed" in html  # the form text
    for name in (MOTHER, CHILD, *MOTHER.split(), *CHILD.split()):
        assert name not in html


def test_html_escapes_what_people_typed(services: Services, fam: Family) -> None:
    people = services.cases.people(fam.case.id)
    facts = facts_for_request(
        request_for(fam, child_view="<b>loud</b> & proud"), fam.case.code, people, "ZQ"
    )
    assert "&lt;b&gt;loud&lt;/b&gt; &amp; proud" in record_html(facts)


def test_record_seals_the_pdf_with_the_consents(
    services: Services, fam: Family, records: ConsentRecordService
) -> None:
    done = records.record(request_for(fam), PDF, "ZQ")
    assert len(done.records) == 4
    refused = [r for r in done.records if not r.granted]
    assert [r.purpose for r in refused] == [Purpose.TRAINING]
    assert records.sealed_by(fam.case.id) == {
        r.id: (done.record_blob_id, "ZQ") for r in done.records
    }
    assert records.original_pdf(done.record_blob_id) == PDF
    kinds = services.ctx.db.execute("SELECT kind FROM blobs WHERE case_id = ?", (fam.case.id,))
    assert sorted(k[0] for k in kinds) == ["consent-evidence", RECORD_KIND]
    actions = [e.action for e in services.ctx.audit.entries()]
    assert "consent.record_sealed" in actions and "consent.record_read" in actions
    services.consent.require(fam.case.id, [Purpose.FILM, Purpose.KEEP], "film")


def test_nothing_is_kept_when_the_consent_is_refused_by_the_rules(
    services: Services, fam: Family, records: ConsentRecordService
) -> None:
    stranger = services.cases.add_person(fam.case.id, PersonKind.ADULT, "Odo Nobody")
    with pytest.raises(InvalidInput, match="parental responsibility"):
        records.record(request_for(fam, giver_id=stranger.id), PDF, "ZQ")
    with pytest.raises(InvalidInput, match="could not be produced"):
        records.record(request_for(fam), b"<html>", "ZQ")
    assert services.ctx.db.scalar("SELECT count(*) FROM consents") == 0
    assert services.ctx.db.scalar("SELECT count(*) FROM blobs") == 0
    assert not [p for p in services.ctx.blobs.root.glob("*/*")]


def test_stored_facts_show_withdrawals_since(
    services: Services, fam: Family, records: ConsentRecordService
) -> None:
    done = records.record(request_for(fam), PDF, "ZQ")
    keep = [r.id for r in done.records if r.purpose is Purpose.KEEP]
    services.consent.withdraw(keep, "moving away")
    facts = records.stored_facts(fam.case.id, [r.id for r in done.records])
    assert facts.evidence == PNG and facts.recorded_by == "ZQ"
    assert dict(facts.answers)[Purpose.TRAINING] is False
    assert [(w.purpose, w.child_initials, w.reason) for w in facts.withdrawals] == [
        (Purpose.KEEP, "PW", "moving away")
    ]
    html = record_html(facts)
    assert "Withdrawn since" in html and "moving away" in html
    assert "consent.evidence_read" in [e.action for e in services.ctx.audit.entries()]
