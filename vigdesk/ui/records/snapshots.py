"""What the records screens show, read in one go by a task (Qt-free; worker thread).

Each loader takes the Services bundle and returns a frozen snapshot that the GUI
thread may keep; nothing here touches a widget.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from vigdesk.core.cases import Case, CaseStatus, Person
from vigdesk.core.ids import CaseId
from vigdesk.core.retention import Due, Hold
from vigdesk.services.retention import Dashboard
from vigdesk.services.sar_words import MEDIA_KIND
from vigdesk.services.session import Services
from vigdesk.services.subject_access import SubjectAccessService
from vigdesk.ui.records.request_warning import DueRequest, requests_due


@dataclass(frozen=True)
class CaseChoice:
    """A case as lists may show it under privacy mode: code and initials, no names."""

    id: CaseId
    code: str
    initials: str
    status: CaseStatus
    closed_on: date | None


@dataclass(frozen=True)
class RetentionSnapshot:
    dashboard: Dashboard
    cases: list[CaseChoice] = field(default_factory=list)
    requests_due: list[DueRequest] = field(default_factory=list)  # subject access, in a week

    def code_of(self, case_id: CaseId) -> str:
        for case in self.cases:
            if case.id == case_id:
                return case.code
        return "—"

    def hold_on(self, case_id: CaseId) -> Hold | None:
        return next((h for h in self.dashboard.holds if h.case_id == case_id), None)


def load_retention(services: Services) -> RetentionSnapshot:
    """The dashboard figures and the cases to choose from (codes and initials only)."""
    cases = [_choice(c) for c in services.cases.list_cases()]
    return RetentionSnapshot(
        services.retention.dashboard(),
        sorted(cases, key=lambda c: c.code),
        requests_due(services),
    )


def _choice(case: Case) -> CaseChoice:
    return CaseChoice(case.id, case.code, case.initials, case.status, case.closed_on)


@dataclass(frozen=True)
class PersonSummary:
    """One person of an opened case, with what an erasure of them would remove."""

    person: Person
    consents: int
    media: int  # videos and stills of the case: all of them show the family
    videos: int  # of which videos (what "include videos" would write)
    others: list[str]  # initials of everyone else in the case
    shown_in: list[tuple[str, str]] = field(default_factory=list)  # (media id, title) they are in


@dataclass(frozen=True)
class CasePeople:
    case: CaseChoice
    people: list[PersonSummary]
    on_hold: bool


def load_people(services: Services, case_id: CaseId) -> CasePeople:
    """Open the case (audited as a read) and summarise each person for SAR and erasure."""
    case, people = services.cases.open_case(case_id)
    sar = SubjectAccessService(services.ctx)
    summaries = []
    for person in people:
        record = sar.collect(person.id)
        summaries.append(
            PersonSummary(
                person,
                len(record.consents),
                len(record.media),
                sum(1 for m in record.media if m.is_video),
                record.others_in_video,
                [
                    (m.id, f"{MEDIA_KIND[m.kind.value]}: {m.title or m.id[:8]}")
                    for m in record.media
                ],
            )
        )
    held = any(h.case_id == case_id for h in services.retention.holds())
    return CasePeople(_choice(case), summaries, held)


def pending(items: list[Due]) -> list[Due]:
    """The items a sweep would delete now (legal holds excluded)."""
    return [d for d in items if not d.held]
