"""The journal file format (``devices/<device>/journal/NNNNNNNN.vjr``).

    "VJR1" ‖ u32 header length ‖ header (canonical JSON) ‖ sealed sections ‖ signature

The header names the site, device, member, sequence number and the SHA-256 of the
device's previous file (a chain: gaps, reordering and rollback show), plus each
section's scope and length. A section is the zlib-compressed JSON list of one case's
changes, sealed in the blob format under a key derived from that case's key (or, for
the site-wide section, from the site data key of an epoch); its associated data names
device, sequence and scope, so sections cannot be moved. The Ed25519 signature of the
device covers every byte before it. Pure functions; raise IntegrityError.
"""

from __future__ import annotations

import json
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vigdesk.core.errors import IntegrityError
from vigdesk.crypto import keys
from vigdesk.crypto.streaming import open_bytes, seal_bytes
from vigdesk.sync.codec import canonical
from vigdesk.sync.identity import DeviceKeys, verify

MAGIC = b"VJR1"
SIGN_DOMAIN = b"vigdesk/journal/v1"
SIG_LEN = 64
_KEY_INFO = b"vigdesk/journal-section/v1"


@dataclass(frozen=True)
class Section:
    scope: str  # "case" or "site"
    scope_id: str  # case id, or the site data key epoch as text
    length: int


@dataclass(frozen=True)
class Header:
    site_id: str
    device_id: str
    member_id: str
    seq: int
    prev: str
    created_at: str
    outbox_last: int
    outbox_digest: str
    sections: tuple[Section, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "site_id": self.site_id,
            "device_id": self.device_id,
            "member_id": self.member_id,
            "seq": self.seq,
            "prev": self.prev,
            "created_at": self.created_at,
            "outbox_last": self.outbox_last,
            "outbox_digest": self.outbox_digest,
            "sections": [[s.scope, s.scope_id, s.length] for s in self.sections],
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Header:
        sections = tuple(Section(str(a), str(b), int(n)) for a, b, n in d["sections"])
        if any(s.scope not in ("case", "site") or s.length < 0 for s in sections):
            raise ValueError("bad section")
        return cls(
            str(d["site_id"]),
            str(d["device_id"]),
            str(d["member_id"]),
            int(d["seq"]),
            str(d["prev"]),
            str(d["created_at"]),
            int(d["outbox_last"]),
            str(d["outbox_digest"]),
            sections,
        )


def section_aad(device_id: str, seq: int, scope: str, scope_id: str) -> bytes:
    return f"vigdesk/journal/v1/{device_id}/{seq}/{scope}/{scope_id}".encode()


def section_key(base_key: bytes) -> bytes:
    """Journal sections never use a case key directly (it also wraps blob keys)."""
    return keys.hkdf(base_key, _KEY_INFO)


def build(header: Header, bodies: list[tuple[Section, bytes, bytes]], device: DeviceKeys) -> bytes:
    """Seal each (section, base key, plaintext JSON) and sign the whole file."""
    sealed = []
    sections = []
    for section, base_key, plain in bodies:
        aad = section_aad(header.device_id, header.seq, section.scope, section.scope_id)
        blob = seal_bytes(section_key(base_key), aad, zlib.compress(plain, 6))
        sealed.append(blob)
        sections.append(Section(section.scope, section.scope_id, len(blob)))
    head = canonical(
        {**header.to_json(), "sections": [[s.scope, s.scope_id, s.length] for s in sections]}
    )
    body = MAGIC + struct.pack(">I", len(head)) + head + b"".join(sealed)
    return body + device.sign(SIGN_DOMAIN, body)


@dataclass(frozen=True)
class Parsed:
    header: Header
    sealed: dict[tuple[str, str], bytes]


def parse(data: bytes, sign_key: bytes) -> Parsed:
    """Check the signature by `sign_key` and split the file. Raises IntegrityError."""
    if len(data) < len(MAGIC) + 4 + SIG_LEN or not data.startswith(MAGIC):
        raise IntegrityError("not a vigdesk journal file")
    body, sig = data[:-SIG_LEN], data[-SIG_LEN:]
    if not verify(sign_key, SIGN_DOMAIN, body, sig):
        raise IntegrityError("the journal file's signature does not verify (tampered?)")
    (length,) = struct.unpack(">I", body[4:8])
    try:
        header = Header.from_json(json.loads(body[8 : 8 + length]))
    except (ValueError, KeyError, TypeError) as exc:
        raise IntegrityError("the journal header is malformed") from exc
    at = 8 + length
    sealed: dict[tuple[str, str], bytes] = {}
    for s in header.sections:
        sealed[(s.scope, s.scope_id)] = body[at : at + s.length]
        at += s.length
    if at != len(body):
        raise IntegrityError("the journal file's sections do not add up")
    return Parsed(header, sealed)


def peek_sections(path: Path) -> list[tuple[str, str]]:
    """The (scope, scope id) pairs a file's header names, read without keys or checks.

    Only for finding which files to read again; `parse` verifies them when they are read.
    """
    with path.open("rb") as f:
        start = f.read(8)
        if len(start) < 8 or not start.startswith(MAGIC):
            return []
        (length,) = struct.unpack(">I", start[4:])
        try:
            header = Header.from_json(json.loads(f.read(length)))
        except (ValueError, KeyError, TypeError):
            return []
    return [(s.scope, s.scope_id) for s in header.sections]


def open_section(parsed: Parsed, scope: str, scope_id: str, base_key: bytes) -> list[Any]:
    """Decrypt one section to its list of JSON entries. Raises IntegrityError."""
    h = parsed.header
    try:
        plain = open_bytes(
            section_key(base_key),
            section_aad(h.device_id, h.seq, scope, scope_id),
            parsed.sealed[(scope, scope_id)],
        )
        entries = json.loads(zlib.decompress(plain))
    except (zlib.error, ValueError) as exc:
        raise IntegrityError("a journal section is malformed") from exc
    if not isinstance(entries, list):
        raise IntegrityError("a journal section is malformed")
    return entries
