"""Retention rules as data, and the pure decision of what is due (DESIGN §7).

`due()` looks only at plain facts and a date, so every rule can be tested by
time travel. Deleting is the sweep service's job.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

from vigdesk.core.errors import InvalidInput


class Anchor(StrEnum):
    CASE_CLOSED = "case_closed"
    KEEP_WITHDRAWN = "keep_withdrawn"
    YOUNGEST_CHILD_BIRTHDAY = "youngest_child_birthday"
    FILMED = "filmed"
    CLIPS_MADE = "clips_made"
    ENTRY = "entry"


KINDS = (
    "footage",
    "clip",
    "still",
    "video_after_keep_withdrawn",
    "consent_evidence",
    "case_record",
    "audit_log",
)


@dataclass(frozen=True)
class Rule:
    anchor: Anchor
    months: int = 0
    years: int = 0
    why: str = ""

    def due_on(self, start: date) -> date:
        return add_months(start, self.months + 12 * self.years)


@dataclass(frozen=True)
class Policy:
    version: str
    rules: dict[str, Rule]
    footage_after_clips_months: int | None = None

    @classmethod
    def load(cls, path: Path) -> Policy:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise InvalidInput(f"{path}: cannot read the retention policy ({exc}).") from exc
        return cls.from_json(data, str(path))

    @classmethod
    def from_json(cls, data: dict[str, Any], where: str = "policy") -> Policy:
        rules = {}
        for kind in KINDS:
            raw = data.get("rules", {}).get(kind)
            if not isinstance(raw, dict):
                raise InvalidInput(f"{where}: rules.{kind}: missing")
            try:
                rules[kind] = Rule(
                    Anchor(raw["anchor"]),
                    int(raw.get("months", 0)),
                    int(raw.get("years", 0)),
                    str(raw.get("why", "")),
                )
            except (KeyError, ValueError) as exc:
                raise InvalidInput(f"{where}: rules.{kind}: {exc}") from exc
        after = data.get("footage_after_clips_months")
        return cls(str(data.get("version", "")), rules, None if after is None else int(after))


def add_months(start: date, months: int) -> date:
    """Calendar months; the 31st becomes the month's last day."""
    year, month = divmod(start.month - 1 + months, 12)
    year += start.year
    month += 1
    for day in (start.day, 30, 29, 28):
        try:
            return start.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


@dataclass(frozen=True)
class MediaFacts:
    id: str
    kind: str  # footage | clip | still
    created: date
    source_id: str | None


@dataclass(frozen=True)
class CaseFacts:
    id: str
    code: str
    closed_on: date | None
    children_born: tuple[date, ...]
    keep_withdrawn_on: date | None
    on_hold: bool
    media: tuple[MediaFacts, ...] = field(default_factory=tuple)
    evidence_blobs: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Due:
    """One thing the schedule says must go, and why (no personal data)."""

    kind: str  # footage | clip | still | consent_evidence | case_record
    object_id: str
    case_id: str
    case_code: str
    rule: str
    due_on: date
    reason: str
    held: bool = False


def due(cases: Iterable[CaseFacts], policy: Policy, today: date) -> list[Due]:
    """Everything whose retention date has passed (held items included, marked `held`)."""
    found: list[Due] = []
    for case in cases:
        found.extend(_case_due(case, policy, today))
    return sorted(found, key=lambda d: (d.due_on, d.case_code, d.kind))


def _case_due(case: CaseFacts, policy: Policy, today: date) -> list[Due]:
    out: list[Due] = []

    def add(kind: str, oid: str, rule_name: str, when: date, reason: str) -> None:
        if when <= today:
            out.append(Due(kind, oid, case.id, case.code, rule_name, when, reason, case.on_hold))

    youngest = max(case.children_born, default=None)
    record = policy.rules["case_record"]
    if case.closed_on is not None and youngest is not None:
        when = record.due_on(youngest)
        if when <= today:
            add(
                "case_record",
                case.id,
                "case_record",
                when,
                f"case closed and the youngest child turned {record.years}",
            )
            return out  # the whole case goes; its media with it
    clip_dates: dict[str, date] = {}
    for m in case.media:
        if m.kind == "clip" and m.source_id:
            clip_dates[m.source_id] = max(clip_dates.get(m.source_id, m.created), m.created)
    for m in case.media:
        candidates: list[tuple[date, str, str]] = []
        if case.closed_on is not None:
            rule = policy.rules[m.kind]
            candidates.append(
                (
                    rule.due_on(case.closed_on),
                    m.kind,
                    f"case closed {case.closed_on:%d %b %Y} + {_period(rule)}",
                )
            )
        if case.keep_withdrawn_on is not None:
            rule = policy.rules["video_after_keep_withdrawn"]
            candidates.append(
                (
                    rule.due_on(case.keep_withdrawn_on),
                    "video_after_keep_withdrawn",
                    f"consent to keep video withdrawn {case.keep_withdrawn_on:%d %b %Y}",
                )
            )
        if (
            m.kind == "footage"
            and policy.footage_after_clips_months is not None
            and m.id in clip_dates
        ):
            candidates.append(
                (
                    add_months(clip_dates[m.id], policy.footage_after_clips_months),
                    "footage_after_clips",
                    f"clips made {clip_dates[m.id]:%d %b %Y} + "
                    f"{policy.footage_after_clips_months} months",
                )
            )
        if candidates:
            when, rule_name, reason = min(candidates)
            add(m.kind, m.id, rule_name, when, reason)
    return out


def _period(rule: Rule) -> str:
    parts = []
    if rule.years:
        parts.append(f"{rule.years} year{'s' * (rule.years != 1)}")
    if rule.months or not parts:
        parts.append(f"{rule.months} month{'s' * (rule.months != 1)}")
    return " ".join(parts)


@dataclass(frozen=True)
class Hold:
    case_id: str
    reason: str
    set_by: str
    set_at: str


@dataclass(frozen=True)
class SweepRun:
    started_at: str
    finished_at: str | None
    dry_run: bool
    deleted: int
    held: int
    failed: int
    message: str
