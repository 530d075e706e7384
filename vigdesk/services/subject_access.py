"""Subject access (a person's copy of their data) and erasure requests (GDPR Art. 15, 17).

Exports write plaintext on purpose, only to the folder the user picks, after a
warning the ui shows; each export and erasure is audited. Video shows other
people too, so every exported video lists who else may appear, for redaction.
"""

from __future__ import annotations

import html
import io
import json
import re
import shutil
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from vigdesk.core.cases import Case, Person, PersonKind
from vigdesk.core.clock import iso
from vigdesk.core.consent import ConsentRecord
from vigdesk.core.errors import InvalidInput, storage_error
from vigdesk.core.ids import CaseId, MediaId, PersonId
from vigdesk.core.letters import Letter
from vigdesk.core.markers import Marker
from vigdesk.core.media import MediaItem
from vigdesk.core.packages import personal_leaks
from vigdesk.core.reflections import reflections_in
from vigdesk.core.sessions import REVIEW_KINDS
from vigdesk.media import probe
from vigdesk.media.redact import Redaction, redact_bytes
from vigdesk.services import report_html
from vigdesk.services.context import Context
from vigdesk.services.rendering import PdfRenderer
from vigdesk.services.retention import PolicyInForce, RetentionService
from vigdesk.services.sar_bundle import Bundle, with_redactions
from vigdesk.services.sar_gather import gather
from vigdesk.storage.cases import CaseRepo
from vigdesk.storage.consents import ConsentRepo
from vigdesk.storage.db import Database
from vigdesk.storage.erasures import Erasure, ErasureRepo
from vigdesk.storage.letters import LetterRepo
from vigdesk.storage.markers import MarkerRepo
from vigdesk.storage.media import MediaRepo
from vigdesk.storage.migrations import backups
from vigdesk.storage.retention import RetentionRepo
from vigdesk.storage.sessions import SessionRepo
from vigdesk.sync.codec import pk_text
from vigdesk.sync.schema import SPECS

Progress = Callable[[float], None]


@dataclass(frozen=True)
class SubjectRecord:
    person: Person
    case: Case
    consents: list[ConsentRecord]
    media: list[MediaItem]
    others_in_video: list[str]  # initials of other people who may appear
    markers: list[Marker] = field(default_factory=list)  # moments marked on those videos
    appears_with: dict[MediaId, list[str]] = field(default_factory=dict)  # video id → others
    # An adult's copy: what the parent said in shared reviews, (review date, words).
    reflections: list[tuple[str, str]] = field(default_factory=list)
    letters: list[tuple[Letter, str]] = field(default_factory=list)  # letter, its text

    def to_json(self) -> dict[str, Any]:
        def clean(obj: Any) -> Any:
            data = asdict(obj)
            return {
                k: (v.isoformat() if isinstance(v, date) else v.value if hasattr(v, "value") else v)
                for k, v in data.items()
            }

        return {
            "person": clean(self.person),
            "case": {
                "code": self.case.code,
                "referral_date": self.case.referral_date.isoformat(),
                "status": self.case.status.value,
                "closed_on": self.case.closed_on.isoformat() if self.case.closed_on else None,
            },
            "consents": [clean(c) for c in self.consents],
            "video": [
                {
                    "id": m.id,
                    "kind": m.kind.value,
                    "title": m.title,
                    "duration_s": m.duration_s,
                    "created_at": m.created_at,
                    "others_who_may_appear": self.appears_with.get(m.id, self.others_in_video),
                }
                for m in self.media
            ],
            "markers": [
                {"video": k.media_id, "at_s": k.at_s, "type": k.type, "who": k.who, "note": k.note}
                for k in self.markers
            ],
            "shared_review_reflections": [
                {"review_held_on": on, "said": said} for on, said in self.reflections
            ],
            "letters": [
                {
                    "title": letter.title,
                    "created_at": letter.created_at,
                    "status": letter.status.value,
                    "sent_on": letter.delivered_on.isoformat() if letter.delivered_on else None,
                    "method": letter.delivered_method,
                    "text": text,
                }
                for letter, text in self.letters
            ],
        }


@dataclass(frozen=True)
class ExportResult:
    folder: Path
    files: list[Path]
    redacted: dict[str, list[str]] = field(default_factory=dict)  # media id → what was masked


