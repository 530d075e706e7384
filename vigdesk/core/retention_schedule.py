"""The pure decision of what is due: every item's date and reason (DESIGN §7).

`schedule()` gives every footage, clip, still and closed case record a due date and
the reason for it from plain facts; `due()` keeps what has passed on a given date, so
every rule can be tested by time travel. No clock is open-ended: video in a case
nobody closes falls back on the inactivity anchor, a case record without a child's
date of birth on the closure date.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from vigdesk.core.retention import (
    CaseFacts,
    Due,
    Inactive,
    MediaFacts,
    Policy,
    Rule,
    add_months,
)


def due(cases: Iterable[CaseFacts], policy: Policy, today: date) -> list[Due]:
    """Everything whose retention date has passed (held items included, marked `held`)."""
    return due_from((schedule(case, policy) for case in cases), today)


def due_from(schedules: Iterable[list[Due]], today: date) -> list[Due]:
    """`due` from each case's `schedule` already made (one list per case)."""
    found: list[Due] = []
    for items in schedules:
        record = [d for d in items if d.kind == "case_record" and d.due_on <= today]
        found.extend(record or [d for d in items if d.due_on <= today])  # the case takes all
    return sorted(found, key=lambda d: (d.due_on, d.case_code, d.kind))


def inactive(cases: Iterable[CaseFacts], policy: Policy, today: date) -> list[Inactive]:
    """Open cases gone quiet whose reason to stay open is missing or due to be re-asked."""
    found = []
    for case in cases:
        since = case.inactive_from(policy)
        last = case.last_activity
        if since is None or last is None or since > today:
            continue
        if case.open_reason_until is not None and case.open_reason_until > today:
            continue
        found.append(
            Inactive(case.id, case.code, last, since, policy.rules["footage"].due_on(since))
        )
    return sorted(found, key=lambda i: (i.inactive_from, i.case_code))


def schedule(case: CaseFacts, policy: Policy) -> list[Due]:
    """The due date and reason of the case record (once computable) and of every
    footage, clip and still of the case, whatever today is."""
    out: list[Due] = []

    def add(
        kind: str, oid: str, found: tuple[date, str, str], summary: tuple[str, ...] = ()
    ) -> None:
        when, rule_name, reason = found
        out.append(
            Due(kind, oid, case.id, case.code, rule_name, when, reason, case.on_hold, summary)
        )

    record = _case_record(case, policy)
    if record is not None:
        add("case_record", case.id, record)
    clip_dates: dict[str, date] = {}
    for m in case.media:
        if m.kind == "clip" and m.source_id:
            clip_dates[m.source_id] = max(clip_dates.get(m.source_id, m.created), m.created)
    reviewed: dict[str, date] = {}  # footage id → its or its clips' latest summarised review
    for m in case.media:
        key = m.source_id if m.kind == "clip" and m.source_id else m.id
        if m.summarised_review_on is not None:
            reviewed[key] = max(reviewed.get(key, m.summarised_review_on), m.summarised_review_on)
    inactive_from = case.inactive_from(policy)
    for m in case.media:
        candidates = _media_candidates(case, m, policy, inactive_from, clip_dates.get(m.id))
        review = reviewed.get(m.id)
        days = policy.footage_after_review_days
        if m.kind == "footage" and days is not None and m.id in clip_dates and review:
            candidates.append(
                (
                    review + timedelta(days=days),
                    "footage_after_review",
                    f"clips made and the review of {review:%d %b %Y} summarised + {days} days",
                )
            )
        add(m.kind, m.id, min(candidates), m.reviews_without_summary)
    return out


def _case_record(case: CaseFacts, policy: Policy) -> tuple[date, str, str] | None:
    rule = policy.rules["case_record"]
    if case.closed_on is None:
        return None
    youngest = max(case.children_born, default=None)
    if youngest is not None:
        return (
            rule.due_on(youngest),
            "case_record",
            f"case closed and the youngest child turned {rule.years}",
        )
    return (
        rule.due_on(case.closed_on),
        "case_record",
        f"no child's date of birth known: case closed {case.closed_on:%d %b %Y} + {_period(rule)}",
    )


def _media_candidates(
    case: CaseFacts,
    m: MediaFacts,
    policy: Policy,
    inactive_from: date | None,
    clips_made: date | None,
) -> list[tuple[date, str, str]]:
    """Every date `m` could go on, with its rule and reason; never empty."""
    rule = policy.rules[m.kind]
    training = policy.training
    out: list[tuple[date, str, str]] = []
    if m.training and case.training_given_on is not None:
        if case.training_ends_on is not None:
            out.append(
                (
                    case.training_ends_on,
                    "training",
                    f"training consent ended {case.training_ends_on:%d %b %Y}",
                )
            )
        out.append(
            (
                policy.training_limit(case.training_given_on),
                "training",
                f"training consent given {case.training_given_on:%d %b %Y} + at most "
                f"{_period(Rule(training.anchor, policy.training_cap_months))}",
            )
        )
    elif case.closed_on is not None:
        out.append(
            (
                rule.due_on(case.closed_on),
                m.kind,
                f"case closed {case.closed_on:%d %b %Y} + {_period(rule)}",
            )
        )
    elif inactive_from is not None:
        out.append(
            (
                rule.due_on(inactive_from),
                "case_inactive",
                f"no session since {case.last_activity:%d %b %Y}: inactive from "
                f"{inactive_from:%d %b %Y} + {_period(rule)}",
            )
        )
    if case.keep_withdrawn_on is not None:
        keep = policy.rules["video_after_keep_withdrawn"]
        out.append(
            (
                keep.due_on(case.keep_withdrawn_on),
                "video_after_keep_withdrawn",
                f"consent to keep video withdrawn {case.keep_withdrawn_on:%d %b %Y}",
            )
        )
    if m.kind == "footage" and policy.footage_after_clips_months is not None and clips_made:
        out.append(
            (
                add_months(clips_made, policy.footage_after_clips_months),
                "footage_after_clips",
                f"clips made {clips_made:%d %b %Y} + {policy.footage_after_clips_months} months",
            )
        )
    return out


def _period(rule: Rule) -> str:
    parts = []
    if rule.years:
        parts.append(f"{rule.years} year{'s' * (rule.years != 1)}")
    if rule.months or not parts:
        parts.append(f"{rule.months} month{'s' * (rule.months != 1)}")
    return " ".join(parts)
