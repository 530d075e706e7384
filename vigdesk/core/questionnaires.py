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

import json
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from pathlib import Path
from typing import NoReturn

from vigdesk.core.errors import InvalidInput

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
    case_id: str
    instrument_id: str
    instrument_version: str
    respondent_id: str
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


# -- loading ---------------------------------------------------------------------


def parse_instrument(data: object, source: str) -> Instrument:
    """Build an instrument from decoded JSON/TOML; InvalidInput '<source>: <field>: <problem>'."""
    return _Parser(source).instrument(data)


def load_instrument(path: Path, shown_as: str | None = None) -> Instrument:
    """Read one `.json` or `.toml` definition; errors name `shown_as` (default: the path)."""
    source = shown_as or str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InvalidInput(f"{source}: cannot be read ({exc.strerror}).") from exc
    try:
        if path.suffix == ".toml":
            data: object = tomllib.loads(raw.decode("utf-8"))
        else:
            data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"{source}: is not UTF-8 text.") from exc
    except json.JSONDecodeError as exc:
        raise InvalidInput(
            f"{source}: line {exc.lineno} column {exc.colno}: not valid JSON ({exc.msg})."
        ) from exc
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInput(f"{source}: not valid TOML ({exc}).") from exc
    return parse_instrument(data, source)


def load_instruments(folder: Path, relative_to: Path | None = None) -> list[Instrument]:
    """Every `*.json`/`*.toml` in `folder`, by name; InvalidInput for a bad file or reused id."""
    found: dict[str, Instrument] = {}
    if not folder.is_dir():
        return []
    for path in sorted(folder.iterdir()):
        if path.suffix not in (".json", ".toml") or path.name.startswith("."):
            continue
        shown = str(path.relative_to(relative_to)) if relative_to else str(path)
        instrument = load_instrument(path, shown)
        if instrument.id in found:
            raise InvalidInput(
                f"{shown}: id: {instrument.id!r} is already used by {found[instrument.id].source}."
            )
        found[instrument.id] = instrument
    return list(found.values())


# -- validating a definition -------------------------------------------------------

_INSTRUMENT_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_ITEM_ID = re.compile(r"^[A-Za-z0-9_.-]{1,32}$")
_TOP = ("id", "name", "version", "licence", "instructions", "demo", "option_sets", "items")
_TOP_MORE = ("subscales", "scoring", "bands")
_REQUIRED = ("id", "name", "version", "licence", "items", "scoring")


