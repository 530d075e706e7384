"""A trainee's progress towards VIG accreditation: cycles, clients and supervision hours.

A *cycle* is a filming followed by a shared review with the same family (the review
closes the cycle; several filmings before one review make one cycle). Each supervised
stage asks for a number of cycles, of families new in that stage and of supervision
hours; the figures live in `resources/training/stages.json` because services differ.
Pure rules: the service feeds in sessions and the supervision log.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from vigdesk.core.errors import InvalidInput


class SupervisionFormat(StrEnum):
    INDIVIDUAL = "individual"
    GROUP = "group"


@dataclass(frozen=True)
class Stage:
    number: int
    cycles: int
    new_clients: int
    supervision_minutes: int


@dataclass(frozen=True)
class TrainingSession:
    """What cycle counting needs of a session: whose it is, what kind, when."""

    id: str
    client: str  # any stable key of the family (case id, or an anonymous token)
    kind: str  # a SessionKind value
    held_on: date


@dataclass(frozen=True)
class Cycle:
    client: str
    filmed_on: date
    reviewed_on: date
    review_id: str  # the session that closed it


@dataclass(frozen=True)
class Supervision:
    id: str
    held_on: date
    minutes: int
    supervisor: str
    format: SupervisionFormat
    watched: tuple[str, ...]  # package ids watched
    learning: str


@dataclass(frozen=True)
class StageProgress:
    stage: Stage
    since: date
    cycles: int
    new_clients: int
    supervision_minutes: int

    @property
    def complete(self) -> bool:
        s = self.stage
        return (
            self.cycles >= s.cycles
            and self.new_clients >= s.new_clients
            and self.supervision_minutes >= s.supervision_minutes
        )

    def text(self) -> str:
        """ "Stage 1: 4/6 cycles · 2/2 clients · 5/7 h supervision"."""
        s = self.stage
        return (
            f"Stage {s.number}: {self.cycles}/{s.cycles} cycles · "
            f"{self.new_clients}/{s.new_clients} clients · "
            f"{hours(self.supervision_minutes)}/{hours(s.supervision_minutes)} h supervision"
        )


FILMING = "filming"
REVIEWS = frozenset({"shared_review", "final_review"})
_ORDER = {FILMING: 0}  # a filming and a review on one day: the filming comes first


def hours(minutes: int) -> str:
    """5 h, 5.5 h: whole hours without a decimal point."""
    value = round(minutes / 60, 1)
    return f"{value:g}"


def stages_from(data: Mapping[str, Any]) -> tuple[Stage, ...]:
    """Parse the stages file strictly: numbered 1.. in order, positive whole figures."""
    rows = data.get("stages")
    if not isinstance(rows, list) or not rows:
        raise ValueError("'stages' must be a non-empty list")
    stages = []
    for expected, row in enumerate(rows, start=1):
        if not isinstance(row, dict) or set(row) != {
            "stage",
            "cycles",
            "new_clients",
            "supervision_hours",
        }:
            raise ValueError(
                f"stage {expected}: needs stage, cycles, new_clients, supervision_hours"
            )
        figures = [row["stage"], row["cycles"], row["new_clients"], row["supervision_hours"]]
        if any(type(f) is not int or f < 0 for f in figures) or row["stage"] != expected:
            raise ValueError(f"stage {expected}: figures must be whole numbers, stages in order")
        stages.append(
            Stage(expected, row["cycles"], row["new_clients"], row["supervision_hours"] * 60)
        )
    return tuple(stages)


def count_cycles(sessions: Iterable[TrainingSession]) -> list[Cycle]:
    """Every cycle in these sessions, in the order they closed."""
    by_client: dict[str, list[TrainingSession]] = {}
    for s in sessions:
        by_client.setdefault(s.client, []).append(s)
    cycles = []
    for client, own in by_client.items():
        filmed: date | None = None
        for s in sorted(own, key=lambda s: (s.held_on, _ORDER.get(s.kind, 1), s.id)):
            if s.kind == FILMING:
                filmed = filmed or s.held_on
            elif s.kind in REVIEWS and filmed is not None:
                cycles.append(Cycle(client, filmed, s.held_on, s.id))
                filmed = None
    return sorted(cycles, key=lambda c: (c.reviewed_on, c.review_id))


def progress(
    stage: Stage,
    since: date,
    cycles: Sequence[Cycle],
    supervision: Iterable[Supervision],
) -> StageProgress:
    """Progress in `stage`, begun on `since`: cycles closed since then, families whose
    first cycle ever closed since then, and supervision received since then."""
    first: dict[str, date] = {}
    for c in cycles:
        first[c.client] = min(first.get(c.client, c.reviewed_on), c.reviewed_on)
    return StageProgress(
        stage,
        since,
        cycles=sum(1 for c in cycles if c.reviewed_on >= since),
        new_clients=sum(1 for day in first.values() if day >= since),
        supervision_minutes=sum(s.minutes for s in supervision if s.held_on >= since),
    )


def check_supervision(held_on: date, minutes: int, supervisor: str, today: date) -> tuple[int, str]:
    """InvalidInput for a date in the future, a length outside 1 min–24 h, no supervisor."""
    if held_on > today:
        raise InvalidInput("Supervision cannot be logged for a date that has not come yet.")
    if not 1 <= minutes <= 24 * 60:
        raise InvalidInput("Supervision lasts between 1 minute and 24 hours.")
    name = " ".join(supervisor.split())
    if not name:
        raise InvalidInput("Say who supervised.")
    if len(name) > 120:
        raise InvalidInput("The supervisor's name is too long (120 characters at most).")
    return minutes, name
