"""Pure retention rules by time travel: no clock is open-ended (issue 18)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vigdesk.core.errors import InvalidInput
from vigdesk.core.retention import CaseFacts, MediaFacts, Policy, add_months, period_words
from vigdesk.core.retention_schedule import due, inactive, schedule
from vigdesk.paths import resources_dir


def policy(**changes: Any) -> Policy:
    raw = json.loads((resources_dir() / "retention" / "policy.json").read_text("utf-8"))
    raw.update(changes)
    return Policy.from_json(raw)


def open_case(**changes: Any) -> CaseFacts:
    facts: dict[str, Any] = {
        "id": "c1",
        "code": "VIG-26-AAAA",
        "closed_on": None,
        "children_born": (date(2024, 5, 1),),
        "keep_withdrawn_on": None,
        "on_hold": False,
        "media": (
            MediaFacts("f1", "footage", date(2026, 1, 10), None),
            MediaFacts("k1", "clip", date(2026, 1, 12), "f1"),
            MediaFacts("s1", "still", date(2026, 1, 12), "f1"),
        ),
        "opened_on": date(2025, 12, 1),
        "last_session_on": date(2026, 2, 3),
    }
    facts.update(changes)
    return CaseFacts(**facts)


def test_an_open_idle_case_has_its_video_due_n_plus_two_months_after_the_last_session() -> None:
    case = open_case()
    p = policy()
    assert p.inactive_after_months == 6
    assert due([case], p, date(2026, 10, 2)) == []
    items = due([case], p, date(2026, 10, 3))  # 3 Feb + 6 + 2 months
    assert sorted(d.object_id for d in items) == ["f1", "k1", "s1"]
    assert {d.rule for d in items} == {"case_inactive"}
    assert items[0].reason == "no session since 03 Feb 2026: inactive from 03 Aug 2026 + 2 months"


def test_a_case_with_no_session_counts_from_its_referral_or_its_latest_video() -> None:
    case = open_case(last_session_on=None, media=())
    assert case.inactive_from(policy()) == date(2026, 6, 1)
    filmed = open_case(last_session_on=None)
    assert filmed.inactive_from(policy()) == date(2026, 7, 12)


def test_the_inactive_months_come_from_the_policy() -> None:
    items = due([open_case()], policy(inactive_after_months=3), date(2026, 7, 3))
    assert len(items) == 3


def test_an_inactive_case_is_listed_until_a_reason_is_recorded_then_asked_again() -> None:
    p = policy()
    assert inactive([open_case()], p, date(2026, 8, 2)) == []
    [listed] = inactive([open_case()], p, date(2026, 8, 3))
    assert (listed.inactive_from, listed.video_due_on) == (date(2026, 8, 3), date(2026, 10, 3))
    explained = open_case(open_reason_until=date(2027, 2, 3))
    assert inactive([explained], p, date(2027, 2, 2)) == []
    assert len(inactive([explained], p, date(2027, 2, 3))) == 1
    # the reason silences the prompt, not the clock
    assert len(due([explained], p, date(2026, 10, 3))) == 3


def test_a_closed_case_is_never_listed_inactive() -> None:
    case = open_case(closed_on=date(2026, 3, 1))
    assert inactive([case], policy(), date(2030, 1, 1)) == []
    assert {d.rule for d in due([case], policy(), date(2026, 5, 1))} == {
        "footage",
        "clip",
        "still",
    }


def test_the_case_record_falls_back_on_the_closure_date_without_a_date_of_birth() -> None:
    case = open_case(closed_on=date(2026, 3, 1), children_born=())
    records = [d for d in schedule(case, policy()) if d.kind == "case_record"]
    assert [d.due_on for d in records] == [date(2051, 3, 1)]
    assert "no child's date of birth known" in records[0].reason
    [record] = due([case], policy(), date(2051, 3, 1))
    assert record.kind == "case_record"  # the whole case goes, its media with it


def test_period_words() -> None:
    assert [period_words(n) for n in (1, 2, 3, 12, 18, 24)] == [
        "one month",
        "two months",
        "three months",
        "one year",
        "18 months",
        "two years",
    ]


# -- the property: every footage, clip and still has a finite due date --------------------

days = st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 12, 31))


@st.composite
def case_histories(draw: st.DrawFn) -> CaseFacts:
    n = draw(st.integers(0, 6))
    media: list[MediaFacts] = []
    for i in range(n):
        kind = draw(st.sampled_from(["footage", "clip", "still"]))
        source = draw(st.sampled_from([None, *[m.id for m in media]]))
        media.append(
            MediaFacts(
                f"m{i}",
                kind,
                draw(days),
                source,
                reviews_without_summary=tuple(draw(st.lists(st.sampled_from(["r1", "r2"])))),
                training=draw(st.booleans()),
                summarised_review_on=draw(st.none() | days),
            )
        )
    return CaseFacts(
        id="c",
        code="VIG-26-PROP",
        closed_on=draw(st.none() | days),
        children_born=tuple(draw(st.lists(days, max_size=3))),
        keep_withdrawn_on=draw(st.none() | days),
        on_hold=draw(st.booleans()),
        media=tuple(media),
        opened_on=draw(st.none() | days),
        last_session_on=draw(st.none() | days),
        open_reason_until=draw(st.none() | days),
        training_given_on=draw(st.none() | days),
        training_ends_on=draw(st.none() | days),
    )


def _policy(
    video_months: int, inactive_months: int, after: int | None, review_days: int | None = None
) -> Policy:
    raw = json.loads((resources_dir() / "retention" / "policy.json").read_text("utf-8"))
    for kind in ("footage", "clip", "still"):
        raw["rules"][kind] = {"anchor": "case_closed", "months": video_months}  # no fallback
    raw["inactive_after_months"] = inactive_months
    raw["footage_after_clips_months"] = after
    raw["footage_after_review_days"] = review_days
    return Policy.from_json(raw)


policies = st.builds(
    _policy,
    st.integers(0, 36),
    st.integers(1, 24),
    st.none() | st.integers(0, 12),
    st.none() | st.integers(0, 90),
)


@settings(max_examples=300, deadline=None)
@given(case_histories(), policies)
def test_every_video_item_has_a_finite_due_date(case: CaseFacts, p: Policy) -> None:
    planned = {d.object_id: d for d in schedule(case, p) if d.kind != "case_record"}
    assert set(planned) == {m.id for m in case.media}
    known = [
        d
        for d in (
            case.closed_on,
            case.keep_withdrawn_on,
            case.opened_on,
            case.last_session_on,
            case.training_given_on,
            *(m.created for m in case.media),
        )
        if d is not None
    ]
    if not known:
        return
    bound = add_months(max(known), p.inactive_after_months + 36 + 12 + p.video_months)
    for item in planned.values():
        assert item.due_on <= bound, item
        assert item.reason
    swept = due([case], p, bound)
    covered = {d.object_id for d in swept}
    assert case.id in covered or covered >= set(planned)


def test_training_clips_follow_the_training_consent_then_its_withdrawal() -> None:
    p = policy()
    media = (
        MediaFacts("f1", "footage", date(2026, 1, 10), None),
        MediaFacts("k1", "clip", date(2026, 1, 12), "f1", training=True),
    )
    case = open_case(closed_on=date(2026, 3, 1), media=media, training_given_on=date(2025, 12, 5))
    assert [d.object_id for d in due([case], p, date(2026, 5, 1))] == ["f1"]
    [clip] = [d for d in schedule(case, p) if d.object_id == "k1"]
    assert (clip.rule, clip.due_on) == ("training", date(2028, 12, 5))  # the policy's cap
    withdrawn = open_case(
        closed_on=date(2026, 3, 1),
        media=media,
        training_given_on=date(2025, 12, 5),
        training_ends_on=date(2026, 9, 14),
    )
    [clip] = [d for d in due([withdrawn], p, date(2026, 9, 14)) if d.object_id == "k1"]
    assert clip.rule == "training"
    assert clip.reason == "training consent ended 14 Sep 2026"
    assert p.training_limit(date(2025, 12, 5)) == date(2028, 12, 5)


def test_a_policy_cannot_name_a_fallback_the_rules_do_not_apply() -> None:
    raw = json.loads((resources_dir() / "retention" / "policy.json").read_text("utf-8"))
    raw["rules"]["footage"]["fallback"] = "filmed"
    with pytest.raises(InvalidInput, match="fallback must be case_inactive"):
        Policy.from_json(raw)
    del raw["rules"]["footage"]["fallback"]  # an older file: the fallback still applies
    assert Policy.from_json(raw).rules["footage"].fallback == "case_inactive"
    raw["rules"]["footage"]["months"] = "2"
    with pytest.raises(InvalidInput, match="whole number"):
        Policy.from_json(raw)


def test_data_minimisation_lets_raw_footage_go_after_its_summarised_review() -> None:
    media = (
        MediaFacts("f1", "footage", date(2026, 1, 10), None),
        MediaFacts("k1", "clip", date(2026, 1, 12), "f1", summarised_review_on=date(2026, 2, 3)),
    )
    case = open_case(media=media)
    assert [d.object_id for d in due([case], policy(), date(2026, 3, 1))] == []
    on = policy(footage_after_review_days=14)
    [footage] = due([case], on, date(2026, 2, 17))
    assert (footage.object_id, footage.rule) == ("f1", "footage_after_review")
    assert footage.reason == "clips made and the review of 03 Feb 2026 summarised + 14 days"
    unsummarised = open_case(media=(media[0], MediaFacts("k1", "clip", date(2026, 1, 12), "f1")))
    assert due([unsummarised], on, date(2026, 3, 1)) == []


def test_review_video_without_a_summary_is_due_on_its_date_but_marked_to_wait() -> None:
    media = (
        MediaFacts("f1", "footage", date(2026, 1, 10), None),
        MediaFacts("k1", "clip", date(2026, 1, 12), "f1", reviews_without_summary=("r1", "r2")),
    )
    case = open_case(closed_on=date(2026, 3, 1), media=media)
    assert due([case], policy(), date(2026, 4, 30)) == []  # the clock, not the summary, decides
    items = {d.object_id: d for d in due([case], policy(), date(2026, 5, 1))}
    assert items["k1"].needs_summary and items["k1"].reviews_without_summary == ("r1", "r2")
    assert not items["f1"].needs_summary
    assert items["k1"].due_on == items["f1"].due_on == date(2026, 5, 1)


def test_the_shipped_policy_attributes_the_video_period_to_the_consent_forms() -> None:
    """The PIA gives no period: the two months come from the VIG consent forms."""
    raw = json.loads((resources_dir() / "retention" / "policy.json").read_text("utf-8"))
    assert "PIA" not in json.dumps(raw)
    assert "consent forms" in raw["rules"]["footage"]["why"]
