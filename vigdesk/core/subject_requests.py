"""The subject access request register's rules: the one-month clock and its extension.

The UK GDPR (Art. 12(3)) gives one month from receipt, extendable by up to two further
months for complex or numerous requests, telling the person why within the first month.
The ICO counts from the day after receipt to the corresponding calendar date of the next
month; a month without that date (31 Jan → February) ends on its last day; a deadline on
a Saturday or Sunday moves to the Monday. Bank holidays are not known here, so a due date
is never later than the ICO's. Pure data; any thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from vigdesk.core.ids import CaseId, PersonId
from vigdesk.core.retention import add_months

MAX_EXTENSION_MONTHS = 2
WARN_DAYS = 7  # the console and the retention dashboard warn this many days ahead


class RequestStatus(StrEnum):
    OPEN = "open"
    ANSWERED = "answered"  # a copy was sent, or the record viewed in person by agreement
    REFUSED = "refused"  # manifestly unfounded or excessive (the reason goes in the note)
    WITHDRAWN = "withdrawn"


class Delivery(StrEnum):
    POST = "post"
    EMAIL = "email"
    SECURE_TRANSFER = "secure_transfer"
    COLLECTED = "collected"
    VIEWED_IN_PERSON = "viewed_in_person"  # no copy: seen at the office, by agreement


def due_date(received: date, extension_months: int = 0) -> date:
    """The last day to answer a request received on `received`: the same date one
    calendar month later (the month's last day when it has none), plus the extension,
    moved off a weekend. Raises ValueError for an extension outside 0–2 months."""
    if not 0 <= extension_months <= MAX_EXTENSION_MONTHS:
        raise ValueError(f"an extension is 0 to {MAX_EXTENSION_MONTHS} months")
    due = add_months(received, 1 + extension_months)
    while due.weekday() >= 5:
        due += timedelta(days=1)
    return due


@dataclass(frozen=True)
class SubjectRequest:
    """One row of the register."""

    id: str
    case_id: CaseId
    person_id: PersonId | None  # None once the person has been erased
    person_initials: str
    requester: str  # "the person", or who asked for them and on what authority
    received_on: date
    identity_check: str  # how identity (and authority) was checked; "" = not yet
    scope: str  # what was asked for ("everything", "the video of 3 March"…)
    extension_months: int
    extension_reason: str
    status: RequestStatus
    answered_on: date | None
    sent_what: str
    delivery: Delivery | None
    note: str
    recorded_by: str
    created_at: str

    @property
    def due_on(self) -> date:
        return due_date(self.received_on, self.extension_months)

    @property
    def is_open(self) -> bool:
        return self.status is RequestStatus.OPEN

    def days_left(self, today: date) -> int:
        return (self.due_on - today).days

    def needs_warning(self, today: date) -> bool:
        """Open and due within `WARN_DAYS` days (or overdue)."""
        return self.is_open and self.days_left(today) <= WARN_DAYS