@dataclass(frozen=True)
class ErasureCertificate:
    person_initials: str
    case_code: str
    erased_on: str
    deleted: dict[str, int]
    case_record_deleted: bool
    reason: str
    sync_records: int = 0  # sync bookkeeping records on this laptop that lost the values
    synced: bool = False  # enrolled: the site and other laptops follow at their next sync
    site_confirmed_on: str | None = None  # the sync that found the share clear
    site_checked_at: str | None = None  # the last sync that searched the share
    site_waiting: int = 0  # devices whose files on the share still held the records then


def certificate_of(e: Erasure) -> ErasureCertificate:
    """The certificate of a registered erasure, with the site's state as last checked."""
    return ErasureCertificate(
        e.initials,
        e.case_code,
        e.erased_on,
        e.deleted,
        e.whole_case,
        e.reason,
        e.sync_records,
        e.on_site,
        e.confirmed_on,
        e.checked_at,
        len(e.waiting),
    )


class SubjectAccessService:
    def __init__(self, ctx: Context, policy: Callable[[], PolicyInForce] | None = None) -> None:
        """`policy` reads the retention policy in force (the services' `retention`
        passes its own, which knows the site's); without it, a RetentionService of
        this vault alone."""
        self._ctx = ctx
        self._policy = policy or RetentionService(ctx).policy_in_force
        self._cases = CaseRepo(ctx.db)
        self._consents = ConsentRepo(ctx.db)
        self._media = MediaRepo(ctx.db)
        self._retention = RetentionRepo(ctx.db)

    def collect(self, person_id: PersonId) -> SubjectRecord:
        person = self._cases.person(person_id)
        case = self._cases.get(person.case_id)
        consents = [
            c for c in self._consents.for_case(case.id) if person_id in (c.giver_id, c.child_id)
        ]
        people = self._cases.people(case.id)
        initials = {p.id: p.initials for p in people}
        shown = {m.id: _shows(m, people) for m in self._media.for_case(case.id)}
        media = [
            m
            for m in self._media.for_case(case.id)
            if (m.is_video or m.kind.value == "still") and person_id in shown[m.id]
        ]
        appears_with = {
            m.id: [initials[i] for i in shown[m.id] if i != person_id and i in initials]
            for m in media
        }
        others = list(dict.fromkeys(i for found in appears_with.values() for i in found))
        markers = MarkerRepo(self._ctx.db)
        marked = [k for m in media if m.is_video for k in markers.for_media(m.id)]
        said = (
            [
                (s.held_on.isoformat(), line)
                for s in SessionRepo(self._ctx.db).for_case(case.id)
                if s.kind in REVIEW_KINDS
                for line in reflections_in(s.notes)
            ]
            if person.kind is PersonKind.ADULT
            else []
        )
        letters = _letters_about(LetterRepo(self._ctx.db), case.id, person)
        return SubjectRecord(
            person, case, consents, media, others, marked, appears_with, said, letters
        )

    def gather(self, person_id: PersonId) -> Bundle:
        """Everything held about the person (see `sar_bundle`); reads only, not audited
        (the export that follows is)."""
        return gather(self._ctx, person_id, self._policy())

    def export(
        self,
        person_id: PersonId,
        destination: Path,
        *,
        render_pdf: PdfRenderer | None = None,
        include_video: bool = False,
        redactions: Mapping[str, Redaction] | None = None,
        progress: Progress | None = None,
        bundle: Bundle | None = None,
    ) -> ExportResult:
        """Write record.json, record.pdf and optionally the video and stills the person
        appears in (each named with its container's extension) into a new folder.

        `redactions` maps a media id to the masks and muted spans burnt into its copy
        (re-encoded in memory; only the finished file is written). `bundle`, when given,
        is what was gathered for the PDF the caller rendered."""
        bundle = with_redactions(bundle or self.gather(person_id), redactions or {})
        folder = destination / f"SAR-{bundle.case.code}-{bundle.person.initials}"
        if folder.exists():
            raise InvalidInput(f"{folder} already exists; choose another destination.")
        plan = dict(redactions or {})
        unknown = set(plan) - set(bundle.video_ids)
        if unknown:
            raise InvalidInput(f"Redactions name media this person is not in: {sorted(unknown)}")
        written: list[Path] = []
        redacted: dict[str, list[str]] = {}
        try:
            folder.mkdir(parents=True)
            if render_pdf is not None:
                written.append(
                    _write(
                        folder / "record.pdf", render_pdf(report_html.subject_access_bundle(bundle))
                    )
                )
            if include_video:
                items = [self._media.get(i) for i in bundle.video_ids]
                for n, item in enumerate(items):
                    data = self._ctx.blobs.read_bytes(item.blob_id)
                    spec = plan.get(item.id)
                    if spec is not None:
                        data = redact_bytes(data, spec, still=not item.is_video)
                        redacted[item.id] = spec.describe()
                    extension = _extension(data, item.is_video)
                    name = f"{item.kind.value}-{n + 1}{'-redacted' if spec else ''}{extension}"
                    written.append(_write(folder / name, data))
                    if progress is not None:
                        progress((n + 1) / len(items))
            answer = bundle.to_json()
            answer["redactions"] = redacted
            written.insert(0, _write(folder / "record.json", json.dumps(answer, indent=2).encode()))
        except BaseException as exc:
            # A half-written copy is plaintext nobody asked for: take it away again.
            shutil.rmtree(folder, ignore_errors=True)
            if isinstance(exc, OSError):
                raise storage_error(exc, f"write the export to {destination}") from exc
            raise
        self._ctx.audit.append(
            "sar.exported",
            "person",
            person_id,
            {"files": len(written), "video": include_video, "redacted": len(redacted)},
        )
        return ExportResult(folder, written, redacted)

    def erase(self, person_id: PersonId, reason: str) -> ErasureCertificate:
        """Erase a person: every video that shows them (see `_shows`), their consents and
        their record; the whole case (key shredded) when nobody is left. Holds refuse."""
        record = self.collect(person_id)
        case_id = record.case.id
        if any(h.case_id == case_id for h in self._retention.holds()):
            raise InvalidInput(f"Case {record.case.code} is on legal hold: nothing was erased.")
        if not reason.strip():
            raise InvalidInput("Record why the erasure was requested.")
        # A database copy left by an upgrade still holds the person: it goes first, so no
        # certificate is issued while one remains (raises StorageReadOnly & co. if stuck).
        backups.discard(self._ctx.db.path)
        files: list[str] = []
        deleted = {"video": 0, "consents": len(record.consents), "person": 1}
        with self._ctx.db.transact() as db:
            synced = db.one("SELECT 1 FROM sync_identity") is not None
            logged_before = int(db.scalar("SELECT coalesce(max(seq), 0) FROM sync_changes"))
            for item in record.media:
                files += self._retention.delete_media(item.id)
                deleted["video"] += 1
            for item in self._media.for_case(case_id):  # videos kept: no trace of the id
                if item.appears is not None and person_id in item.appears:
                    rest = tuple(i for i in item.appears if i != person_id)
                    self._media.set_appears(item.id, rest)
            documents = {
                blob
                for row in db.execute(
                    "SELECT evidence_blob_id, record_blob_id FROM consents"
                    " WHERE giver_id = ? OR child_id = ?",
                    (person_id, person_id),
                )
                for blob in row
                if blob
            }
            db.execute(
                "DELETE FROM consents WHERE giver_id = ? OR child_id = ?", (person_id, person_id)
            )
            # A signed form or record that covers nobody else goes too; one still backing
            # another family member's consent stays as that person's evidence.
            for blob_id in documents:
                still_used = db.one(
                    "SELECT 1 FROM consents WHERE evidence_blob_id = ? OR record_blob_id = ?",
                    (blob_id, blob_id),
                )
                if still_used is None:
                    db.execute("DELETE FROM blobs WHERE id = ?", (blob_id,))
                    files.append(blob_id)
                    deleted["documents"] = deleted.get("documents", 0) + 1
            # The register keeps that a request came and how it was answered (with the
            # initials and dates), but not the words that could name anyone.
            db.execute(
                "UPDATE subject_requests SET requester = 'erased', identity_check = '',"
                " scope = '', extension_reason = '', sent_what = '', note = ''"
                " WHERE person_id = ?",
                (person_id,),
            )
            letters = LetterRepo(db)
            for letter, _ in record.letters:  # a letter to them names them: it goes too
                letters.delete(letter.id)
            deleted["letters"] = len(record.letters)
            db.execute("DELETE FROM people WHERE id = ?", (person_id,))
            whole_case = not self._cases.people(case_id)
            if whole_case:
                files += self._retention.delete_case(case_id)
            sync_records, erased_rows = _forget_synced_values(
                db, logged_before, case_id if whole_case else ""
            )
            self._ctx.audit.append(
                "person.erased",
                "person",
                person_id,
                {"case": case_id, **deleted, "case_deleted": whole_case},
            )
            erasure = Erasure(
                person_id,
                case_id,
                record.case.code,
                record.person.initials,
                iso(self._ctx.vault.clock()),
                True,
                whole_case,
                reason.strip(),
                deleted,
                sync_records,
                synced,
                tuple(sorted(erased_rows)),
                tuple(sorted(files)),
            )
            ErasureRepo(db).add(erasure)
        for blob_id in files:
            self._ctx.blobs.path(blob_id).unlink(missing_ok=True)
        self._ctx.db.checkpoint()
        return certificate_of(erasure)

    def erasures(self) -> list[Erasure]:
        """The erasure register, newest first (made here or received by sync)."""
        return ErasureRepo(self._ctx.db).all()


