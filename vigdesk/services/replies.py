"""Supervisors' replies: the vault's reply key, the reply address a supervision package
carries, and importing a reply file as comments on the clips (issue 24).

The reply key pair is made once per vault; its private half is kept in the case
database wrapped under a key derived from the master key. Each package gets its own
reply token, derived from the master key and the package id, so nothing needs storing
per package and only this vault can check a reply's HMAC.
"""

from __future__ import annotations

import base64
import hmac
import re
from dataclasses import dataclass
from hashlib import sha256
from pathlib import Path

from vigdesk.core.clock import iso
from vigdesk.core.errors import InvalidInput, NotFound, PackageTampered, WrongPackageSecret
from vigdesk.core.ids import MediaId, new_id
from vigdesk.core.media import MediaKind
from vigdesk.core.packages import ReplyTo, redact
from vigdesk.core.replies import parse_reply, reply_mac
from vigdesk.crypto import keys
from vigdesk.crypto.package import RecipientSecret, open_package
from vigdesk.services.context import Context
from vigdesk.services.training import TrainingService
from vigdesk.storage.cases import CaseRepo
from vigdesk.storage.exports import ExportRepo
from vigdesk.storage.media import MediaRepo

MAX_REPLY_BYTES = 4 << 20
_SETTING = "reply_key"
_KEY_INFO = b"vigdesk/reply-key/v1"
_TOKEN_INFO = b"vigdesk/reply-token/v1"
_ITEM_NUMBER = re.compile(r"-(\d+)\.")


@dataclass(frozen=True)
class ClipComment:
    id: str
    media_id: MediaId
    at_s: float
    author: str
    text: str
    export_id: str
    created_at: str


@dataclass(frozen=True)
class ReplyImport:
    export_id: str
    supervisor: str
    comments: int
    skipped: int  # comments on clips deleted since the package was made
    supervision_id: str


