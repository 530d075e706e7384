"""Letters drafted from the case, advice e-mail text, subject access and erasure."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.conftest import CHILD, MOTHER, PRACTITIONER, Family
from vigdesk.core.errors import InvalidInput, NotFound
from vigdesk.core.letters import LetterStatus
from vigdesk.core.sessions import SessionKind
from vigdesk.services.session import Services
from vigdesk.services.subject_access import SubjectAccessService


def _pdf(html: str, title: str) -> bytes:
    return b"%PDF-1.4 " + html.encode()


def test_end_of_intervention_draft_is_filled_from_the_case(
    services: Services, family: Family
) -> None:
    s, case = services, family.case
    question = s.helping.add_question(
        case.id, "How can I help Peri settle at night?", agreed_on=date(2026, 9, 12)
    )
    s.helping.rate(question.id, family.mother.id, 3, rated_on=date(2026, 9, 12))
    review = s.sessions.add_session(
        case.id, SessionKind.SHARED_REVIEW, date(2026, 10, 1), summary="Lovely turn-taking."
    )
    s.helping.rate(question.id, family.mother.id, 7, session_id=review.id)
    names = [t.kind for t in s.letters.templates()]
    assert names == ["end_of_intervention", "appointment", "blank"]
    letter = s.letters.draft(case.id, "end_of_intervention")
    text = s.letters.text(letter.id)
    assert "Dear Marigold" in text and MOTHER in text and "Peregrine" in text
    assert "How can I help Peri settle at night?" in text
    assert "3 out of 10 at the start, 7 out of 10 most recently" in text
    assert "Lovely turn-taking." in text and PRACTITIONER in text
    assert letter.status is LetterStatus.DRAFT and letter.title == "End-of-intervention summary"
    s.letters.save_text(letter.id, "<p>Dear Marigold, edited.</p>")
    assert s.letters.text(letter.id) == "<p>Dear Marigold, edited.</p>"
    actions = [e.action for e in s.ctx.audit.entries() if e.object_id == letter.id]
    assert actions == ["letter.drafted", "letter.read", "letter.edited", "letter.read"]


def test_sending_needs_a_site_with_a_bso(services: Services, family: Family) -> None:
    letter = services.letters.draft(family.case.id, "blank")
    with pytest.raises(InvalidInput, match="enrol"):
        services.letters.send(letter.id, _pdf)
    assert services.letters.get(letter.id).status is LetterStatus.DRAFT
    with pytest.raises(InvalidInput, match="Only the BSO"):
        services.letters.outbox()


def test_email_text_uses_code_and_initials_and_refuses_a_full_name(
    services: Services, family: Family
) -> None:
    s, case = services, family.case
    session = s.sessions.add_session(case.id, SessionKind.FILMING, date(2026, 10, 2))
    text = s.letters.email_text(case.id, "MW asks about bedtime routines.", session.id)
    assert text.startswith(f"Case {case.code} (MW), filming on 02 Oct 2026")
    for leak in (MOTHER, "Dear Marigold", "born 02/03/2024", "Wolstenholme family"):
        with pytest.raises(InvalidInput, match="names someone"):
            s.letters.email_text(case.id, f"Advice please: {leak}.")
    assert [e.action for e in s.ctx.audit.entries()].count("letter.email_copied") == 1


def test_letters_are_in_subject_access_and_go_with_an_erasure(
    services: Services, family: Family, tmp_path: Path
) -> None:
    s = services
    letter = s.letters.draft(family.case.id, "appointment")
    sar = SubjectAccessService(s.ctx)
    record = sar.collect(family.mother.id).to_json()
    assert [x["title"] for x in record["letters"]] == ["Appointment"]
    assert MOTHER in record["letters"][0]["text"]
    sar.erase(family.mother.id, "asked to be forgotten")
    with pytest.raises(NotFound):
        s.letters.get(letter.id)
    assert CHILD  # the child stays; the letter named the mother, so it went


def test_letters_go_with_the_case_record(services: Services, family: Family) -> None:
    from vigdesk.storage.retention import RetentionRepo

    letter = services.letters.draft(family.case.id, "blank")
    with services.ctx.db.transact():
        RetentionRepo(services.ctx.db).delete_case(family.case.id)  # the case-record rule
    with pytest.raises(NotFound):
        services.letters.get(letter.id)
    left = services.ctx.db.scalar("SELECT count(*) FROM letter_texts")
    assert left == 0
