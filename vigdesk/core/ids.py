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
