"""Letters in the site's outbox: a PDF sealed to the BSOs, signed by its author's device.

``outbox/<letter-id>.vlt`` is canonical JSON: the letter and case ids, the case code and
the family's initials (all the share ever says about whom it concerns), the template
kind, the author's member and device ids, when it was sealed, one HPKE-wrapped content
key per BSO (`info` binds letter and recipient) and the letter (its HTML, for the
BSO's screen and printer, and its PDF, for secure e-mail) sealed in the blob format
under that key, then an Ed25519 signature by the author's device over the rest. Only a
BSO holds a key that opens it; a practitioner's vault, even with every file of the
share, cannot. Parsing is strict and the signature is checked before anything is
opened; pure functions raise IntegrityError.
"""

from __future__ import annotations

import contextlib
import os
import re
import struct
from dataclasses import dataclass

from vigdesk.core.errors import IntegrityError
from vigdesk.crypto.streaming import open_bytes, seal_bytes
from vigdesk.storage.letters import LetterRepo
from vigdesk.sync import wire
from vigdesk.sync.codec import b64, canonical, unb64
from vigdesk.sync.context import RunContext
from vigdesk.sync.identity import DeviceKeys, seal_to, verify
from vigdesk.sync.layout import SiteLayout
from vigdesk.sync.limits import LETTER, read_capped
from vigdesk.sync.manifest import Member, SiteManifest

FORMAT = "vigdesk-letter/1"
SIGN_DOMAIN = b"vigdesk/letter/v1"
_KEYS = frozenset(
    {"format", "letter", "case", "case_code", "initials", "kind", "author", "by", "sealed_at"}
    | {"to", "content", "sig"}
)
_CODE = re.compile(r"[A-Z0-9][A-Z0-9-]{1,18}[A-Z0-9]")
_INITIALS = re.compile(r"[A-Z]{0,12}")
_KIND = re.compile(r"[a-z][a-z0-9_]{0,39}")


@dataclass(frozen=True)
class LetterContent:
    """What a sealed letter holds: the HTML to show and print, the PDF to e-mail."""

    html: str
    pdf: bytes

    def pack(self) -> bytes:
        text = self.html.encode("utf-8")
        return struct.pack(">I", len(text)) + text + self.pdf

    @classmethod
    def unpack(cls, data: bytes) -> LetterContent:
        if len(data) < 4 or (n := struct.unpack(">I", data[:4])[0]) > len(data) - 4:
            raise IntegrityError("a letter in the outbox is malformed")
        try:
            return cls(data[4 : 4 + n].decode("utf-8"), data[4 + n :])
        except UnicodeDecodeError as exc:
            raise IntegrityError("a letter in the outbox is malformed") from exc


@dataclass(frozen=True)
class Envelope:
    """What the share says about a letter in plain text (no names)."""

    letter_id: str
    case_id: str
    case_code: str
    initials: str
    kind: str
    author_id: str
    sealed_at: str


def _key_info(letter_id: str, member_id: str) -> bytes:
    return f"vigdesk/letter-key/v1/{letter_id}/{member_id}".encode()


def _content_ad(letter_id: str) -> bytes:
    return f"vigdesk/letter/v1/{letter_id}".encode()


def seal_letter(
    envelope: Envelope,
    content: LetterContent,
    bsos: list[Member],
    keys: DeviceKeys,
    device_id: str,
) -> bytes:
    """The outbox file for `content`, readable by `bsos` only. ValueError if none."""
    if not bsos:
        raise ValueError("the site has no BSO to send letters to")
    content_key = os.urandom(32)
    body = {
        "format": FORMAT,
        "letter": envelope.letter_id,
        "case": envelope.case_id,
        "case_code": envelope.case_code,
        "initials": envelope.initials,
        "kind": envelope.kind,
        "author": envelope.author_id,
        "by": device_id,
        "sealed_at": envelope.sealed_at,
        "to": [
            {
                "member": m.id,
                "key": b64(seal_to(m.hpke_key, content_key, _key_info(envelope.letter_id, m.id))),
            }
            for m in bsos
        ],
        "content": b64(seal_bytes(content_key, _content_ad(envelope.letter_id), content.pack())),
    }
    return canonical({**body, "sig": b64(keys.sign(SIGN_DOMAIN, canonical(body)))})


