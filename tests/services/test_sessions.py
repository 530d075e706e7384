"""The VIG timeline and helping questions on a real vault: rules, links, audit."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CHILD, MOTHER, Family, add_family
from vigdesk.core.cases import PersonKind
from vigdesk.core.errors import InvalidInput, NotFound
from vigdesk.core.sessions import SessionKind
from vigdesk.services.session import Services

NOTES = "Grandmother Ottoline joined; the toddler hid behind the sofa"
SUMMARY = "Lovely moments of following the child's lead with the blocks"
QUESTION = "How can I help Peregrine feel safe when we are apart?"


def new_entries(s: Services, after: int) -> list[Any]:
    return list(s.ctx.audit.entries(after))


def last_seq(s: Services) -> int:
    return max((e.seq for e in s.ctx.audit.entries()), default=0)


def assert_no_personal_text(s: Services) -> None:
    for entry in s.ctx.audit.entries():
        text = str(entry.details)
        for secret in (MOTHER, CHILD, NOTES, SUMMARY, QUESTION, "Ottoline", "MW", "PW"):
            assert secret not in text, (entry.action, text)


def test_sessions_are_listed_in_order_and_audited(services: Services, family: Family) -> None:
    case_id = family.case.id
    before = last_seq(services)
    review = services.sessions.add_session(
        case_id, SessionKind.SHARED_REVIEW, date(2026, 10, 8), notes=NOTES, summary=SUMMARY
    )
    first = services.sessions.add_session(case_id, SessionKind.INITIAL_MEETING, date(2026, 9, 3))
    filming = services.sessions.add_session(
        case_id, SessionKind.FILMING, date(2026, 9, 24), notes=NOTES
    )
    listed = services.sessions.list_sessions(case_id)
    assert [s.id for s in listed] == [first.id, filming.id, review.id]
    assert listed[2].summary == SUMMARY and listed[2].summary_written
    assert not listed[1].summary_written and listed[1].notes == NOTES
    actions = [(e.action, e.object_id, e.details) for e in new_entries(services, before)]
    assert actions[0] == (
        "session.added",
        review.id,
        {"case": case_id, "kind": "shared_review", "media": 0, "summary": True},
    )
    assert [a for a, _, _ in actions] == ["session.added"] * 3 + ["session.listed"]
    assert actions[-1][1:] == (case_id, {"count": 3})
    assert_no_personal_text(services)


def test_impossible_dates_and_misplaced_summaries_are_refused(
    services: Services, family: Family
) -> None:
    for on, message in (
        (date(2026, 8, 31), r"is before the referral \(01 Sep 2026\)"),
        (services.ctx.today() + timedelta(days=1), "is in the future"),
    ):
        with pytest.raises(InvalidInput, match=message):
            services.sessions.add_session(family.case.id, SessionKind.FILMING, on)
    with pytest.raises(InvalidInput, match="belongs to a shared or final review"):
        services.sessions.add_session(
            family.case.id, SessionKind.FILMING, date(2026, 9, 20), summary=SUMMARY
        )
    services.cases.close_case(family.case.id, date(2026, 11, 1), "goals met")
    with pytest.raises(InvalidInput, match="after the case closed"):
        services.sessions.add_session(family.case.id, SessionKind.FINAL_REVIEW, date(2026, 11, 2))
    assert services.ctx.db.scalar("SELECT count(*) FROM sessions") == 0


def test_update_names_changed_fields_only(services: Services, family: Family) -> None:
    session = services.sessions.add_session(
        family.case.id, SessionKind.SHARED_REVIEW, date(2026, 10, 1)
    )
    assert not session.summary_written
    before = last_seq(services)
    changed = services.sessions.update_session(session.id, summary=SUMMARY, notes=NOTES)
    assert changed.summary_written and changed.held_on == date(2026, 10, 1)
    assert services.sessions.update_session(session.id, notes=NOTES) == changed  # no-op
    with pytest.raises(InvalidInput, match="before the referral"):
        services.sessions.update_session(session.id, held_on=date(2026, 1, 1))
    with pytest.raises(InvalidInput, match="summary belongs"):
        services.sessions.update_session(session.id, kind=SessionKind.FILMING)
    [entry] = new_entries(services, before)
    assert (entry.action, entry.details) == (
        "session.updated",
        {"case": family.case.id, "fields": ["notes", "summary"]},
    )
    assert_no_personal_text(services)


def test_media_links_stay_within_the_case(
    services: Services, family: Family, footage: Path
) -> None:
    item = services.media.import_footage(family.case.id, footage).item
    filming = services.sessions.add_session(
        family.case.id, SessionKind.FILMING, date(2026, 9, 20), media_ids=[item.id]
    )
    review = services.sessions.add_session(
        family.case.id, SessionKind.SHARED_REVIEW, date(2026, 10, 1)
    )
    assert services.sessions.media_with_written_review(family.case.id) == frozenset()
    linked = services.sessions.link_media(review.id, [item.id, item.id])
    assert linked.media_ids == (item.id,)
    services.sessions.update_session(review.id, summary=SUMMARY)
    assert services.sessions.media_with_written_review(family.case.id) == {item.id}
    other = add_family(services, consent=())
    stranger = services.sessions.add_session(other.case.id, SessionKind.FILMING, date(2026, 9, 9))
    with pytest.raises(InvalidInput, match="belongs to another case"):
        services.sessions.link_media(stranger.id, [item.id])
    with pytest.raises(NotFound):
        services.sessions.link_media(filming.id, ["0" * 32])
    unlinked = services.sessions.unlink_media(filming.id, item.id)
    assert unlinked.media_ids == ()
    assert [s.media_ids for s in services.sessions.list_sessions(family.case.id)] == [
        (),
        (item.id,),
    ]
    details = {e.action: e.details for e in services.ctx.audit.entries()}
    assert details["session.media_linked"] == {"case": family.case.id, "media": [item.id]}
    assert details["session.media_unlinked"] == {"case": family.case.id, "media": [item.id]}


def test_helping_questions_rated_at_baseline_and_sessions(
    services: Services, family: Family
) -> None:
    case_id = family.case.id
    question = services.helping.add_question(case_id, f"  {QUESTION} ", agreed_on=date(2026, 9, 3))
    assert question.text == QUESTION
    review = services.sessions.add_session(case_id, SessionKind.SHARED_REVIEW, date(2026, 10, 8))
    base = services.helping.rate(question.id, family.mother.id, 2, rated_on=date(2026, 9, 3))
    later = services.helping.rate(question.id, family.mother.id, 6, session_id=review.id)
    assert base.is_baseline and not later.is_baseline and later.rated_on == date(2026, 10, 8)
    [listed] = services.helping.list_questions(case_id)
    assert [(r.score, r.session_id) for r in listed.ratings] == [(2, None), (6, review.id)]
    actions = [(e.action, e.details) for e in services.ctx.audit.entries()][-4:]
    assert actions == [
        ("session.added", {"case": case_id, "kind": "shared_review", "media": 0, "summary": False}),
        ("helping.rated", {"case": case_id, "session": None, "baseline": True}),
        ("helping.rated", {"case": case_id, "session": review.id, "baseline": False}),
        ("helping.listed", {"questions": 1, "ratings": 2}),
    ]
    assert_no_personal_text(services)


def test_ratings_outside_0_to_10_are_refused(services: Services, family: Family) -> None:
    question = services.helping.add_question(family.case.id, QUESTION)
    scores: tuple[Any, ...] = (11, -1, 3.5, True, "7")
    for score in scores:
        with pytest.raises(InvalidInput, match="from 0 to 10"):
            services.helping.rate(question.id, family.mother.id, score)
    assert services.ctx.db.scalar("SELECT count(*) FROM helping_ratings") == 0


def test_who_and_when_a_rating_may_be_given(services: Services, family: Family) -> None:
    question = services.helping.add_question(family.case.id, QUESTION, agreed_on=date(2026, 9, 5))
    review = services.sessions.add_session(
        family.case.id, SessionKind.SHARED_REVIEW, date(2026, 10, 8)
    )
    other = add_family(services, consent=())
    elsewhere = services.sessions.add_session(other.case.id, SessionKind.FILMING, date(2026, 9, 9))
    refused: list[tuple[Callable[[], object], str]] = [
        (lambda: services.helping.rate(question.id, family.child.id, 5), "rated by an adult"),
        (lambda: services.helping.rate(question.id, other.mother.id, 5), "rated by an adult"),
        (
            lambda: services.helping.rate(
                question.id, family.mother.id, 5, session_id=elsewhere.id
            ),
            "another case",
        ),
        (
            lambda: services.helping.rate(
                question.id, family.mother.id, 5, session_id=review.id, rated_on=date(2026, 10, 9)
            ),
            "dated that session",
        ),
        (
            lambda: services.helping.rate(
                question.id, family.mother.id, 5, rated_on=date(2026, 9, 4)
            ),
            "before the question was agreed",
        ),
        (lambda: services.helping.add_question(family.case.id, "   "), "Write the helping"),
        (
            lambda: services.helping.add_question(
                family.case.id, QUESTION, agreed_on=date(2026, 8, 1)
            ),
            "before the referral",
        ),
    ]
    for call, message in refused:
        with pytest.raises(InvalidInput, match=message):
            call()
    services.helping.rate(question.id, family.mother.id, 4)
    with pytest.raises(InvalidInput, match="MW has already rated this question at baseline"):
        services.helping.rate(question.id, family.mother.id, 5)
    father = services.cases.add_person(family.case.id, PersonKind.ADULT, "Ambrose Fairweather")
    services.helping.rate(question.id, father.id, 5)  # each adult gives their own baseline
    assert services.ctx.db.scalar("SELECT count(*) FROM helping_ratings") == 2
    assert services.ctx.db.scalar("SELECT count(*) FROM helping_questions") == 1


def test_session_notes_are_searchable(services: Services, family: Family) -> None:
    from vigdesk.core.sessions import SessionKind

    services.sessions.add_session(
        family.case.id,
        SessionKind.FILMING,
        date(2026, 10, 1),
        notes="bath time with lots of giggling",
    )
    assert [c.id for c in services.cases.search("giggl")] == [family.case.id]
