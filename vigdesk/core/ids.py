"""Typed identifiers. Ids are random UUID4 hex strings so they merge across laptops."""

from __future__ import annotations

import uuid
from typing import NewType

VaultId = NewType("VaultId", str)
CaseId = NewType("CaseId", str)
PersonId = NewType("PersonId", str)
MediaId = NewType("MediaId", str)
BlobId = NewType("BlobId", str)
MemberId = NewType("MemberId", str)
DeviceId = NewType("DeviceId", str)


def new_id() -> str:
    """A fresh random id: 32 lowercase hex characters."""
    return uuid.uuid4().hex


_ID_CHARS = frozenset("0123456789abcdef")


def is_id(value: object) -> bool:
    """True for exactly the shape `new_id` mints (so it is safe in a path or a query)."""
    return isinstance(value, str) and len(value) == 32 and _ID_CHARS.issuperset(value)


def checked_id(value: object, what: str = "id") -> str:
    """`value` if it has the shape of a minted id; else ValueError naming `what`.

    Every id read from outside the process (the site folder, a package, a reply) goes
    through this before it names a file, a folder or a row.
    """
    if not is_id(value):
        raise ValueError(f"malformed {what}")
    assert isinstance(value, str)
    return value
