"""Everything one case page shows, read in one background task.

With names hidden (privacy mode, until "Show names"), people are read without the
audited open and their full names are blanked *before* the snapshot leaves the
worker, so no name reaches the GUI thread. Showing names goes through
`cases.open_case`, which audits the read.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from vigdesk.core.cases import Case, Person, PersonKind
from vigdesk.core.ids import CaseId, PersonId
from vigdesk.core.letters import Letter, LetterTemplate
from vigdesk.core.questionnaires import Administration, Instrument
from vigdesk.core.sessions import HelpingQuestion, Session
from vigdesk.services.outcomes import FamilyOutcomes
from vigdesk.services.session import Services


@dataclass(frozen=True)
class CaseSnapshot:
    case: Case
    people: tuple[Person, ...]
    names_shown: bool
    sessions: tuple[Session, ...]
    questions: tuple[HelpingQuestion, ...]
    administrations: tuple[Administration, ...]
    instruments: tuple[Instrument, ...]
    outcomes: FamilyOutcomes
    letters: tuple[Letter, ...] = ()
    templates: tuple[LetterTemplate, ...] = ()

    @property
    def adults(self) -> tuple[Person, ...]:
        return tuple(p for p in self.people if p.kind is PersonKind.ADULT)

    def person(self, person_id: PersonId) -> Person | None:
        return next((p for p in self.people if p.id == person_id), None)

    def instrument(self, instrument_id: str) -> Instrument | None:
        return next((i for i in self.instruments if i.id == instrument_id), None)

    def without_names(self) -> CaseSnapshot:
        """The same snapshot with every full name blanked (privacy mode switched on)."""
        people = tuple(replace(p, full_name="") for p in self.people)
        return replace(self, people=people, names_shown=False)


def load_snapshot(services: Services, case_id: CaseId, show_names: bool) -> CaseSnapshot:
    """Worker thread. Raises NotFound for an unknown case."""
    if show_names:
        case, people = services.cases.open_case(case_id)
    else:
        case = services.cases.find(case_id)
        people = [replace(p, full_name="") for p in services.cases.people(case_id)]
    return CaseSnapshot(
        case=case,
        people=tuple(people),
        names_shown=show_names,
        sessions=tuple(services.sessions.list_sessions(case_id)),
        questions=tuple(services.helping.list_questions(case_id)),
        administrations=tuple(services.questionnaires.administrations(case_id)),
        instruments=tuple(services.questionnaires.instruments()),
        outcomes=services.outcomes.family(case_id),
        letters=tuple(services.letters.for_case(case_id)),
        templates=tuple(services.letters.templates()),
    )
