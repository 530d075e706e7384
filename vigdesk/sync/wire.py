"""Strict decoding of JSON that came from the site folder: refuse, never coerce.

`bool("false")` is True and `str(["x"])` is a name; a field of the wrong type, length
or shape must instead reject the whole file. Each function raises ValueError naming the
field, which the parsers turn into IntegrityError with the file's name.
"""

from __future__ import annotations

import json
from typing import Any

from vigdesk.core.ids import checked_id

MAX_TEXT = 4096


def loads(raw: bytes, what: str) -> Any:
    """JSON from bytes, ValueError on anything that is not UTF-8 JSON."""
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"{what} is not JSON") from exc


def obj(
    value: Any, what: str, keys: set[str] | frozenset[str], optional: frozenset[str] = frozenset()
) -> dict[str, Any]:
    """A JSON object with exactly `keys` (plus any of `optional`)."""
    if not isinstance(value, dict):
        raise ValueError(f"{what} is not an object")
    present = set(value)
    if not keys <= present or not present <= keys | optional:
        raise ValueError(f"{what} has missing or unexpected fields")
    return value


def text(value: Any, what: str, max_len: int = MAX_TEXT) -> str:
    if not isinstance(value, str) or len(value) > max_len:
        raise ValueError(f"{what} is not text of at most {max_len} characters")
    return value


def integer(value: Any, what: str, low: int = 0, high: int = 2**53) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValueError(f"{what} is not a whole number from {low} to {high}")
    return value


def boolean(value: Any, what: str) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"{what} is not true or false")
    return value


def ident(value: Any, what: str) -> str:
    return checked_id(value, what)


def array(value: Any, what: str, max_len: int) -> list[Any]:
    if not isinstance(value, list) or len(value) > max_len:
        raise ValueError(f"{what} is not a list of at most {max_len} items")
    return value