def _letters_about(repo: LetterRepo, case_id: CaseId, person: Person) -> list[tuple[Letter, str]]:
    """The case's letters whose words name the person. A letter whose words are not on
    this laptop (the BSO's, a colleague's) has only its record here, which names nobody."""
    found = []
    for letter in repo.for_case(case_id):
        body = repo.body(letter.id)
        if body is None:
            continue
        if personal_leaks(html.unescape(re.sub(r"<[^>]+>", " ", body)), [person]):
            found.append((letter, body))
    return found


def _shows(item: MediaItem, people: list[Person]) -> list[PersonId]:
    """Who a video may show, for access and erasure: as recorded (issue 19), or anyone
    in the case for video from before "who appears" was asked (erring towards
    including a person, never towards leaving them in a video)."""
    if item.appears is None:
        return [p.id for p in people]
    return list(item.appears)


def _forget_synced_values(
    db: Database, logged_after: int, shredded_case: str
) -> tuple[int, set[tuple[str, str]]]:
    """Take the values of rows this erasure deleted out of sync's bookkeeping, in the
    caller's transaction; returns how many records lost values, and the deleted rows
    as (table, key) for the register (`storage.erasures`).

    The rows are those the sync triggers logged after `logged_after` that no longer
    exist. Their merge state (`sync_rows`) keeps its ids and liveness heads, which is all
    the next sync needs to send the deletion (capture compares a missing row with them),
    but loses its field values. Captured changes not yet sent that carry values go; the
    deletions and shreds in the outbox carry only ids and stay, so the erasure still
    reaches the site. Conflicts listing old values go. A shredded case (`shredded_case`,
    or "") loses them for every row, since its shred replaces all of its changes.
    """
    gone: set[tuple[str, str]] = set()
    for table, logged_pk in db.execute(
        "SELECT DISTINCT tbl, pk FROM sync_changes WHERE seq > ?", (logged_after,)
    ):
        spec = SPECS.get(str(table))
        if spec is None:
            continue
        key = json.loads(logged_pk)
        where = " AND ".join(f"{c} = ?" for c in spec.pk)
        if db.one(f"SELECT 1 FROM {spec.name} WHERE {where}", key) is None:
            gone.add((spec.name, pk_text(key)))
    forgotten = 0
    for table, pk in sorted(gone):
        for sql in (
            "UPDATE sync_rows SET fields = '{}' WHERE tbl = ? AND pk = ? AND fields != '{}'",
            "DELETE FROM sync_conflicts WHERE tbl = ? AND pk = ?",
            "DELETE FROM sync_outbox WHERE scope = 'case'"
            " AND json_extract(entry, '$.t') = ? AND json_extract(entry, '$.k') = ?",
        ):
            forgotten += len(db.execute(sql + " RETURNING 1", (table, pk)))
    if shredded_case:
        for sql in (
            "UPDATE sync_rows SET fields = '{}' WHERE case_id = ? AND fields != '{}'",
            "DELETE FROM sync_conflicts WHERE case_id = ?",
            "DELETE FROM sync_outbox WHERE scope = 'case' AND scope_id = ?",
        ):
            forgotten += len(db.execute(sql + " RETURNING 1", (shredded_case,)))
    return forgotten, gone


def _extension(data: bytes, is_video: bool) -> str:
    if not is_video:
        return ".png" if data.startswith(b"\x89PNG") else ".jpg"
    # Named as its container is (MPEG-TS, PS, WebM...), not always .mp4.
    return probe.file_extension(io.BytesIO(data))


def _write(path: Path, data: bytes) -> Path:
    with open(path, "xb") as fh:
        fh.write(data)
    return path
