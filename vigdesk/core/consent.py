"""Consent follows who is filmed (DESIGN §7): per person who appears, per purpose.

The rule used everywhere: an action needing purpose P on a video is allowed when, for
every person who appears in it, someone entitled to consent for that person (see
`entitled`) has given P for them and nobody entitled has refused or withdrawn it.
An adult consents only for themselves; a child is covered by a holder of parental
responsibility, by the local authority's representative when looked after, or by
their own consent once judged competent. People who do not appear never block.

A record's `child_id` names the person the consent is about (its subject): a child,
or the giver themselves. A form signed by an adult for a child also answers for the
adult ("we may film you and your child"), so an adult who has no record about
themselves is covered by the records they gave for their children.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from vigdesk.core.cases import Person, PersonKind
from vigdesk.core.errors import ConsentRequired, InvalidInput
from vigdesk.core.ids import CaseId, PersonId


class Purpose(StrEnum):
    FILM = "film"
    KEEP = "keep"
    SUPERVISION = "supervision"
    TRAINING = "training"
    REVIEW_FILMING = "review_filming"  # filming our review meetings, for supervision
    FAMILY_COPY = "family_copy"  # a copy of our clips for the family to keep


PURPOSE_TEXT = {
    Purpose.FILM: "filming",
    Purpose.KEEP: "keeping video during the intervention",
    Purpose.SUPERVISION: "showing clips in supervision",
    Purpose.TRAINING: "use at training events",
    Purpose.REVIEW_FILMING: "filming review meetings for supervision",
    Purpose.FAMILY_COPY: "a family copy of the clips",
}
"""How a refusal names each purpose ("MW has not consented to …"); the longer wording
families read is `vigdesk.core.consent_wording`."""


class Method(StrEnum):
    SIGNED_ON_SCREEN = "signed_on_screen"
    SCANNED_PAPER = "scanned_paper"


@dataclass(frozen=True)
class ConsentRecord:
    id: str
    case_id: CaseId
    giver_id: PersonId
    child_id: PersonId  # the subject: the child, or the giver when consenting for themselves
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
    lawful_basis: str = ""  # as stated by the policy in force; "" before form 2026.4
    interpreter: str = ""  # language and interpreter, when one was used
    accessible_version: str = ""  # e.g. easy read, large print, read aloud

    def in_force(self, today: date) -> bool:
        return self.granted and (self.withdrawn_on is None or self.withdrawn_on > today)

    def blocks(self, today: date) -> bool:
        """A refusal or a withdrawal stops the purpose for that child."""
        return not self.granted or (self.withdrawn_on is not None and self.withdrawn_on <= today)


@dataclass(frozen=True)
class ConsentGap:
    """One person who appears, lacking one purpose; `blocked_by` refused or withdrew it
    (None when nobody entitled has consented)."""

    subject: Person
    purpose: Purpose
    blocked_by: Person | None
    entitled: tuple[Person, ...] = ()

    @property
    def child(self) -> Person:
        return self.subject

    def sentence(self) -> str:
        what = PURPOSE_TEXT[self.purpose]
        who = self.subject.initials
        if self.blocked_by is not None:
            if self.blocked_by.id == self.subject.id:
                return f"{who} has withdrawn or refused consent to {what}"
            return (
                f"{self.blocked_by.initials} has withdrawn or refused consent to {what} for {who}"
            )
        if self.subject.kind is PersonKind.ADULT:
            return f"{who} appears and has not consented to {what}"
        if self.subject.looked_after:
            return f"the local authority has not consented to {what} for {who}"
        if any(p.id == self.subject.id for p in self.entitled):
            return f"neither {who} nor anyone with parental responsibility has consented to {what}"
        return f"nobody with parental responsibility has consented to {what} for {who}"


def entitled(subject: Person, people: Sequence[Person], today: date) -> list[Person]:
    """Who may give or refuse consent about `subject`, in the order forms list them."""
    if subject.kind is PersonKind.ADULT:
        return [subject]
    found = [subject] if subject.competent(today) else []
    adults = [p for p in people if p.kind is PersonKind.ADULT]
    parents = [p for p in adults if p.parental_responsibility and not p.represents_authority]
    if subject.looked_after:
        found += [p for p in adults if p.represents_authority]
        if subject.parents_consent_too:
            found += parents
    else:
        found += parents
    return found


def usual_appearing(people: Sequence[Person]) -> list[PersonId]:
    """Who footage recorded before "who appears" existed is taken to show: the case's
    adults with parental responsibility and its children."""
    return [
        p.id
        for p in people
        if p.kind is PersonKind.CHILD or (p.parental_responsibility and not p.represents_authority)
    ]


def default_appearing(people: Sequence[Person]) -> list[PersonId]:
    """Who an import proposes until the practitioner edits it: everyone in the family
    (the local authority's representatives are not filmed)."""
    return [p.id for p in people if not p.represents_authority]


def review_attending(people: Sequence[Person]) -> list[PersonId]:
    """Who a filmed review meeting is taken to show until the practitioner says who
    attends: the family's adults (not the local authority's representatives)."""
    return [p.id for p in people if p.kind is PersonKind.ADULT and not p.represents_authority]


def _status(records: Sequence[ConsentRecord], today: date) -> tuple[bool, ConsentRecord | None]:
    """(some record is in force, the first that blocks)."""
    blocker = next((r for r in records if r.blocks(today)), None)
    return any(r.in_force(today) for r in records), blocker


def _gap(
    subject: Person,
    purpose: Purpose,
    people: Sequence[Person],
    records: Sequence[ConsentRecord],
    today: date,
) -> ConsentGap | None:
    may = entitled(subject, people, today)
    by_id = {p.id: p for p in may}
    mine = [
        r
        for r in records
        if r.purpose is purpose and r.child_id == subject.id and r.giver_id in by_id
    ]
    if subject.kind is PersonKind.ADULT and not mine:
        # No record about themselves: the forms they signed for their children answer.
        given = [r for r in records if r.purpose is purpose and r.giver_id == subject.id]
        held, _ = _status(given, today)
        if held:
            return None
        if given:
            return ConsentGap(subject, purpose, subject, tuple(may))
        return ConsentGap(subject, purpose, None, tuple(may))
    held, blocker = _status(mine, today)
    if blocker is not None:
        return ConsentGap(subject, purpose, by_id[blocker.giver_id], tuple(may))
    if not held:
        return ConsentGap(subject, purpose, None, tuple(may))
    return None


def gaps(
    people: Sequence[Person],
    records: Iterable[ConsentRecord],
    purposes: Iterable[Purpose],
    today: date,
    appearing: Iterable[PersonId] | None = None,
) -> list[ConsentGap]:
    """Every (person who appears, purpose) lacking consent; empty means go ahead.

    `appearing` lists person ids (None: everyone in `people`); an id not in `people`
    raises InvalidInput, since a video cannot show someone outside its case.
    """
    known = {p.id: p for p in people}
    ids = list(known) if appearing is None else list(dict.fromkeys(appearing))
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise InvalidInput("Someone listed as appearing is not in this case.")
    subjects = sorted((known[i] for i in ids), key=lambda p: p.kind is PersonKind.ADULT)
    listed = list(records)
    found: list[ConsentGap] = []
    for purpose in purposes:
        for subject in subjects:
            gap = _gap(subject, purpose, people, listed, today)
            if gap is not None:
                found.append(gap)
    return found


def require(
    action: str,
    people: Sequence[Person],
    records: Iterable[ConsentRecord],
    purposes: Iterable[Purpose],
    today: date,
    appearing: Iterable[PersonId] | None = None,
) -> None:
    """Raise ConsentRequired naming who lacks which consent, by initials only."""
    ids = [p.id for p in people] if appearing is None else list(appearing)
    if not ids:
        raise ConsentRequired(
            f"Cannot {action}: add the family's children and their consent first, "
            "and say who appears."
        )
    missing = gaps(people, list(records), purposes, today, ids)
    if missing:
        listed = "; ".join(g.sentence() for g in missing)
        raise ConsentRequired(f"Cannot {action}: {listed}.")
