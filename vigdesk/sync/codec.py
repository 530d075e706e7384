"""Canonical JSON, base64 and the tagged encoding of SQLite values in change sets."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from typing import Any

JsonValue = Any
"""A value `json` can round-trip (None, bool, int, float, str, list, dict)."""


def canonical(obj: JsonValue) -> bytes:
    """Deterministic UTF-8 JSON: sorted keys, no spaces. What signatures cover."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: object) -> bytes:
    """Strict base64 decode; raises ValueError on anything else."""
    if not isinstance(text, str):
        raise ValueError("expected base64 text")
    try:
        return base64.b64decode(text, validate=True)
    except binascii.Error as exc:
        raise ValueError("invalid base64") from exc


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def encode_value(value: object) -> JsonValue:
    """A SQLite value as JSON: bytes become ``{"$b": base64}``; the rest is native."""
    if isinstance(value, bytes | bytearray | memoryview):
        return {"$b": b64(bytes(value))}
    if value is None or isinstance(value, str | int | float):
        return value
    raise TypeError(f"cannot encode a {type(value).__name__} from the database")


def decode_value(value: JsonValue) -> object:
    """Inverse of :func:`encode_value`; raises ValueError for a malformed value."""
    if isinstance(value, dict):
        if set(value) != {"$b"}:
            raise ValueError("malformed tagged value")
        return unb64(value["$b"])
    if value is None or isinstance(value, str | int | float):
        return value
    raise ValueError("malformed value")


def pk_text(values: list[object] | tuple[object, ...]) -> str:
    """The canonical text of a primary key (matches SQLite's ``json_array``)."""
    return json.dumps(list(values), separators=(",", ":"), ensure_ascii=False)
