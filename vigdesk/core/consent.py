"""Consent per adult with parental responsibility, per child, per purpose (DESIGN §7).

The rule used everywhere: an action needing purpose P for a child is allowed when
at least one adult with parental responsibility for the case has given P for
that child, and no such adult has refused or withdrawn P for that child.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from vigdesk.core.cases import Person, PersonKind
from vigdesk.core.errors import ConsentRequired


class Purpose(StrEnum):
    FILM = "film"
    KEEP = "keep"
    SUPERVISION = "supervision"
    TRAINING = "training"


PURPOSE_TEXT = {
    Purpose.FILM: "filming",
    Purpose.KEEP: "keeping video during the intervention",
    Purpose.SUPERVISION: "showing clips in supervision",
    Purpose.TRAINING: "use at training events",
}


class Method(StrEnum):
    SIGNED_ON_SCREEN = "signed_on_screen"
    SCANNED_PAPER = "scanned_paper"


@dataclass(frozen=True)
class ConsentRecord:
    id: str
    case_id: str
    giver_id: str
    child_id: str
    purpose: Purpose
    granted: bool
    form_version: str
    given_on: date
    method: Method
    evidence_blob_id: str | None
    review_due: date | None
    child_view: str
    withdrawn_on: date | None
    withdrawn_reason: str

    def in_force(self, today: date) -> bool:
        return self.granted and (self.withdrawn_on is None or self.withdrawn_on > today)

    def blocks(self, today: date) -> bool:
        """A refusal or a withdrawal stops the purpose for that child."""
        return not self.granted or (self.withdrawn_on is not None and self.withdrawn_on <= today)


@dataclass(frozen=True)
class ConsentGap:
    child: Person
    purpose: Purpose
    blocked_by: Person | None  # the adult who refused/withdrew, or None when nobody consented

    def sentence(self) -> str:
        what = PURPOSE_TEXT[self.purpose]
        if self.blocked_by is not None:
            return (
                f"{self.blocked_by.initials} has withdrawn or refused consent to {what} "
                f"for {self.child.initials}"
            )
        return (
            f"nobody with parental responsibility has consented to {what} for {self.child.initials}"
        )


def gaps(
    people: Sequence[Person],
    records: Iterable[ConsentRecord],
    purposes: Iterable[Purpose],
    today: date,
) -> list[ConsentGap]:
    """Every (child, purpose) the case lacks; empty means the action may go ahead."""
    adults = {p.id: p for p in people if p.kind is PersonKind.ADULT and p.parental_responsibility}
    children = [p for p in people if p.kind is PersonKind.CHILD]
    records = [r for r in records if r.giver_id in adults]
    found: list[ConsentGap] = []
    for purpose in purposes:
        for child in children:
            mine = [r for r in records if r.child_id == child.id and r.purpose is purpose]
            blocker = next((r for r in mine if r.blocks(today)), None)
            if blocker is not None:
                found.append(ConsentGap(child, purpose, adults[blocker.giver_id]))
            elif not any(r.in_force(today) for r in mine):
                found.append(ConsentGap(child, purpose, None))
    return found


def require(
    action: str,
    people: Sequence[Person],
    records: Iterable[ConsentRecord],
    purposes: Iterable[Purpose],
    today: date,
) -> None:
    """Raise ConsentRequired naming who lacks which consent, by initials only."""
    if not any(p.kind is PersonKind.CHILD for p in people):
        raise ConsentRequired(
            f"Cannot {action}: add the family's children and their consent first."
        )
    missing = gaps(people, list(records), purposes, today)
    if missing:
        listed = "; ".join(g.sentence() for g in missing)
        raise ConsentRequired(f"Cannot {action}: {listed}.")
