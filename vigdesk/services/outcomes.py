"""Outcome series for one family's charts, and an anonymous summary across the service.

The summary holds counts and means only: no codes, names, initials or ids, so it
can leave the vault (e.g. for a service report). Change is *end − baseline*:
- instruments: per case, respondent and scale, the baseline and end scores of
  the same instrument version, when both were scored;
- helping questions: per question and adult, the baseline rating and the latest
  rating given at a session (the end of the intervention once the case closes).
Every read is audited with counts only.
"""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date

from vigdesk.core.cases import CaseStatus
from vigdesk.core.ids import CaseId, PersonId
from vigdesk.core.questionnaires import Administration, Timepoint
from vigdesk.core.sessions import HelpingQuestion
from vigdesk.services.context import Context
from vigdesk.storage.cases import CaseRepo
from vigdesk.storage.questionnaires import AdministrationRepo
from vigdesk.storage.sessions import HelpingRepo

HELPING_MEASURE = "helping-questions"
_CSV_HEADER = (
    "section",
    "measure",
    "version",
    "scale",
    "cases",
    "pairs",
    "mean_baseline",
    "mean_end",
    "mean_change",
)


@dataclass(frozen=True)
class RatingPoint:
    on: date
    score: int
    session_id: str | None  # None: baseline


@dataclass(frozen=True)
class HelpingSeries:
    """One adult's ratings of one helping question, oldest first."""

    question_id: str
    text: str
    rated_by: PersonId
    points: tuple[RatingPoint, ...]


@dataclass(frozen=True)
class ScorePoint:
    timepoint: Timepoint
    on: date
    value: float | None  # None: not scored (too many answers missing)
    band: str | None
    prorated: bool


@dataclass(frozen=True)
class ScoreSeries:
    """One respondent's scores on one scale of one instrument version, by time point."""

    instrument_id: str
    instrument_version: str
    scale: str
    respondent_id: PersonId
    points: tuple[ScorePoint, ...]


@dataclass(frozen=True)
class FamilyOutcomes:
    case_id: CaseId
    helping: tuple[HelpingSeries, ...]
    scores: tuple[ScoreSeries, ...]


@dataclass(frozen=True)
class StatusCount:
    status: CaseStatus
    cases: int


@dataclass(frozen=True)
class Change:
    measure: str  # an instrument id, or "helping-questions"
    version: str  # instrument version ("" for helping questions)
    scale: str
    cases: int
    pairs: int
    mean_baseline: float
    mean_end: float
    mean_change: float


@dataclass(frozen=True)
class ServiceSummary:
    cases: int
    by_status: tuple[StatusCount, ...]
    with_baseline_and_end: int  # cases with at least one baseline+end pair
    changes: tuple[Change, ...]


# (measure, version, scale) → [(case id, baseline, end)]
_Pairs = dict[tuple[str, str, str], list[tuple[str, float, float]]]


def _helping_pairs(questions: list[HelpingQuestion], pairs: _Pairs) -> None:
    for q in questions:
        by_rater: dict[str, list[tuple[date, int, bool]]] = defaultdict(list)
        for r in q.ratings:
            by_rater[r.rated_by].append((r.rated_on, r.score, r.is_baseline))
        for ratings in by_rater.values():
            base = [(on, s) for on, s, is_base in ratings if is_base]
            later = [(on, s) for on, s, is_base in ratings if not is_base]
            if base and later:
                end = max(later, key=lambda p: p[0])
                pairs[(HELPING_MEASURE, "", "rating")].append((q.case_id, base[0][1], end[1]))


def _instrument_pairs(administrations: list[Administration], pairs: _Pairs) -> None:
    grouped: dict[tuple[str, str, str], dict[Timepoint, Administration]] = defaultdict(dict)
    for a in administrations:
        grouped[(a.case_id, a.instrument_id, a.respondent_id)][a.timepoint] = a
    for (case_id, instrument_id, _), by_time in grouped.items():
        base, end = by_time.get(Timepoint.BASELINE), by_time.get(Timepoint.END)
        if base is None or end is None or base.instrument_version != end.instrument_version:
            continue
        for s in base.scores:
            after = end.score(s.scale)
            if s.value is not None and after is not None and after.value is not None:
                key = (instrument_id, base.instrument_version, s.scale)
                pairs[key].append((case_id, s.value, after.value))


