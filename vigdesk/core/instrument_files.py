"""Reading instrument definition files (JSON or TOML) with errors that name file and field.

e.g. ``goal-based-outcomes.json: items[3].options: must not be empty`` (schema:
resources/instruments/README.md).
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import NoReturn

from vigdesk.core.errors import InvalidInput
from vigdesk.core.questionnaires import (
    TOTAL,
    Band,
    Instrument,
    Item,
    Method,
    Option,
    Scoring,
    Subscale,
)

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
