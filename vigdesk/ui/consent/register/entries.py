"""The consent register as plain rows: one per adult, child and consent given (Qt-free).

`load_register` runs in a task and reads through the services only (audited reads);
the rows hold initials and case codes, never names, so the register honours privacy mode.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from vigdesk.core.cases import CaseStatus, Person
from vigdesk.core.consent import ConsentRecord, Method, Purpose
from vigdesk.core.ids import CaseId, PersonId
from vigdesk.services.consent_record import ConsentRecordService
from vigdesk.services.session import Services


class Answer(StrEnum):
    GIVEN = "given"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"
    NOT_ASKED = "not_asked"


class Status(StrEnum):
    IN_FORCE = "in_force"
    REVIEW_OVERDUE = "review_overdue"
    PARTLY_WITHDRAWN = "partly_withdrawn"
    WITHDRAWN = "withdrawn"
    REFUSED = "refused"
    CASE_CLOSED = "case_closed"


@dataclass(frozen=True)
class PurposeState:
    answer: Answer
    consent_id: str | None = None
    withdrawn_on: date | None = None
    reason: str = ""


_NOT_ASKED = PurposeState(Answer.NOT_ASKED)


@dataclass(frozen=True)
class RegisterEntry:
    case_id: CaseId
    case_code: str
    case_closed: bool
    giver_id: PersonId
    giver_initials: str
    giver_relationship: str
    child_id: PersonId
    child_initials: str
    given_on: date
    method: Method
    form_version: str
    review_due: date | None
    recorded_by: str
    record_blob_id: str | None
    evidence_blob_id: str | None
    child_view: str
    states: tuple[tuple[Purpose, PurposeState], ...]

    def state(self, purpose: Purpose) -> PurposeState:
        return dict(self.states).get(purpose, _NOT_ASKED)

    @property
    def event(self) -> tuple[object, ...]:
        """What one signature covers (all its children): for the consent record."""
        return (
            self.case_id,
            self.giver_id,
            self.given_on,
            self.method,
            self.evidence_blob_id,
            self.record_blob_id,
        )

    def consent_ids(self) -> list[str]:
        return [s.consent_id for _, s in self.states if s.consent_id]

    def in_force(self) -> list[tuple[Purpose, str]]:
        """(purpose, consent id) still given, i.e. what can be withdrawn."""
        return [
            (p, s.consent_id) for p, s in self.states if s.answer is Answer.GIVEN and s.consent_id
        ]

    def review_overdue(self, today: date) -> bool:
        due = self.review_due
        return not self.case_closed and due is not None and due < today and bool(self.in_force())

    def status(self, today: date) -> Status:
        answers = [s.answer for _, s in self.states]
        if self.case_closed:
            return Status.CASE_CLOSED
        if Answer.WITHDRAWN in answers:
            return Status.PARTLY_WITHDRAWN if Answer.GIVEN in answers else Status.WITHDRAWN
        if Answer.GIVEN not in answers:
            return Status.REFUSED
        return Status.REVIEW_OVERDUE if self.review_overdue(today) else Status.IN_FORCE


@dataclass(frozen=True)
class Register:
    entries: tuple[RegisterEntry, ...]
    today: date
    case_id: CaseId | None = None  # the one case shown, or None for the whole service

    def overdue(self) -> list[RegisterEntry]:
        return [e for e in self.entries if e.review_overdue(self.today)]

    def for_case(self, case_id: CaseId) -> list[RegisterEntry]:
        return [e for e in self.entries if e.case_id == case_id]


def _state(record: ConsentRecord, today: date) -> PurposeState:
    if record.withdrawn_on is not None and record.withdrawn_on <= today:
        answer = Answer.WITHDRAWN
    else:
        answer = Answer.GIVEN if record.granted else Answer.REFUSED
    return PurposeState(answer, record.id, record.withdrawn_on, record.withdrawn_reason)


def build_entries(
    records: Iterable[ConsentRecord],
    people: dict[PersonId, Person],
    cases: dict[CaseId, tuple[str, bool]],
    sealed: dict[str, tuple[str | None, str]],
    today: date,
) -> list[RegisterEntry]:
    """Group records into rows; `cases` maps case id → (code, closed)."""
    groups: dict[tuple[object, ...], list[ConsentRecord]] = {}
    for r in records:
        blob = sealed.get(r.id, (None, ""))[0]
        key = (
            r.case_id,
            r.giver_id,
            r.child_id,
            r.given_on,
            r.form_version,
            r.method,
            r.evidence_blob_id,
            blob,
        )
        groups.setdefault(key, []).append(r)
    entries = []
    for group in groups.values():
        first = group[0]
        giver, child = people.get(first.giver_id), people.get(first.child_id)
        code, closed = cases.get(first.case_id, ("?", False))
        blob, by = sealed.get(first.id, (None, ""))
        by_purpose = {r.purpose: _state(r, today) for r in group}
        entries.append(
            RegisterEntry(
                case_id=first.case_id,
                case_code=code,
                case_closed=closed,
                giver_id=first.giver_id,
                giver_initials=giver.initials if giver else "?",
                giver_relationship=giver.relationship if giver else "",
                child_id=first.child_id,
                child_initials=child.initials if child else "?",
                given_on=first.given_on,
                method=first.method,
                form_version=first.form_version,
                review_due=first.review_due,
                recorded_by=by,
                record_blob_id=blob,
                evidence_blob_id=first.evidence_blob_id,
                child_view=first.child_view,
                states=tuple((p, by_purpose[p]) for p in Purpose if p in by_purpose),
            )
        )
    return sorted(
        entries, key=lambda e: (e.case_code, e.given_on, e.giver_initials, e.child_initials)
    )


def load_register(services: Services, case_id: CaseId | None = None) -> Register:
    """Worker thread: the register of one case, or of every case in the vault (audited)."""
    today = services.ctx.today()
    if case_id is not None:
        case = services.cases.find(case_id)
        records = services.consent.for_case(case_id)
        cases = {case.id: (case.code, case.status is CaseStatus.CLOSED)}
    else:
        records = services.consent.register()
        cases = {c.id: (c.code, c.status is CaseStatus.CLOSED) for c in services.cases.list_cases()}
    people: dict[PersonId, Person] = {}
    for cid in {r.case_id for r in records}:
        people.update({p.id: p for p in services.cases.people(cid)})
    sealed = ConsentRecordService(services.ctx, services.consent).sealed_by(case_id)
    entries = build_entries(records, people, cases, sealed, today)
    return Register(tuple(entries), today, case_id)
