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

import re
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vigdesk.core.errors import IntegrityError
from vigdesk.crypto import keys
from vigdesk.crypto.streaming import open_bytes, seal_bytes
from vigdesk.sync import wire
from vigdesk.sync.codec import canonical, sha256_hex
from vigdesk.sync.identity import DeviceKeys, verify
from vigdesk.sync.limits import JOURNAL, JOURNAL_HEADER, SECTION_PLAIN

MAGIC = b"VJR1"
SIGN_DOMAIN = b"vigdesk/journal/v1"
SIG_LEN = 64
_KEY_INFO = b"vigdesk/journal-section/v1"
MAX_SECTIONS = 100_000
LOST_UNKNOWN = "unknown"
ANY_PREV = "*"  # a cursor after a marker that could not name the lost file's digest
_HEADER_KEYS = frozenset(
    {
        "site_id",
        "device_id",
        "member_id",
        "seq",
        "prev",
        "created_at",
        "outbox_last",
        "outbox_digest",
        "sections",
    }
)
_OPTIONAL_KEYS = frozenset({"lost", "supersedes", "left", "carried"})
MAX_NOTES = 10_000
ALL_CASES = "*"  # a carried note for a member removed from the site: every case
_DIGEST = re.compile(r"[0-9a-f]{64}")
_EPOCH = re.compile(r"[1-9][0-9]{0,5}")


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
    lost: str | None = None
    """Set only on a gap marker: this number's file vanished from the site, and its
    author says so (signed). The digest the lost file had, or LOST_UNKNOWN."""
    supersedes: int | None = None
    """Set only on a compaction marker: this device's files up to this number are
    replaced by what follows (its standing changes, sent again), and may be gone."""
    left: tuple[tuple[str, int], ...] = ()
    """(case id, seq): this device was taken off the case; its files up to `seq` hold
    its part of the case's history, for a BSO to carry (`vigdesk.sync.handover`)."""
    carried: tuple[tuple[str, str, int], ...] = ()
    """(device id, case id or ALL_CASES, seq): written by a BSO, which now carries that
    device's standing changes of the case as read up to its file `seq`."""

    def to_json(self) -> dict[str, Any]:
        extra: dict[str, Any] = {} if self.lost is None else {"lost": self.lost}
        if self.supersedes is not None:
            extra["supersedes"] = self.supersedes
        if self.left:
            extra["left"] = [list(x) for x in self.left]
        if self.carried:
            extra["carried"] = [list(x) for x in self.carried]
        return {
            **extra,
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
    def from_json(cls, d: Any) -> Header:
        """Strict: every field of its exact type and shape (ValueError otherwise)."""
        d = wire.obj(d, "journal header", _HEADER_KEYS, _OPTIONAL_KEYS)
        supersedes = d.get("supersedes")
        if supersedes is not None:
            wire.integer(supersedes, "supersedes", 1, 10**8 - 1)
        lost = d.get("lost")
        if lost is not None and not (
            lost == LOST_UNKNOWN or (isinstance(lost, str) and _DIGEST.fullmatch(lost))
        ):
            raise ValueError("bad lost digest")
        sections = []
        for item in wire.array(d["sections"], "sections", MAX_SECTIONS):
            if len(wire.array(item, "section", 3)) != 3:
                raise ValueError("bad section")
            scope, scope_id, length = item
            if scope == "case":
                split_tag(scope_id)
            elif scope != "site" or not (isinstance(scope_id, str) and _EPOCH.fullmatch(scope_id)):
                raise ValueError("bad section")
            sections.append(Section(scope, scope_id, wire.integer(length, "length", 0, JOURNAL)))
        if len({(s.scope, s.scope_id) for s in sections}) != len(sections):
            raise ValueError("a section is named twice")
        prev = wire.text(d["prev"], "prev", 64)
        if prev and not _DIGEST.fullmatch(prev):
            raise ValueError("bad prev digest")
        digest = wire.text(d["outbox_digest"], "outbox digest", 64)
        if not _DIGEST.fullmatch(digest):
            raise ValueError("bad outbox digest")
        return cls(
            wire.ident(d["site_id"], "site id"),
            wire.ident(d["device_id"], "device id"),
            wire.ident(d["member_id"], "member id"),
            wire.integer(d["seq"], "seq", 1, 10**8 - 1),
            prev,
            wire.text(d["created_at"], "created at", 64),
            wire.integer(d["outbox_last"], "outbox last"),
            digest,
            tuple(sections),
            lost,
            supersedes,
            tuple(_notes(d.get("left", []), "left", 2, all_cases=False)),
            tuple(_notes(d.get("carried", []), "carried", 3, all_cases=True)),
        )


def _notes(value: Any, what: str, width: int, *, all_cases: bool) -> list[tuple[Any, ...]]:
    """Hand-over notes: ids (the last may be ALL_CASES if allowed), then a journal
    number; none named twice."""
    found = []
    for item in wire.array(value, what, MAX_NOTES):
        if len(wire.array(item, what, width)) != width:
            raise ValueError(f"bad {what} note")
        *ids, seq = item
        for n, i in enumerate(ids):
            if not (all_cases and n == len(ids) - 1 and i == ALL_CASES):
                wire.ident(i, f"{what} id")
        found.append((*ids, wire.integer(seq, f"{what} seq", 0, 10**8 - 1)))
    if len({tuple(x[:-1]) for x in found}) != len(found):
        raise ValueError(f"a {what} note is named twice")
    return found


def case_tag(case_id: str, epoch: int) -> str:
    """A case section's scope id: the case id, with ``.<epoch>`` after a key rotation."""
    return case_id if epoch == 1 else f"{case_id}.{epoch}"


def split_tag(tag: Any) -> tuple[str, int]:
    """(case id, epoch) of a case section's scope id; ValueError if malformed."""
    if not isinstance(tag, str) or len(tag) > 40:
        raise ValueError("malformed section case id")
    case_id, dot, epoch = tag.partition(".")
    wire.ident(case_id, "section case id")
    if not dot:
        return case_id, 1
    if not _EPOCH.fullmatch(epoch) or epoch == "1":
        raise ValueError("malformed section epoch")
    return case_id, int(epoch)


def chained_digest(header: Header, data: bytes) -> str:
    """What the next file's `prev` must be: this file's digest, or for a gap marker the
    lost file's (ANY_PREV when its author could not tell)."""
    if header.lost is None:
        return sha256_hex(data)
    return ANY_PREV if header.lost == LOST_UNKNOWN else header.lost


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
    if length > min(JOURNAL_HEADER, len(body) - 8):
        raise IntegrityError("the journal header is too long")
    try:
        header = Header.from_json(wire.loads(body[8 : 8 + length], "the header"))
    except ValueError as exc:
        raise IntegrityError(f"the journal header is malformed ({exc})") from exc
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
        if length > JOURNAL_HEADER:
            return []
        try:
            header = Header.from_json(wire.loads(f.read(length), "the header"))
        except ValueError:
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
        inflate = zlib.decompressobj()
        text = inflate.decompress(plain, SECTION_PLAIN)
        if inflate.unconsumed_tail or not inflate.eof:
            raise ValueError("the section is too large or truncated")
        entries = wire.loads(text, "the section")
    except (zlib.error, ValueError) as exc:
        raise IntegrityError("a journal section is malformed") from exc
    if not isinstance(entries, list):
        raise IntegrityError("a journal section is malformed")
    return entries
