"""What a letter template may say about a case, gathered from the vault (no audit: the
letter service audits the draft that uses it)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from vigdesk.core.cases import PersonKind
from vigdesk.core.errors import VigdeskError
from vigdesk.core.ids import CaseId
from vigdesk.core.letters import HelpingLine, LetterFacts, ScoreLine
from vigdesk.core.questionnaires import Timepoint
from vigdesk.services.context import Context
from vigdesk.services.questionnaires import installed_instruments
from vigdesk.storage.cases import CaseRepo
from vigdesk.storage.questionnaires import AdministrationRepo
from vigdesk.storage.sessions import HelpingRepo, SessionRepo


def _first(name: str) -> str:
    return name.split()[0] if name.split() else name


def gather(ctx: Context, case_id: CaseId, on: date) -> LetterFacts:
    people = CaseRepo(ctx.db).people(case_id)
    first: dict[str, str] = {p.id: _first(p.full_name) for p in people}
    adults = tuple(
        p.full_name for p in people if p.kind is PersonKind.ADULT and not p.represents_authority
    )
    children = tuple(p.full_name for p in people if p.kind is PersonKind.CHILD)
    helping = []
    for q in HelpingRepo(ctx.db).for_case(case_id):
        for rater in dict.fromkeys(r.rated_by for r in q.ratings):
            mine = sorted((r for r in q.ratings if r.rated_by == rater), key=lambda r: r.rated_on)
            base = next((r.score for r in mine if r.session_id is None), None)
            later = [r.score for r in mine if r.session_id is not None]
            helping.append(
                HelpingLine(q.text, first.get(rater, ""), base, later[-1] if later else None)
            )
    try:
        names = {i.id: i.name for i in installed_instruments()}
    except (OSError, ValueError, VigdeskError):
        names = {}
    order = list(Timepoint)
    series: dict[tuple[str, str, str], list[float | None]] = defaultdict(list)
    admins = AdministrationRepo(ctx.db).for_case(case_id)
    for a in sorted(admins, key=lambda a: (order.index(a.timepoint), a.completed_on)):
        for s in a.scores:
            key = (names.get(a.instrument_id, a.instrument_id), s.scale, a.respondent_id)
            series[key].append(s.value)
    scores = tuple(
        ScoreLine(
            name, scale, first.get(who, ""), values[0], values[-1] if len(values) > 1 else None
        )
        for (name, scale, who), values in series.items()
    )
    reviews = tuple(
        (s.held_on, s.summary.strip())
        for s in sorted(SessionRepo(ctx.db).for_case(case_id), key=lambda s: s.held_on)
        if s.summary_written
    )
    return LetterFacts(
        on=on,
        adults=adults,
        children=children,
        practitioner=ctx.vault.profile.display_name,
        helping=tuple(helping),
        scores=scores,
        reviews=reviews,
    )
