"""Questionnaire instruments as data: definitions, validation on load, answers and scoring.

Instruments are JSON or TOML files (schema: resources/instruments/README.md).
Loading validates everything and raises InvalidInput naming the file and the
field, e.g. ``goal-based-outcomes.json: items[3].options: must not be empty``.

Scoring contract, per scale (each subscale, and the total if defined):
- reverse-scored items count as ``lowest + highest − answer`` of their options;
- unanswered optional items up to ``max_missing`` are prorated: a sum becomes
  ``sum × items / answered``, a mean is the mean of the answered items; with
  more missing (or none answered) the scale has no score (value None);
- values are rounded half-up to ``decimals``; the band is the last whose
  ``min`` ≤ value.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from vigdesk.core.errors import InvalidInput
from vigdesk.core.ids import CaseId, PersonId

TOTAL = "total"


class Timepoint(StrEnum):
    BASELINE = "baseline"
    MID = "mid"
    END = "end"


class Method(StrEnum):
    SUM = "sum"
    MEAN = "mean"


@dataclass(frozen=True)
class Option:
    value: int
    label: str


@dataclass(frozen=True)
class Item:
    id: str
    text: str
    options: tuple[Option, ...]
    reverse: bool = False
    required: bool = True

    @property
    def values(self) -> tuple[int, ...]:
        return tuple(o.value for o in self.options)

    def scored(self, answer: int) -> int:
        """The answer as it counts towards scores (flipped for reverse-scored items)."""
        return min(self.values) + max(self.values) - answer if self.reverse else answer


@dataclass(frozen=True)
class Subscale:
    id: str
    name: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class Band:
    min: float
    label: str


@dataclass(frozen=True)
class Scoring:
    method: Method
    max_missing: int
    total_items: tuple[str, ...]  # empty: no total score
    total_max_missing: int
    decimals: int = 2


@dataclass(frozen=True)
class Instrument:
    id: str
    name: str
    version: str
    licence: str
    instructions: str
    items: tuple[Item, ...]
    subscales: tuple[Subscale, ...]
    scoring: Scoring
    bands: Mapping[str, tuple[Band, ...]] = field(default_factory=dict)
    demo: bool = False
    source: str = ""

    def item(self, item_id: str) -> Item:
        for item in self.items:
            if item.id == item_id:
                return item
        raise InvalidInput(f"{self.name} has no item {item_id!r}.")

    def scales(self) -> tuple[tuple[str, tuple[str, ...], int], ...]:
        """(scale id, item ids, missing allowance) for each subscale, then the total."""
        found = tuple((s.id, s.items, self.scoring.max_missing) for s in self.subscales)
        if self.scoring.total_items:
            found += ((TOTAL, self.scoring.total_items, self.scoring.total_max_missing),)
        return found


@dataclass(frozen=True)
class ScaleScore:
    scale: str  # a subscale id or "total"
    value: float | None  # None: too many answers missing to score
    answered: int
    items: int
    prorated: bool
    band: str | None


@dataclass(frozen=True)
class Answer:
    item_id: str
    value: int


@dataclass(frozen=True)
class Administration:
    """One completed questionnaire, scored when recorded with the instrument version named."""

    id: str
    case_id: CaseId
    instrument_id: str
    instrument_version: str
    respondent_id: PersonId
    timepoint: Timepoint
    completed_on: date
    answers: tuple[Answer, ...]
    scores: tuple[ScaleScore, ...]

    def score(self, scale: str) -> ScaleScore | None:
        return next((s for s in self.scores if s.scale == scale), None)


# -- answers and scores ---------------------------------------------------------


def check_answers(instrument: Instrument, answers: Mapping[str, int]) -> tuple[Answer, ...]:
    """Answers in item order; InvalidInput naming the item for any bad or missing answer."""
    known = {i.id for i in instrument.items}
    for item_id in answers:
        if item_id not in known:
            raise InvalidInput(f"{instrument.name} has no item {item_id!r}.")
    checked = []
    for item in instrument.items:
        value = answers.get(item.id)
        if value is None:
            if item.required:
                raise InvalidInput(f"Item {item.id} needs an answer: it is required.")
            continue
        if isinstance(value, bool) or not isinstance(value, int) or value not in item.values:
            allowed = ", ".join(str(v) for v in item.values)
            raise InvalidInput(f"Item {item.id}: {value!r} is not one of its answers ({allowed}).")
        checked.append(Answer(item.id, value))
    return tuple(checked)


def _round(value: float, decimals: int) -> float:
    return float(Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP))


def band_of(bands: tuple[Band, ...], value: float | None) -> str | None:
    if value is None:
        return None
    label = None
    for band in bands:
        if band.min <= value:
            label = band.label
    return label


def score(instrument: Instrument, answers: Mapping[str, int]) -> tuple[ScaleScore, ...]:
    """Score validated answers (see the module contract); InvalidInput for bad answers."""
    given = {a.item_id: a.value for a in check_answers(instrument, answers)}
    rule = instrument.scoring
    results = []
    for scale, item_ids, allowance in instrument.scales():
        values = [instrument.item(i).scored(given[i]) for i in item_ids if i in given]
        n, k = len(item_ids), len(values)
        value: float | None = None
        if k and n - k <= allowance:
            raw = sum(values) * n / k if rule.method is Method.SUM else sum(values) / k
            value = _round(raw, rule.decimals)
        band = band_of(instrument.bands.get(scale, ()), value)
        results.append(ScaleScore(scale, value, k, n, value is not None and k < n, band))
    return tuple(results)
