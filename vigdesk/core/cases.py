"""Cases (families) and the people in them: plain records and their rules."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from vigdesk.core.errors import InvalidInput
from vigdesk.core.ids import CaseId, PersonId

_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud safely
_CODE_RULE = re.compile(r"[A-Z0-9][A-Z0-9-]{1,18}[A-Z0-9]")


class CaseStatus(StrEnum):
    REFERRED = "referred"
    ACTIVE = "active"
    CLOSED = "closed"


class PersonKind(StrEnum):
    ADULT = "adult"
    CHILD = "child"


@dataclass(frozen=True)
class Case:
    id: CaseId
    code: str
    initials: str
    referral_date: date
    referral_source: str
    primary_difficulty: str
    status: CaseStatus
    closed_on: date | None
    closure_reason: str | None
    created_at: str


@dataclass(frozen=True)
class Person:
    id: PersonId
    case_id: CaseId
    kind: PersonKind
    full_name: str
    initials: str
    date_of_birth: date | None
    parental_responsibility: bool
    relationship: str
    looked_after: bool = False
    """A child in the care of the local authority: its representative consents for them."""
    parents_consent_too: bool = False
    """For a looked-after child: the delegated-authority agreement lets the birth parents
    with parental responsibility consent as well."""
    authority_role: str = ""
    """An adult who represents the local authority: their role and team (e.g. "Social
    worker, Children in Care team"); empty for family members and carers."""
    authority_note: str = ""
    """The order and the delegated-authority note the representative consents under."""
    competent_on: date | None = None
    """When a child was judged able to decide for themselves (Gillick), or None."""
    competent_by: str = ""
    competence_note: str = ""

    @property
    def label(self) -> str:
        """How lists, letters and audit-safe summaries name a person: initials only."""
        return self.initials

    @property
    def represents_authority(self) -> bool:
        return self.kind is PersonKind.ADULT and bool(self.authority_role.strip())

    def competent(self, today: date) -> bool:
        """A child judged able to give or refuse consent for themselves by `today`."""
        return (
            self.kind is PersonKind.CHILD
            and self.competent_on is not None
            and self.competent_on <= today
        )


def new_case_code(year: int) -> str:
    """e.g. `VIG-26-K7QM`: short enough to say on the phone, random so that
    laptops creating cases offline do not collide when they sync."""
    suffix = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(4))
    return f"VIG-{year % 100:02d}-{suffix}"


def clean_case_code(code: str) -> str:
    """A chosen case code, trimmed and upper-cased, or InvalidInput.

    Codes are said on the phone, typed on other laptops and put in file names, so
    they stay plain: 3 to 20 letters, digits and hyphens, not starting or ending
    with a hyphen (`VIG-26-K7QM`, `VIG-0012A`).
    """
    code = code.strip().upper()
    if not code:
        raise InvalidInput("Give a case code, e.g. VIG-26-K7QM.")
    if not _CODE_RULE.fullmatch(code):
        raise InvalidInput(
            f"The case code {code} cannot be used: use 3 to 20 letters (A–Z), digits and "
            "hyphens, starting and ending with a letter or digit, e.g. VIG-26-K7QM."
        )
    return code


def initials_of(full_name: str) -> str:
    """`"Jane Mary Doe"` → `"JMD"`; hyphenated surnames count each part."""
    parts = full_name.replace("-", " ").split()
    if not parts:
        raise InvalidInput("A name is needed.")
    return "".join(p[0].upper() for p in parts if p[0].isalpha())


def check_referral(referral_date: date, today: date) -> None:
    if referral_date > today:
        raise InvalidInput(f"The referral date {referral_date:%d %b %Y} is in the future.")


def check_birth(date_of_birth: date | None, today: date) -> None:
    if date_of_birth is not None and date_of_birth > today:
        raise InvalidInput(f"The date of birth {date_of_birth:%d %b %Y} is in the future.")


def check_closure(case: Case, closed_on: date, reason: str, today: date) -> None:
    if case.status is CaseStatus.CLOSED:
        raise InvalidInput(f"Case {case.code} is already closed.")
    if closed_on < case.referral_date:
        raise InvalidInput(
            f"The closing date {closed_on:%d %b %Y} is before the referral "
            f"({case.referral_date:%d %b %Y})."
        )
    if closed_on > today:
        raise InvalidInput(f"The closing date {closed_on:%d %b %Y} is in the future.")
    if not reason.strip():
        raise InvalidInput("Give a reason for closing the case.")