class _Parser:
    """Walks decoded data; every failure names the source file and the field path."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, where: str, problem: str) -> NoReturn:
        raise InvalidInput(f"{self.source}: {where}: {problem}")

    def table(
        self, value: object, where: str, allowed: tuple[str, ...], required: tuple[str, ...]
    ) -> dict[str, object]:
        if not isinstance(value, dict):
            self.fail(where or "(top level)", "must be an object with named fields")
        for key in value:
            if not str(key).startswith("_") and key not in allowed:
                self.fail(_at(where, str(key)), "is not a known field (see the README)")
        for key in required:
            if key not in value:
                self.fail(_at(where, key), "is missing")
        return {str(k): v for k, v in value.items()}

    def named(self, value: object, where: str) -> dict[str, object]:
        """An object whose keys are names the file chooses (option sets, band scales)."""
        if not isinstance(value, dict):
            self.fail(where, "must be an object with named entries")
        return {str(k): v for k, v in value.items() if not str(k).startswith("_")}

    def text(self, value: object, where: str, *, empty_ok: bool = False) -> str:
        if not isinstance(value, str):
            self.fail(where, "must be text")
        if not empty_ok and not value.strip():
            self.fail(where, "must not be empty")
        return value.strip()

    def integer(self, value: object, where: str, lowest: int, highest: int | None = None) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(where, "must be a whole number")
        if value < lowest or (highest is not None and value > highest):
            self.fail(where, f"must be from {lowest}" + (f" to {highest}" if highest else " up"))
        return value

    def flag(self, value: object, where: str) -> bool:
        if not isinstance(value, bool):
            self.fail(where, "must be true or false")
        return value

    def array(self, value: object, where: str) -> list[object]:
        if not isinstance(value, list):
            self.fail(where, "must be a list")
        if not value:
            self.fail(where, "must not be empty")
        return value

    def ident(self, value: object, where: str, pattern: re.Pattern[str]) -> str:
        text = self.text(value, where)
        if not pattern.match(text):
            self.fail(where, f"{text!r} is not a valid id (letters, digits, '-', no spaces)")
        return text

    def instrument(self, data: object) -> Instrument:
        d = self.table(data, "", _TOP + _TOP_MORE, _REQUIRED)
        version = d["version"]
        if not isinstance(version, str) or not version.strip():
            self.fail("version", 'must be text, e.g. "1.0"')
        sets = {
            name: self.options(v, f"option_sets.{name}")
            for name, v in self.named(d.get("option_sets", {}), "option_sets").items()
        }
        items = tuple(
            self.item(v, f"items[{n}]", sets) for n, v in enumerate(self.array(d["items"], "items"))
        )
        self.unique([i.id for i in items], "items", "id")
        raw_subscales = self.array(d["subscales"], "subscales") if "subscales" in d else []
        subscales = tuple(
            self.subscale(v, f"subscales[{n}]", items) for n, v in enumerate(raw_subscales)
        )
        self.unique([s.id for s in subscales], "subscales", "id")
        scoring = self.scoring(d["scoring"], items, subscales)
        scales = {s.id for s in subscales} | ({TOTAL} if scoring.total_items else set())
        bands = {
            scale: self.bands(v, f"bands.{scale}")
            for scale, v in self.named(d.get("bands", {}), "bands").items()
        }
        for scale in bands:
            if scale not in scales:
                self.fail(f"bands.{scale}", f"no scale with that id ({', '.join(sorted(scales))})")
        return Instrument(
            id=self.ident(d["id"], "id", _INSTRUMENT_ID),
            name=self.text(d["name"], "name"),
            version=version.strip(),
            licence=self.text(d["licence"], "licence"),
            instructions=self.text(d.get("instructions", ""), "instructions", empty_ok=True),
            items=items,
            subscales=subscales,
            scoring=scoring,
            bands=bands,
            demo=self.flag(d.get("demo", False), "demo"),
            source=self.source,
        )

    def unique(self, ids: list[str], where: str, key: str) -> None:
        for n, ident in enumerate(ids):
            if ident in ids[:n]:
                self.fail(f"{where}[{n}].{key}", f"{ident!r} is used twice")

    def options(self, value: object, where: str) -> tuple[Option, ...]:
        found: list[Option] = []
        for n, raw in enumerate(self.array(value, where)):
            d = self.table(raw, f"{where}[{n}]", ("value", "label"), ("value",))
            number = d["value"]
            if isinstance(number, bool) or not isinstance(number, int):
                self.fail(f"{where}[{n}].value", "must be a whole number")
            if any(o.value == number for o in found):
                self.fail(f"{where}[{n}].value", f"{number} is used twice")
            label = self.text(d.get("label", str(number)), f"{where}[{n}].label")
            found.append(Option(number, label))
        return tuple(found)

    def item(self, value: object, where: str, sets: dict[str, tuple[Option, ...]]) -> Item:
        keys = ("id", "text", "options", "reverse", "required")
        d = self.table(value, where, keys, ("id", "text", "options"))
        raw = d["options"]
        if isinstance(raw, str):
            if raw not in sets:
                self.fail(f"{where}.options", f"no option set named {raw!r} in option_sets")
            options = sets[raw]
        else:
            options = self.options(raw, f"{where}.options")
        return Item(
            id=self.ident(d["id"], f"{where}.id", _ITEM_ID),
            text=self.text(d["text"], f"{where}.text"),
            options=options,
            reverse=self.flag(d.get("reverse", False), f"{where}.reverse"),
            required=self.flag(d.get("required", True), f"{where}.required"),
        )

    def subscale(self, value: object, where: str, items: tuple[Item, ...]) -> Subscale:
        d = self.table(value, where, ("id", "name", "items"), ("id", "items"))
        ident = self.ident(d["id"], f"{where}.id", _ITEM_ID)
        if ident == TOTAL:
            self.fail(f"{where}.id", f"{TOTAL!r} is kept for the total score")
        known = {i.id for i in items}
        members = []
        for n, item_id in enumerate(self.array(d["items"], f"{where}.items")):
            if item_id not in known:
                self.fail(f"{where}.items[{n}]", f"no item with id {item_id!r}")
            members.append(str(item_id))
        self.unique(members, where, "items")
        return Subscale(ident, self.text(d.get("name", ident), f"{where}.name"), tuple(members))

    def scoring(
        self, value: object, items: tuple[Item, ...], subscales: tuple[Subscale, ...]
    ) -> Scoring:
        keys = ("method", "max_missing", "total", "total_max_missing", "decimals")
        d = self.table(value, "scoring", keys, ("method",))
        if d["method"] not in tuple(Method):
            self.fail("scoring.method", 'must be "sum" or "mean"')
        max_missing = self.integer(d.get("max_missing", 0), "scoring.max_missing", 0)
        total = d.get("total", True)
        if isinstance(total, bool):
            total_items = tuple(i.id for i in items) if total else ()
        else:
            names = self.array(total, "scoring.total")
            by_id = {s.id: s for s in subscales}
            for n, name in enumerate(names):
                if name not in by_id:
                    self.fail(f"scoring.total[{n}]", f"no subscale with id {name!r}")
            wanted = {i for name in names for i in by_id[str(name)].items}
            total_items = tuple(i.id for i in items if i.id in wanted)
        if not total_items and not subscales:
            self.fail("scoring.total", "nothing would be scored: set it to true or add subscales")
        return Scoring(
            method=Method(str(d["method"])),
            max_missing=max_missing,
            total_items=total_items,
            total_max_missing=self.integer(
                d.get("total_max_missing", max_missing), "scoring.total_max_missing", 0
            ),
            decimals=self.integer(d.get("decimals", 2), "scoring.decimals", 0, 4),
        )

    def bands(self, value: object, where: str) -> tuple[Band, ...]:
        found: list[Band] = []
        for n, raw in enumerate(self.array(value, where)):
            d = self.table(raw, f"{where}[{n}]", ("min", "label"), ("min", "label"))
            low = d["min"]
            if isinstance(low, bool) or not isinstance(low, int | float):
                self.fail(f"{where}[{n}].min", "must be a number")
            if found and low <= found[-1].min:
                self.fail(f"{where}[{n}].min", "bands must go up: each min above the last")
            found.append(Band(float(low), self.text(d["label"], f"{where}[{n}].label")))
        return tuple(found)


def _at(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key
