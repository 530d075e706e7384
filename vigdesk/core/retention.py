"""Retention rules as data, and the facts they look at (DESIGN §7).

The decision of what is due is `retention_schedule`; deleting is the sweep
service's job.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

from vigdesk.core.errors import InvalidInput
from vigdesk.core.ids import CaseId, MediaId


class Anchor(StrEnum):
    CASE_CLOSED = "case_closed"
    CASE_INACTIVE = "case_inactive"
    KEEP_WITHDRAWN = "keep_withdrawn"
    YOUNGEST_CHILD_BIRTHDAY = "youngest_child_birthday"
    TRAINING_CONSENT_ENDS = "training_consent_ends"
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
VIDEO_KINDS = ("footage", "clip", "still")
FALLBACKS = {
    **dict.fromkeys(VIDEO_KINDS, Anchor.CASE_INACTIVE),
    "case_record": Anchor.CASE_CLOSED,
}
DEFAULT_INACTIVE_MONTHS = 6


@dataclass(frozen=True)
class Rule:
    """A period from an anchor event. `fallback` counts when the anchor has not
    happened (an open case) or is unknown (no date of birth); `max_months` caps a
    rule whose anchor may never come (training: from the consent being given)."""

    anchor: Anchor
    months: int = 0
    years: int = 0
    why: str = ""
    fallback: Anchor | None = None
    max_months: int | None = None

    def due_on(self, start: date) -> date:
        return add_months(start, self.months + 12 * self.years)


TRAINING_DEFAULT = Rule(
    Anchor.TRAINING_CONSENT_ENDS,
    why="Training clips are kept only as long as the training consent, at most three years.",
    max_months=36,
)


MAX_BASIS = 2000


@dataclass(frozen=True)
class Policy:
    version: str
    rules: dict[str, Rule]
    footage_after_clips_months: int | None = None
    inactive_after_months: int = DEFAULT_INACTIVE_MONTHS
    footage_after_review_days: int | None = None
    """Data minimisation (off when None): raw footage whose clips exist and whose review
    has a written summary is due this many days after that review."""
    lawful_basis: str | None = None
    """The lawful basis the consent form states and each consent stores; None in a site
    policy written before it was stated (the build's default policy then answers)."""

    @property
    def training(self) -> Rule:
        return self.rules.get("training", TRAINING_DEFAULT)

    @property
    def training_cap_months(self) -> int:
        return self.training.max_months or TRAINING_DEFAULT.max_months or 0

    def training_limit(self, given_on: date) -> date:
        """The latest a training clip or package may last, for consent given on `given_on`."""
        return add_months(given_on, self.training_cap_months)

    @property
    def video_months(self) -> int:
        """The period promised to families: video goes this long after the end."""
        rule = self.rules["footage"]
        return rule.months + 12 * rule.years

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
        raw_rules = data.get("rules", {})
        for kind in (*KINDS, "training"):
            raw = raw_rules.get(kind)
            if raw is None and kind == "training":
                continue  # site policies written before the training rule
            if not isinstance(raw, dict):
                raise InvalidInput(f"{where}: rules.{kind}: missing")
            try:
                fallback = raw.get("fallback")
                cap = _count(raw, "max_months") + 12 * _count(raw, "max_years")
                rules[kind] = Rule(
                    Anchor(raw["anchor"]),
                    _count(raw, "months"),
                    _count(raw, "years"),
                    str(raw.get("why", "")),
                    None if fallback is None else Anchor(fallback),
                    cap or None,
                )
            except (KeyError, ValueError) as exc:
                raise InvalidInput(f"{where}: rules.{kind}: {exc}") from exc
        # No open-ended clock, whatever the file says: these are the fallbacks `schedule`
        # applies, so a file naming another is refused rather than silently ignored.
        for kind, fallback in FALLBACKS.items():
            if rules[kind].fallback not in (None, fallback):
                raise InvalidInput(f"{where}: rules.{kind}: the fallback must be {fallback}")
            rules[kind] = replace(rules[kind], fallback=fallback)
        try:
            after = data.get("footage_after_clips_months")
            inactive = _count(data, "inactive_after_months", DEFAULT_INACTIVE_MONTHS)
            review_days = (
                None
                if data.get("footage_after_review_days") is None
                else _count(data, "footage_after_review_days")
            )
        except ValueError as exc:
            raise InvalidInput(f"{where}: {exc}") from exc
        if inactive < 1:
            raise InvalidInput(f"{where}: inactive_after_months must be at least 1")
        basis = data.get("lawful_basis")
        if basis is not None and (
            not isinstance(basis, str) or not basis.strip() or len(basis) > MAX_BASIS
        ):
            raise InvalidInput(
                f"{where}: lawful_basis must be a text of 1 to {MAX_BASIS} characters"
            )
        return cls(
            str(data.get("version", "")),
            rules,
            None if after is None else int(after),
            inactive,
            review_days,
            None if basis is None else basis.strip(),
        )


def _count(raw: dict[str, Any], key: str, default: int = 0) -> int:
    """A whole, non-negative number of months or years: refused, never coerced."""
    value = raw.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{key} must be a whole number of at least 0, not {value!r}")
    return value


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


_NUMBERS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def period_words(months: int) -> str:
    """ "two months", "three months", "one year", "18 months": how a promise reads."""
    if months and months % 12 == 0:
        n, unit = months // 12, "year"
    else:
        n, unit = months, "month"
    name = _NUMBERS[n] if n < len(_NUMBERS) else str(n)
    return f"{name} {unit}{'s' * (n != 1)}"


@dataclass(frozen=True)
class MediaFacts:
    id: MediaId
    kind: str  # footage | clip | still
    created: date
    source_id: str | None
    reviews_without_summary: tuple[str, ...] = ()  # linked review sessions lacking one
    training: bool = False  # in a training package that was not recalled
    summarised_review_on: date | None = None  # latest linked review with a written summary


@dataclass(frozen=True)
class CaseFacts:
    id: CaseId
    code: str
    closed_on: date | None
    children_born: tuple[date, ...]
    keep_withdrawn_on: date | None
    on_hold: bool
    media: tuple[MediaFacts, ...] = field(default_factory=tuple)
    evidence_blobs: tuple[str, ...] = field(default_factory=tuple)
    opened_on: date | None = None  # referral date
    last_session_on: date | None = None
    open_reason_until: date | None = None  # a recorded reason silences the prompt until
    training_given_on: date | None = None  # earliest training consent given
    training_ends_on: date | None = None  # earliest withdrawal, refusal or end of it

    @property
    def last_activity(self) -> date | None:
        """The latest of the referral, any session and any video made."""
        days = [d for d in (self.opened_on, self.last_session_on) if d is not None]
        days += [m.created for m in self.media]
        return max(days, default=None)

    def inactive_from(self, policy: Policy) -> date | None:
        """When an open case counts as inactive (None for a closed or empty case)."""
        last = self.last_activity
        if self.closed_on is not None or last is None:
            return None
        return add_months(last, policy.inactive_after_months)


@dataclass(frozen=True)
class Due:
    """One thing the schedule says must go, and why (no personal data)."""

    kind: str  # footage | clip | still | consent_evidence | case_record
    object_id: str
    case_id: CaseId
    case_code: str
    rule: str
    due_on: date
    reason: str
    held: bool = False
    reviews_without_summary: tuple[str, ...] = ()
    """Review sessions the item is linked to whose written summary is missing: the
    sweep keeps it until they are written or someone gives a reason to go on."""

    @property
    def needs_summary(self) -> bool:
        return bool(self.reviews_without_summary)


@dataclass(frozen=True)
class Inactive:
    """An open case with no session for the policy's months: close it or say why not."""

    case_id: CaseId
    case_code: str
    last_activity: date
    inactive_from: date
    video_due_on: date


@dataclass(frozen=True)
class Hold:
    case_id: CaseId
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
