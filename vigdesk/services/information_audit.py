"""The information audit for the council's asset register: counts only, no names."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from vigdesk.core.cases import PersonKind
from vigdesk.core.consent import Purpose, gaps
from vigdesk.services.context import Context
from vigdesk.services.retention import RetentionService
from vigdesk.storage.cases import CaseRepo
from vigdesk.storage.consents import ConsentRepo


@dataclass(frozen=True)
class InformationAudit:
    as_of: str
    families: int
    families_by_status: dict[str, int]
    people: int
    children: int
    videos: dict[str, int]  # footage / clip / still
    footage_hours: float
    media_due_for_deletion: int
    on_legal_hold: int
    oldest_item: str | None
    consent_coverage: dict[str, float]  # purpose → share of children with it in force


def information_audit(ctx: Context, retention: RetentionService) -> InformationAudit:
    db = ctx.db
    today = ctx.today()
    status: dict[str, int] = dict(db.execute("SELECT status, count(*) FROM cases GROUP BY status"))
    kinds: dict[str, int] = dict(db.execute("SELECT kind, count(*) FROM media GROUP BY kind"))
    hours = (
        float(db.scalar("SELECT coalesce(sum(duration_s), 0) FROM media WHERE kind = 'footage'"))
        / 3600
    )
    cases, consents = CaseRepo(db), ConsentRepo(db)
    children = 0
    covered: Counter[str] = Counter()
    for case in cases.all():  # the same rule the services enforce, not a raw count
        people = cases.people(case.id)
        kids = [p for p in people if p.kind is PersonKind.CHILD]
        children += len(kids)
        records = consents.for_case(case.id)
        for purpose in Purpose:
            lacking = {g.child.id for g in gaps(people, records, [purpose], today)}
            covered[purpose.value] += sum(1 for k in kids if k.id not in lacking)
    due = retention.preview(today)
    report = InformationAudit(
        as_of=today.isoformat(),
        families=sum(status.values()),
        families_by_status=status,
        people=int(db.scalar("SELECT count(*) FROM people")),
        children=children,
        videos={k: int(v) for k, v in kinds.items()},
        footage_hours=round(hours, 3),
        media_due_for_deletion=sum(1 for d in due if not d.held),
        on_legal_hold=int(db.scalar("SELECT count(*) FROM legal_holds")),
        oldest_item=db.scalar("SELECT min(created_at) FROM media"),
        consent_coverage={
            p.value: round(covered[p.value] / children, 3) if children else 0.0 for p in Purpose
        },
    )
    ctx.audit.append("report.information_audit", "vault", "", {"families": report.families})
    return report