def _mean(values: list[float]) -> float:
    return round(sum(values) / len(values), 2)


class OutcomeService:
    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx
        self._cases = CaseRepo(ctx.db)
        self._helping = HelpingRepo(ctx.db)
        self._admins = AdministrationRepo(ctx.db)

    def family(self, case_id: CaseId) -> FamilyOutcomes:
        """Chart series for one case: audited as a read (counts only)."""
        self._cases.get(case_id)
        helping = tuple(
            HelpingSeries(
                q.id,
                q.text,
                rater,
                tuple(
                    RatingPoint(r.rated_on, r.score, r.session_id)
                    for r in q.ratings
                    if r.rated_by == rater
                ),
            )
            for q in self._helping.for_case(case_id)
            for rater in dict.fromkeys(r.rated_by for r in q.ratings)
        )
        series: dict[tuple[str, str, str, PersonId], list[ScorePoint]] = defaultdict(list)
        order = list(Timepoint)
        for a in sorted(self._admins.for_case(case_id), key=lambda a: order.index(a.timepoint)):
            for s in a.scores:
                key = (a.instrument_id, a.instrument_version, s.scale, a.respondent_id)
                series[key].append(
                    ScorePoint(a.timepoint, a.completed_on, s.value, s.band, s.prorated)
                )
        scores = tuple(ScoreSeries(*key, tuple(points)) for key, points in series.items())
        self._ctx.audit.append(
            "outcomes.read", "case", case_id, {"helping": len(helping), "scores": len(scores)}
        )
        return FamilyOutcomes(case_id, helping, scores)

    def summary(self) -> ServiceSummary:
        """Across all families, anonymous: audited."""
        result = self._summarise()
        self._ctx.audit.append("outcomes.summary", "service", "", {"cases": result.cases})
        return result

    def summary_csv(self) -> str:
        """The summary as CSV text (one header row; no names, initials, codes or ids)."""
        result = self._summarise()
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(_CSV_HEADER)
        blank = ("", "", "")
        writer.writerow(("cases", "all", "", "", result.cases, "", *blank))
        for sc in result.by_status:
            writer.writerow(("cases", sc.status.value, "", "", sc.cases, "", *blank))
        writer.writerow(
            ("cases", "with_baseline_and_end", "", "", result.with_baseline_and_end, "", *blank)
        )
        for c in result.changes:
            means = (c.mean_baseline, c.mean_end, c.mean_change)
            writer.writerow(("change", c.measure, c.version, c.scale, c.cases, c.pairs, *means))
        self._ctx.audit.append(
            "outcomes.exported",
            "service",
            "",
            {"cases": result.cases, "measures": len(result.changes)},
        )
        return out.getvalue()

    def _summarise(self) -> ServiceSummary:
        cases = self._cases.all()
        counts = Counter(c.status for c in cases)
        pairs: _Pairs = defaultdict(list)
        _helping_pairs(self._helping.every(), pairs)
        _instrument_pairs(self._admins.every(), pairs)
        changes = tuple(
            Change(
                measure,
                version,
                scale,
                cases=len({case for case, _, _ in found}),
                pairs=len(found),
                mean_baseline=_mean([b for _, b, _ in found]),
                mean_end=_mean([e for _, _, e in found]),
                mean_change=_mean([e - b for _, b, e in found]),
            )
            for (measure, version, scale), found in sorted(pairs.items())
        )
        complete = {case for found in pairs.values() for case, _, _ in found}
        return ServiceSummary(
            cases=len(cases),
            by_status=tuple(StatusCount(s, counts.get(s, 0)) for s in CaseStatus),
            with_baseline_and_end=len(complete),
            changes=changes,
        )
