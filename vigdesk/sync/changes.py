"""The units of a change set: a row change (liveness and/or fields) and a case shred.

A row change has one stamp; per field it carries ``[value, base]`` where `base` is the
stamp of the value it replaced ("" for none), and optionally a liveness op ``[alive,
[bases…]]`` naming every liveness head it supersedes. Shreds name a case whose key was
destroyed. Parsing is strict (ValueError), since change sets come from the share.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from vigdesk.sync import hlc, wire
from vigdesk.sync.codec import JsonValue, decode_value, pk_text
from vigdesk.sync.schema import SPECS

_ROW_KEYS = frozenset({"t", "k", "c", "h"})
_ROW_OPTIONAL = frozenset({"a", "f"})
_COLUMN = re.compile(r"[a-z][a-z0-9_]{0,62}")
_STAMP = re.compile(rf"[0-9a-f]{{{hlc.WIDTH}}}[0-9a-f]{{32}}")
_FREE_KEY = frozenset({"item_id", "scale"})  # key columns that are not minted ids
MAX_BASES = 64
MAX_FIELDS = 200

Field = tuple[JsonValue, str, str]  # (encoded value, stamp, base stamp) in merge state
Liveness = tuple[int, tuple[str, ...]]  # (1 alive / 0 deleted, superseded heads)


@dataclass(frozen=True)
class RowChange:
    """One row's change, made at one moment: every part carries the same `stamp`."""

    table: str
    pk: str
    case_id: str
    stamp: str
    alive: Liveness | None
    fields: dict[str, tuple[JsonValue, str]]  # column -> (encoded value, base stamp)

    def field_states(self) -> dict[str, Field]:
        return {c: (v, self.stamp, base) for c, (v, base) in self.fields.items()}

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"t": self.table, "k": self.pk, "c": self.case_id, "h": self.stamp}
        if self.alive is not None:
            data["a"] = [self.alive[0], list(self.alive[1])]
        if self.fields:
            data["f"] = {col: list(f) for col, f in self.fields.items()}
        return data

    @classmethod
    def from_json(cls, d: Any) -> RowChange:
        d = wire.obj(d, "change", _ROW_KEYS, _ROW_OPTIONAL)
        table = wire.text(d["t"], "table", 64)
        if table not in SPECS:
            raise ValueError("unknown table")
        pk = _pk(table, d["k"])
        alive: Liveness | None = None
        if "a" in d:
            item = wire.array(d["a"], "liveness", 2)
            if len(item) != 2 or item[0] not in (0, 1) or isinstance(item[0], bool):
                raise ValueError("malformed liveness")
            bases = tuple(_stamp(b) for b in wire.array(item[1], "liveness bases", MAX_BASES))
            alive = (int(item[0]), bases)
        fields: dict[str, tuple[JsonValue, str]] = {}
        raw_fields = d.get("f", {})
        if not isinstance(raw_fields, dict) or len(raw_fields) > MAX_FIELDS:
            raise ValueError("malformed fields")
        for col, item in raw_fields.items():
            if not (isinstance(col, str) and _COLUMN.fullmatch(col)):
                raise ValueError("malformed field name")
            pair = wire.array(item, "field", 2)
            if len(pair) != 2:
                raise ValueError("malformed field")
            value, base = pair
            decode_value(value)
            fields[col] = (value, "" if base == "" else _stamp(base))
        if alive is None and not fields:
            raise ValueError("empty change")
        return cls(table, pk, wire.ident(d["c"], "case id"), _stamp(d["h"]), alive, fields)


@dataclass(frozen=True)
class Shred:
    case_id: str
    stamp: str

    def to_json(self) -> dict[str, Any]:
        return {"s": self.case_id, "h": self.stamp}

    @classmethod
    def from_json(cls, d: Any) -> Shred:
        d = wire.obj(d, "shred", frozenset({"s", "h"}))
        return cls(wire.ident(d["s"], "shred case id"), _stamp(d["h"]))


Entry = RowChange | Shred


def _stamp(value: Any) -> str:
    """A clock stamp: 16 hex digits then the writing device's id."""
    if not (isinstance(value, str) and _STAMP.fullmatch(value)):
        raise ValueError("malformed clock stamp")
    return value


def _pk(table: str, value: Any) -> str:
    """The primary key text, checked: right arity, ids where ids belong, canonical."""
    columns = SPECS[table].pk
    try:
        parts = json.loads(wire.text(value, "key", 1024))
    except json.JSONDecodeError as exc:
        raise ValueError("malformed key") from exc
    if not isinstance(parts, list) or len(parts) != len(columns):
        raise ValueError("malformed key")
    for column, part in zip(columns, parts, strict=True):
        if column in _FREE_KEY:
            wire.text(part, column, 128)
        else:
            wire.ident(part, column)
    if pk_text(parts) != value:
        raise ValueError("key is not in canonical form")
    return str(value)


def entry_from_json(d: Any) -> Entry:
    """Parse one entry; raises ValueError for anything malformed."""
    try:
        if not isinstance(d, dict):
            raise ValueError("entry is not an object")
        return Shred.from_json(d) if "s" in d else RowChange.from_json(d)
    except (KeyError, TypeError) as exc:
        raise ValueError("malformed change entry") from exc


def entry_stamp(entry: Entry) -> str:
    return entry.stamp
