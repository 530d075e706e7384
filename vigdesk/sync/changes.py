"""The units of a change set: a row change (liveness and/or fields) and a case shred.

A row change has one stamp; per field it carries ``[value, base]`` where `base` is the
stamp of the value it replaced ("" for none), and optionally a liveness op ``[alive,
[bases…]]`` naming every liveness head it supersedes. Shreds name a case whose key was
destroyed. Parsing is strict (ValueError), since change sets come from the share.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from vigdesk.sync import hlc
from vigdesk.sync.codec import JsonValue, decode_value
from vigdesk.sync.schema import SPECS

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
    def from_json(cls, d: dict[str, Any]) -> RowChange:
        table, pk, case_id, stamp = d["t"], d["k"], d["c"], d["h"]
        if table not in SPECS or not isinstance(pk, str) or not isinstance(case_id, str):
            raise ValueError("unknown table or malformed key")
        hlc.value_of(stamp)
        alive: Liveness | None = None
        if "a" in d:
            value, bases = d["a"]
            if value not in (0, 1) or not all(isinstance(b, str) for b in bases):
                raise ValueError("malformed liveness")
            alive = (int(value), tuple(bases))
        fields: dict[str, tuple[JsonValue, str]] = {}
        for col, item in dict(d.get("f", {})).items():
            value, base = item
            decode_value(value)
            if not isinstance(col, str) or not col.isidentifier() or not isinstance(base, str):
                raise ValueError("malformed field")
            fields[col] = (value, base)
        if alive is None and not fields:
            raise ValueError("empty change")
        return cls(table, pk, case_id, str(stamp), alive, fields)


@dataclass(frozen=True)
class Shred:
    case_id: str
    stamp: str

    def to_json(self) -> dict[str, Any]:
        return {"s": self.case_id, "h": self.stamp}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Shred:
        case_id, stamp = d["s"], d["h"]
        if not isinstance(case_id, str):
            raise ValueError("malformed shred")
        hlc.value_of(stamp)
        return cls(case_id, str(stamp))


Entry = RowChange | Shred


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