class ReplyService:
    """Thread-safe through the database lock."""

    def __init__(self, ctx: Context, training: TrainingService) -> None:
        self._ctx = ctx
        self._training = training

    # -- the reply address -------------------------------------------------------------

    def reply_to(self, package_id: str) -> ReplyTo:
        """What a supervision package carries so its supervisor can answer."""
        public = self._secret().public().to_json()
        token = base64.b64encode(self._token(package_id)).decode("ascii")
        name = self._ctx.vault.profile.display_name
        return ReplyTo(name, public["mlkem768"], public["x25519"], token)

    def _token(self, package_id: str) -> bytes:
        key = keys.hkdf(self._ctx.vault.master_key, _TOKEN_INFO)
        return hmac.new(key, package_id.encode("ascii"), sha256).digest()

    def _secret(self) -> RecipientSecret:
        kek = keys.hkdf(self._ctx.vault.master_key, _KEY_INFO)
        db = self._ctx.db
        with db.transact():
            stored = db.scalar("SELECT value FROM settings WHERE key = ?", (_SETTING,))
            if stored is None:
                fresh = RecipientSecret.generate("reply")
                wrapped = keys.wrap(kek, fresh.mlkem_seed + fresh.x25519, _KEY_INFO)
                stored = base64.b64encode(wrapped).decode("ascii")
                db.execute("INSERT INTO settings VALUES (?, ?)", (_SETTING, stored))
        raw = keys.unwrap(kek, base64.b64decode(str(stored)), _KEY_INFO)
        return RecipientSecret("reply", raw[:64], raw[64:])

    # -- importing a reply -------------------------------------------------------------

    def import_reply(self, path: Path) -> ReplyImport:
        """Check and attach a supervisor's reply file. Raises NotAPackage, PackageTampered,
        WrongPackageSecret (sealed to another vault), PackageExpired or InvalidInput (not
        a package of ours, already imported, unreadable, too large)."""
        data = _read_capped(path)
        today = self._ctx.today()
        try:
            header, content = open_package(data, secret=self._secret(), today=today)
        except WrongPackageSecret as exc:
            raise WrongPackageSecret(
                "This reply was written for another practitioner's vault: it cannot be opened here."
            ) from exc
        reply, mac = parse_reply(content)
        if header.package_id != reply.package_id:
            raise PackageTampered("That reply file is damaged or not a vigdesk reply.")
        try:
            record = ExportRepo(self._ctx.db).get(reply.package_id)
        except NotFound as exc:
            raise InvalidInput("This reply answers a package this vault did not make.") from exc
        if not hmac.compare_digest(mac, reply_mac(reply, self._token(record.id))):
            raise PackageTampered(
                "This reply does not come from someone who opened the package: not imported."
            )
        if record.recalled_on is not None:
            raise InvalidInput(
                "This reply answers a package you recalled: its comments were not imported."
            )
        people = CaseRepo(self._ctx.db).people(record.case_id)
        media = MediaRepo(self._ctx.db)
        now = iso(self._ctx.vault.clock())
        supervisor = redact(reply.supervisor, people)
        rows, skipped = [], 0
        for comment in reply.comments:
            number = _ITEM_NUMBER.search(comment.item)
            n = int(number.group(1)) if number else 0
            if not 1 <= n <= len(record.media_ids):
                raise PackageTampered("The reply comments on an item the package did not hold.")
            try:
                item = media.get(record.media_ids[n - 1])
            except NotFound:
                skipped += 1
                continue
            still = item.kind is MediaKind.STILL
            if comment.item.startswith("still-") != still or (
                not still and comment.at_s > item.duration_s + 1
            ):
                raise PackageTampered("The reply comments on an item the package did not hold.")
            text = redact(comment.text, people)
            rows.append((new_id(), item.id, 0.0 if still else comment.at_s, supervisor, text))
        with self._ctx.db.transact() as db:
            seen = db.scalar("SELECT imported_at FROM supervision_replies WHERE mac = ?", (mac,))
            if seen is not None:
                raise InvalidInput(f"This reply was already imported ({str(seen)[:10]}).")
            # The supervisor is not a family member: their name is not checked against the
            # families' names (it may share one); the comments are redacted above.
            entry = self._training.log_supervision(
                min(reply.written_on, today),
                reply.minutes,
                supervisor,
                watched=(record.id,),
                learning="",
                check_names=False,
            )
            db.executemany(
                "INSERT INTO clip_comments VALUES (?,?,?,?,?,?,?)",
                [(*row, record.id, now) for row in rows],
            )
            db.execute(
                "INSERT INTO supervision_replies VALUES (?,?,?,?)", (mac, record.id, entry.id, now)
            )
            self._ctx.audit.append(
                "supervision.reply_imported",
                "export",
                record.id,
                {"case": record.case_id, "comments": len(rows), "skipped": skipped},
            )
        return ReplyImport(record.id, reply.supervisor, len(rows), skipped, entry.id)

    def comments(self, media_id: MediaId) -> list[ClipComment]:
        """A clip's supervisor comments by time; audited as a read of the clip's record."""
        rows = self._ctx.db.execute(
            "SELECT id, media_id, at_s, author, text, export_id, created_at FROM clip_comments"
            " WHERE media_id = ? ORDER BY at_s, created_at",
            (media_id,),
        )
        found = [
            ClipComment(
                str(r[0]),
                MediaId(str(r[1])),
                float(r[2]),
                str(r[3]),
                str(r[4]),
                str(r[5]),
                str(r[6]),
            )
            for r in rows
        ]
        if found:
            self._ctx.audit.append(
                "supervision.comments_read", "media", media_id, {"comments": len(found)}
            )
        return found


def _read_capped(path: Path) -> bytes:
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_REPLY_BYTES + 1)
    except OSError as exc:
        raise InvalidInput(f"Cannot read {path.name}: {exc.strerror}.") from exc
    if len(data) > MAX_REPLY_BYTES:
        raise InvalidInput(f"{path.name} is too large to be a reply file.")
    return data