def read_envelope(data: bytes, site: SiteManifest) -> tuple[Envelope, dict[str, object]]:
    """The checked plain header of an outbox file, and its parsed body (for `open_letter`).
    Refuses a file not signed by a current member's device, or by someone else than its
    author."""
    try:
        d = wire.obj(wire.loads(data, "letter"), "letter", _KEYS)
        sig = unb64(d.pop("sig"))
        if d["format"] != FORMAT:
            raise ValueError("not a vigdesk letter")
        envelope = Envelope(
            wire.ident(d["letter"], "letter id"),
            wire.ident(d["case"], "case id"),
            _match(_CODE, d["case_code"], "case code"),
            _match(_INITIALS, d["initials"], "initials"),
            _match(_KIND, d["kind"], "template"),
            wire.ident(d["author"], "author"),
            wire.text(d["sealed_at"], "sealed at", 40),
        )
        signer = site.by_device(wire.ident(d["by"], "signing device"))
    except ValueError as exc:
        raise IntegrityError("a letter in the outbox is malformed") from exc
    if signer is None or not verify(signer.sign_key, SIGN_DOMAIN, canonical(d), sig):
        raise IntegrityError("a letter in the outbox is not signed by a member of the site")
    if signer.id != envelope.author_id:
        raise IntegrityError("a letter in the outbox is signed by someone other than its author")
    return envelope, d


def open_letter(
    data: bytes, letter_id: str, me: Member, keys: DeviceKeys, site: SiteManifest
) -> tuple[Envelope, LetterContent]:
    """The letter inside an outbox file addressed to `me` (a BSO); IntegrityError
    otherwise."""
    envelope, d = read_envelope(data, site)
    if envelope.letter_id != letter_id:
        raise IntegrityError("a letter in the outbox was moved from another file")
    try:
        recipients = wire.array(d["to"], "recipients", 64)
        mine = [
            unb64(wire.obj(r, "recipient", frozenset({"member", "key"}))["key"])
            for r in recipients
            if isinstance(r, dict) and r.get("member") == me.id
        ]
        content = unb64(d["content"])
    except ValueError as exc:
        raise IntegrityError("a letter in the outbox is malformed") from exc
    if not mine:
        raise IntegrityError("this letter is sealed for the BSO only: this vault cannot open it")
    content_key = keys.open(mine[0], _key_info(letter_id, me.id))
    return envelope, LetterContent.unpack(open_bytes(content_key, _content_ad(letter_id), content))


def _match(rule: re.Pattern[str], value: object, what: str) -> str:
    if not isinstance(value, str) or not rule.fullmatch(value):
        raise ValueError(f"{what} has the wrong shape")
    return value


def publish_letters(run: RunContext) -> int:
    """Write the letters sealed since the last sync to the outbox (file first, then the
    local copy goes), so a killed run writes the same file again next time."""
    repo = LetterRepo(run.db)
    sent = 0
    for letter_id, data in repo.envelopes():
        run.check_cancel()
        run.layout.write(run.layout.letter(letter_id), data)
        with run.db.transact():
            repo.envelope_published(letter_id)
        sent += 1
    return sent


def remove_case_letters(layout: SiteLayout, case_id: str) -> int:
    """Delete the outbox letters of a shredded case (read from their headers; a planted
    file naming the case only gets itself deleted). Returns how many went."""
    removed = 0
    for path in sorted(layout.outbox.glob("*.vlt")) if layout.outbox.is_dir() else []:
        try:
            head = wire.loads(read_capped(path, LETTER, "a letter"), "letter")
        except (OSError, ValueError, IntegrityError):
            continue
        if isinstance(head, dict) and head.get("case") == case_id:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
            removed += 1
    return removed
