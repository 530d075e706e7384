"""Supervision and training packages: what goes inside, and the rules around it.

A package is one file a practitioner gives a supervisor or trainer (the outer, sealed
format is `vigdesk.crypto.package`). Inside is a *content* blob laid out as::

    b"VIGPKGC\\x01" | uint32 BE manifest length | manifest JSON (UTF-8) | item bytes...

The manifest lists every item (watermarked clip or still) with its offset (from the
end of the manifest), size and SHA-256, and each clip's moment markers (time, type and
initials; never a marker's note). It names people by initials only and carries no date
of birth: `redact` scrubs free text, `personal_leaks` proves nothing slipped. Viewers
that predate markers ignore the `markers` key.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import struct
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from vigdesk.core import messages
from vigdesk.core.cases import Person, PersonKind
from vigdesk.core.consent import Purpose
from vigdesk.core.errors import (
    InvalidInput,
    NotAPackage,
    PackageExpired,
    PackageTampered,
)
from vigdesk.core.ids import CaseId, MediaId

CONTENT_MAGIC = b"VIGPKGC\x01"
MANIFEST_FORMAT = "vigdesk-package-manifest"
EXPORT_PURPOSES = (Purpose.SUPERVISION, Purpose.TRAINING)
MAX_DAYS = {Purpose.SUPERVISION: 90, Purpose.TRAINING: 365}
"""How far ahead an expiry may be set, per purpose (service policy, days from today)."""


# --- the manifest ----------------------------------------------------------------------


@dataclass(frozen=True)
class PackageItem:
    """One watermarked clip or still. `offset` counts from the end of the manifest."""

    name: str
    kind: str  # "clip", "footage" or "still"
    title: str
    labels: tuple[str, ...]
    duration_s: float
    width: int
    height: int
    offset: int
    size: int
    sha256: str

    @property
    def is_video(self) -> bool:
        return self.kind != "still"


@dataclass(frozen=True)
class PackageMarker:
    """A moment marked on a clip: seconds from its start, the type id or PAIG label, and
    the initials of who it is about ("" when not said)."""

    at_s: float
    type: str
    who: str


MAX_MARKERS_PER_ITEM = 5000
_MARKER_TYPE = re.compile(r"^(?:[a-z][a-z0-9_]{0,39}|vig:[a-z0-9-]{1,40}(?:/[a-z0-9-]{1,40})?)$")


@dataclass(frozen=True)
class PackagePerson:
    initials: str
    role: str  # "child", or the adult's relationship ("mother", "foster carer", ...)


@dataclass(frozen=True)
class ReplyTo:
    """Where a supervisor's reply goes: the practitioner's reply public key (base64 parts,
    as `RecipientKey.to_json`) and the package's reply token (base64, 32 bytes), which
    proves a reply came from someone who opened this package."""

    name: str
    mlkem768: str
    x25519: str
    token: str

    def to_json(self) -> dict[str, str]:
        return {
            "name": self.name,
            "mlkem768": self.mlkem768,
            "x25519": self.x25519,
            "token": self.token,
        }

    @classmethod
    def from_json(cls, data: object) -> ReplyTo:
        """ValueError for any other shape (the keys themselves are checked on use)."""
        fields = ("name", "mlkem768", "x25519", "token")
        if not isinstance(data, dict) or set(data) != set(fields):
            raise ValueError("reply_to is {name, mlkem768, x25519, token}")
        values = [data[f] for f in fields]
        if not all(isinstance(v, str) and 0 < len(v) <= 4096 for v in values):
            raise ValueError("reply_to holds short strings")
        return cls(*values)


@dataclass(frozen=True)
class Manifest:
    package_id: str
    purpose: Purpose
    case_code: str
    people: tuple[PackagePerson, ...]
    recipient: str
    prepared_by: str
    created_on: date
    expires_on: date
    notice: str
    items: tuple[PackageItem, ...]
    markers: tuple[tuple[str, tuple[PackageMarker, ...]], ...] = ()  # (item name, markers)
    reply_to: ReplyTo | None = None  # supervision packages: where the supervisor replies

    def markers_of(self, name: str) -> tuple[PackageMarker, ...]:
        return next((found for item, found in self.markers if item == name), ())

    def to_json(self) -> dict[str, Any]:
        return {
            "format": MANIFEST_FORMAT,
            "version": 1,
            "package_id": self.package_id,
            "purpose": self.purpose.value,
            "case_code": self.case_code,
            "people": [{"initials": p.initials, "role": p.role} for p in self.people],
            "recipient": self.recipient,
            "prepared_by": self.prepared_by,
            "created_on": self.created_on.isoformat(),
            "expires_on": self.expires_on.isoformat(),
            "notice": self.notice,
            "items": [_item_json(i) for i in self.items],
            "markers": {
                name: [{"at_s": m.at_s, "type": m.type, "who": m.who} for m in found]
                for name, found in self.markers
            },
        } | ({"reply_to": self.reply_to.to_json()} if self.reply_to else {})

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Manifest:
        """Raises PackageTampered for anything malformed (the content was authenticated)."""
        try:
            if data["format"] != MANIFEST_FORMAT or data["version"] != 1:
                raise NotAPackage(messages.package_too_new())
            manifest = cls(
                package_id=str(data["package_id"]),
                purpose=Purpose(data["purpose"]),
                case_code=str(data["case_code"]),
                people=tuple(
                    PackagePerson(str(p["initials"]), str(p["role"])) for p in data["people"]
                ),
                recipient=str(data["recipient"]),
                prepared_by=str(data["prepared_by"]),
                created_on=date.fromisoformat(data["created_on"]),
                expires_on=date.fromisoformat(data["expires_on"]),
                notice=str(data["notice"]),
                items=tuple(
                    PackageItem(**{**i, "labels": tuple(map(str, i["labels"]))})
                    for i in data["items"]
                ),
            )
            reply = data.get("reply_to")
            return replace(
                manifest,
                markers=_markers_from(data.get("markers", {}), manifest),
                reply_to=None if reply is None else ReplyTo.from_json(reply),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise PackageTampered(messages.package_contents_malformed()) from exc


def _markers_from(
    data: object, manifest: Manifest
) -> tuple[tuple[str, tuple[PackageMarker, ...]], ...]:
    """The strict decoder of the manifest's `markers`: ValueError for any wrong shape.

    Keys name video items of this package; each marker is exactly {at_s, type, who}
    with a time inside its clip, a type of the shape vigdesk mints, and initials of
    someone the manifest lists (or "")."""
    if not isinstance(data, dict):
        raise ValueError("markers must be an object")
    videos = {i.name: i for i in manifest.items if i.is_video}
    initials = {p.initials for p in manifest.people} | {""}
    found = []
    for name, raw in data.items():
        item = videos.get(name)
        if item is None or not isinstance(raw, list) or len(raw) > MAX_MARKERS_PER_ITEM:
            raise ValueError("markers of an unknown item, or too many")
        markers = []
        for m in raw:
            if not isinstance(m, dict) or set(m) != {"at_s", "type", "who"}:
                raise ValueError("a marker is {at_s, type, who}")
            at, kind, who = m["at_s"], m["type"], m["who"]
            if isinstance(at, bool) or not isinstance(at, int | float) or not math.isfinite(at):
                raise ValueError("a marker's time is a number")
            if not 0 <= at <= item.duration_s + 1:
                raise ValueError("a marker lies outside its clip")
            if not isinstance(kind, str) or not _MARKER_TYPE.match(kind):
                raise ValueError("a marker's type has the wrong shape")
            if not isinstance(who, str) or who not in initials:
                raise ValueError("a marker names someone the package does not list")
            markers.append(PackageMarker(float(at), kind, who))
        found.append((name, tuple(markers)))
    return tuple(found)


def markers_csv(manifest: Manifest) -> str:
    """Every marker of the package as CSV (item, seconds, type, who): initials only."""
    lines = ["item,time_s,type,who"]
    for name, found in manifest.markers:
        lines += [f"{name},{m.at_s:.3f},{m.type},{m.who}" for m in found]
    return "\r\n".join(lines) + "\r\n"


def _item_json(item: PackageItem) -> dict[str, Any]:
    return {
        "name": item.name,
        "kind": item.kind,
        "title": item.title,
        "labels": list(item.labels),
        "duration_s": item.duration_s,
        "width": item.width,
        "height": item.height,
        "offset": item.offset,
        "size": item.size,
        "sha256": item.sha256,
    }


def package_people(people: Iterable[Person]) -> tuple[PackagePerson, ...]:
    """Who is in the case, as the manifest may say it: initials and role only."""
    people = list(people)
    return tuple(
        PackagePerson(
            p.initials,
            "child" if p.kind is PersonKind.CHILD else redact(p.relationship or "adult", people),
        )
        for p in people
    )


def manifest_bytes(manifest: Manifest) -> bytes:
    return json.dumps(manifest.to_json(), ensure_ascii=False, sort_keys=True).encode("utf-8")


def place(items: Sequence[PackageItem], payloads: Sequence[bytes]) -> tuple[PackageItem, ...]:
    """The items with offsets, sizes and hashes filled in from their payloads, in order."""
    placed, offset = [], 0
    for item, data in zip(items, payloads, strict=True):
        digest = hashlib.sha256(data).hexdigest()
        placed.append(
            PackageItem(
                **{
                    **_item_json(item),
                    "labels": item.labels,
                    "offset": offset,
                    "size": len(data),
                    "sha256": digest,
                }
            )
        )
        offset += len(data)
    return tuple(placed)


def pack(manifest: Manifest, payloads: Sequence[bytes]) -> bytes:
    """The content blob; `manifest.items` must come from `place(...)` on `payloads`."""
    head = manifest_bytes(manifest)
    return b"".join([CONTENT_MAGIC, struct.pack(">I", len(head)), head, *payloads])


def unpack(content: bytes) -> tuple[Manifest, dict[str, memoryview]]:
    """The manifest and each item's bytes by name, hashes checked. Raises PackageTampered."""
    view = memoryview(content)
    if bytes(view[:8]) != CONTENT_MAGIC or len(view) < 12:
        raise PackageTampered(messages.package_layout_wrong())
    (length,) = struct.unpack(">I", view[8:12])
    try:
        data = json.loads(bytes(view[12 : 12 + length]).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PackageTampered(messages.package_contents_unreadable()) from exc
    manifest = Manifest.from_json(data)
    body = view[12 + length :]
    found: dict[str, memoryview] = {}
    for item in manifest.items:
        piece = body[item.offset : item.offset + item.size]
        if (
            item.offset < 0
            or len(piece) != item.size
            or hashlib.sha256(piece).hexdigest() != item.sha256
        ):
            raise PackageTampered(messages.package_item_damaged(item.name))
        found[item.name] = piece
    return manifest, found


# --- the register ----------------------------------------------------------------------


class CaseFile(StrEnum):
    """Not a consent purpose: a contact sheet printed for the case file, with a reason."""

    CASE_FILE = "case_file"


ExportPurpose = Purpose | CaseFile
"""What the export register records: a consent purpose, or the case file."""


@dataclass(frozen=True)
class ExportRecord:
    """One row of the export register: what went to whom, when, why and until when."""

    id: str  # the package id
    case_id: CaseId
    purpose: ExportPurpose
    recipient: str
    lock_mode: str  # "passphrase", "public-key", or "none" (given to the family)
    recipient_key: str  # key fingerprint in public-key mode, else ""
    made_by: str  # member id
    created_at: str
    expires_on: date
    media_ids: tuple[MediaId, ...]
    size: int
    sha256: str
    recalled_on: date | None = None
    recall_note: str = ""

    def expired(self, today: date) -> bool:
        return today > self.expires_on


# --- rules -----------------------------------------------------------------------------


def check_purpose(purpose: Purpose) -> None:
    if purpose not in EXPORT_PURPOSES:
        raise InvalidInput(messages.package_purpose_only())


def check_expiry_choice(purpose: Purpose, expires_on: date, today: date) -> None:
    """An expiry must be after today and at most MAX_DAYS[purpose] ahead."""
    check_purpose(purpose)
    latest = today + timedelta(days=MAX_DAYS[purpose])
    if expires_on <= today:
        raise InvalidInput(messages.expiry_after_today())
    if expires_on > latest:
        raise InvalidInput(messages.expiry_too_far(purpose.value, MAX_DAYS[purpose], latest))


def check_not_expired(expires_on: date, today: date) -> None:
    """A package opens up to and including its expiry date."""
    if today > expires_on:
        raise PackageExpired(messages.package_expired(expires_on))


def dob_forms(born: date) -> list[str]:
    """Ways a date of birth may be written, for scrubbing and for leak checks."""
    d, m, y = born.day, born.month, born.year
    month, mon = born.strftime("%B"), born.strftime("%b")
    suffix = "th" if 10 <= d % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(d % 10, "th")
    forms = {
        born.isoformat(),
        f"{y}{m:02d}{d:02d}",
        f"{y}/{m:02d}/{d:02d}",
        f"{d:02d}/{m:02d}/{y}",
        f"{d}/{m}/{y}",
        f"{m:02d}/{d:02d}/{y}",
        f"{m}/{d}/{y}",
        f"{d:02d}.{m:02d}.{y}",
        f"{d}.{m}.{y}",
        f"{d:02d}-{m:02d}-{y}",
        f"{d}-{m}-{y}",
        f"{d:02d}/{m:02d}/{y % 100:02d}",
        f"{d}/{m}/{y % 100:02d}",
        f"{d} {month} {y}",
        f"{d:02d} {month} {y}",
        f"{d} {mon} {y}",
        f"{d:02d} {mon} {y}",
        f"{d}{suffix} {month} {y}",
        f"{d}{suffix} {mon} {y}",
        f"{month} {d}, {y}",
        f"{mon} {d}, {y}",
        f"{d}-{mon}-{y}",
    }
    return sorted(forms, key=len, reverse=True)


def _sub(pattern: str, replacement: str, text: str) -> str:
    return re.sub(rf"(?<![\w]){pattern}(?![\w])", lambda _: replacement, text, flags=re.I)


def redact(text: str, people: Iterable[Person]) -> str:
    """`text` with full names and name parts turned into initials, dates of birth into
    "[date]". A surname shared by several people becomes its first letter and a dot."""
    people = list(people)
    for person in sorted(people, key=lambda p: -len(p.full_name)):
        text = _sub(re.escape(person.full_name), person.initials, text)
    owners: dict[str, set[str]] = {}
    for person in people:
        for part in re.split(r"[\s\-]+", person.full_name):
            if len(part) >= 2:
                owners.setdefault(part.lower(), set()).add(person.initials)
    for part in sorted(owners, key=len, reverse=True):
        who = owners[part]
        text = _sub(
            re.escape(part), next(iter(who)) if len(who) == 1 else f"{part[0].upper()}.", text
        )
    for person in people:
        if person.date_of_birth is not None:
            for form in dob_forms(person.date_of_birth):
                text = _sub(re.escape(form), "[date]", text)
    return text


def personal_leaks(text: str, people: Iterable[Person]) -> list[str]:
    """Full names, name parts (2+ letters, as whole words) and date-of-birth forms that
    occur in `text`, case-insensitively. Empty means none: the export's final guard."""
    found = []
    for person in people:
        needles = [person.full_name, *re.split(r"[\s\-]+", person.full_name)]
        needles += dob_forms(person.date_of_birth) if person.date_of_birth else []
        for needle in dict.fromkeys(n for n in needles if len(n) >= 2):
            if re.search(rf"(?<![\w]){re.escape(needle)}(?![\w])", text, flags=re.I):
                found.append(needle)
    return found
