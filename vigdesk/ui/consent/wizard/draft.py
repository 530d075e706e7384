"""What the consent wizard works on: a snapshot of the case, and the answers so far.

`load_case` runs in a task; `Draft` lives on the GUI thread and hands the service a
plain `ConsentRequest` at the end.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from vigdesk.core.cases import Case, Person, PersonKind, initials_of
from vigdesk.core.consent import ConsentRecord, Method, Purpose
from vigdesk.core.errors import InvalidInput
from vigdesk.core.ids import CaseId, PersonId
from vigdesk.core.retention import Policy
from vigdesk.services.consent_record import ConsentRequest
from vigdesk.services.documents import VersionedText, current_consent_text, lawful_basis
from vigdesk.services.session import Services
from vigdesk.ui.consent.texts import add_months

REVIEW_MONTHS = 6

NOBODY = PersonId("")  # no giver chosen yet


@dataclass(frozen=True)
class CaseSnapshot:
    """The case as the wizard saw it when it opened (full names: the case is open)."""

    case: Case
    people: tuple[Person, ...]
    records: tuple[ConsentRecord, ...]
    today: date
    form: VersionedText
    policy: Policy  # the retention policy in force: the periods the texts promise

    @property
    def adults(self) -> list[Person]:
        return [p for p in self.people if p.kind is PersonKind.ADULT]

    @property
    def children(self) -> list[Person]:
        return [p for p in self.people if p.kind is PersonKind.CHILD]

    def person(self, person_id: PersonId) -> Person:
        return next(p for p in self.people if p.id == person_id)

    def given_by(self, giver_id: PersonId) -> list[ConsentRecord]:
        """This adult's records that still stand (not withdrawn)."""
        return [r for r in self.records if r.giver_id == giver_id and r.withdrawn_on is None]


def load_case(services: Services, case_id: CaseId) -> CaseSnapshot:
    """Worker thread: open the case (an audited read) and its consent records."""
    case, people = services.cases.open_case(case_id)
    records = services.consent.for_case(case_id)
    policy = services.retention.policy
    return CaseSnapshot(
        case,
        tuple(people),
        tuple(records),
        services.ctx.today(),
        current_consent_text(policy),
        policy,
    )


def practitioner_initials(display_name: str) -> str:
    try:
        return initials_of(display_name)
    except InvalidInput:
        return ""


@dataclass
class Draft:
    """The wizard's answers. GUI thread only."""

    snapshot: CaseSnapshot
    giver_id: PersonId = NOBODY
    child_ids: list[PersonId] = field(default_factory=list)
    answers: dict[Purpose, bool | None] = field(
        default_factory=lambda: dict.fromkeys(Purpose, None)
    )
    child_views: dict[str, str] = field(default_factory=dict)
    method: Method = Method.SIGNED_ON_SCREEN
    signature_png: bytes = b""
    paper: bytes = b""
    paper_name: str = ""
    given_on: date = date.min
    review_due: date = date.min
    interpreter: str = ""  # language and who interpreted, if anyone
    accessible_version: str = ""  # e.g. easy read, large print

    @property
    def lawful_basis(self) -> str:
        """The basis shown on the form: the policy's in force when the wizard opened."""
        return lawful_basis(self.snapshot.policy)

    def __post_init__(self) -> None:
        if self.given_on == date.min:
            self.given_on = self.snapshot.today
            self.review_due = add_months(self.given_on, REVIEW_MONTHS)

    @property
    def giver(self) -> Person | None:
        return self.snapshot.person(self.giver_id) if self.giver_id else None

    @property
    def subjects(self) -> list[Person]:
        """Whom the consent is about: children, or the giver themselves."""
        return [self.snapshot.person(c) for c in self.child_ids]

    @property
    def children(self) -> list[Person]:
        """The children among the subjects (whose own view the form notes)."""
        return [p for p in self.subjects if p.kind is PersonKind.CHILD]

    @property
    def evidence(self) -> bytes:
        return self.signature_png if self.method is Method.SIGNED_ON_SCREEN else self.paper

    def all_answered(self) -> bool:
        return all(a is not None for a in self.answers.values())

    def child_view(self) -> str:
        """One text for the record: the view itself, or "AB: …" lines for several children."""
        views = [(c, self.child_views.get(c.id, "").strip()) for c in self.children]
        views = [(c, v) for c, v in views if v]
        if len(self.children) == 1:
            return views[0][1] if views else ""
        return "\n".join(f"{c.initials}: {v}" for c, v in views)

    def request(self) -> ConsentRequest:
        return ConsentRequest(
            case_id=self.snapshot.case.id,
            giver_id=self.giver_id,
            child_ids=tuple(self.child_ids),
            purposes={p: bool(a) for p, a in self.answers.items()},
            form_version=self.snapshot.form.version,
            given_on=self.given_on,
            method=self.method,
            evidence=self.evidence or None,
            review_due=self.review_due,
            child_view=self.child_view(),
            lawful_basis=self.lawful_basis,
            interpreter=self.interpreter.strip(),
            accessible_version=self.accessible_version.strip(),
        )
