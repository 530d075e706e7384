"""Supervision and training packages: consent-gated, watermarked, sealed, registered.

`ExportService.export` checks the purpose's consent for every child of the case,
re-encodes each clip with a visible watermark (stills too), scrubs titles and labels
to initials, seals everything into one package file (`vigdesk.crypto.package`) for a
passphrase or a supervisor's public key, writes it atomically and records it in the
export register with an audit entry (ids and counts only). `packages_to_recall` lists
what must come back once consent is withdrawn.

Plaintext video exists only in memory. Call from worker threads; long calls take
`progress` (0..1) and `cancelled` callbacks.

It also re-exports the vault-free file functions of `vigdesk.storage.exports` (open a
package, make and load recipient keys) for the viewer, `vigdesk view` and `export keygen`.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from vigdesk.core import consent as rules
from vigdesk.core.cases import Person
from vigdesk.core.clock import iso
from vigdesk.core.consent import Purpose
from vigdesk.core.errors import Cancelled, ConsentRequired, InvalidInput, NotFound, VigdeskError
from vigdesk.core.ids import CaseId, MediaId, PersonId, new_id
from vigdesk.core.media import MediaItem, MediaKind
from vigdesk.core.packages import (
    ExportRecord,
    Manifest,
    PackageItem,
    PackageMarker,
    ReplyTo,
    check_expiry_choice,
    check_purpose,
    manifest_bytes,
    pack,
    package_people,
    personal_leaks,
    place,
    redact,
)
from vigdesk.core.passphrase import passphrase_problem
from vigdesk.crypto.kdf import KdfParams, calibrate
from vigdesk.crypto.package import (
    MODE_PASSPHRASE,
    MODE_PUBLIC_KEY,
    PackageHeader,
    PassphraseLock,
    RecipientKey,
    seal_package,
)
from vigdesk.media.redact import Redaction, apply_masks, redact_png, silence
from vigdesk.media.watermark import Watermark, mark_png, mark_video
from vigdesk.services.consent import ConsentService, appearing_in
from vigdesk.services.context import Context
from vigdesk.storage import review_recordings
from vigdesk.storage.cases import CaseRepo
from vigdesk.storage.consents import ConsentRepo
from vigdesk.storage.exports import (
    ExportRepo,
    OpenedPackage,
    create_recipient_key,
    load_recipient_key,
    open_package_file,
    peek_package,
    write_new_file,
    write_reply,
)
from vigdesk.storage.markers import MarkerRepo
from vigdesk.storage.media import MediaRepo

__all__ = [
    "MODE_PUBLIC_KEY",
    "ExportRequest",
    "ExportResult",
    "ExportService",
    "OpenedPackage",
    "PackageHeader",
    "Recall",
    "RecipientKey",
    "create_recipient_key",
    "load_recipient_key",
    "open_package_file",
    "peek_package",
    "write_new_file",
    "write_reply",
]

Progress = Callable[[float], None]
IsCancelled = Callable[[], bool]
REVIEW_LABEL = "Filmed shared review"
"""The first label of a clip or still cut from the recording of a review meeting."""
PURPOSE_LABEL = {Purpose.SUPERVISION: "Supervision", Purpose.TRAINING: "Training"}
NOTICE = (
    "For {purpose} only, by {recipient}. Do not copy, record, share or show it to anyone "
    "else. Delete it when the practitioner asks you to, or when it expires."
)


@dataclass(frozen=True, repr=False)
class ExportRequest:
    """What to export, why and for whom. Exactly one of `passphrase` / `recipient_key`."""

    media_ids: tuple[MediaId, ...]
    purpose: Purpose
    recipient: str
    expires_on: date
    out: Path
    passphrase: str | None = field(default=None, repr=False)
    recipient_key: RecipientKey | None = None
    redactions: Mapping[str, Redaction] = field(default_factory=dict)
    """Media id → other people masked and sound muted, burnt in before the watermark."""


@dataclass(frozen=True)
class ExportResult:
    record: ExportRecord
    path: Path
    manifest: Manifest


@dataclass(frozen=True)
class Recall:
    """A package to call back, and the consent sentences (initials only) that say why."""

    record: ExportRecord
    reasons: tuple[str, ...]


class ExportService:
    """Thread-safe. `kdf` makes the Argon2id parameters for passphrase packages
    (default: calibrated on this machine, never below 64 MiB). `training_limit(case_id)`
    is the latest expiry the case's training consent allows (the retention policy's)."""

    def __init__(
        self,
        ctx: Context,
        consent: ConsentService,
        kdf: Callable[[], KdfParams] | None = None,
        *,
        training_limit: Callable[[CaseId], date | None] | None = None,
        reply_to: Callable[[str], ReplyTo] | None = None,
    ) -> None:
        self._ctx = ctx
        self._reply_to = reply_to
        self._training_limit = training_limit
        self._consent = consent
        self._kdf = kdf
        self._repo = ExportRepo(ctx.db)
        self._media = MediaRepo(ctx.db)
        self._cases = CaseRepo(ctx.db)
        self._consents = ConsentRepo(ctx.db)

    def consent_problem(
        self, case_id: CaseId, purpose: Purpose, media_ids: Sequence[MediaId] = ()
    ) -> str | None:
        """The refusal `export` would give for lack of consent, or None (for dialogs):
        for the people who appear in `media_ids` (none given: the whole family)."""
        try:
            if media_ids:
                self._require([self._media.get(m) for m in media_ids], purpose)
            else:
                check_purpose(purpose)
                self._consent.require(case_id, [purpose], f"export for {purpose.value}")
        except ConsentRequired as refusal:
            return str(refusal)
        return None

    def export(
        self,
        request: ExportRequest,
        *,
        progress: Progress | None = None,
        cancelled: IsCancelled | None = None,
    ) -> ExportResult:
        """Make, write and register one package. Raises ConsentRequired (naming who lacks
        which consent), InvalidInput, MediaError, Cancelled or a storage error; nothing is
        left on disk or in the register when it fails."""
        report = progress or (lambda _: None)
        if set(request.redactions) - set(request.media_ids):
            raise InvalidInput("Redactions are for clips and stills that are in the package.")
        items = self._check(request)
        case_id = items[0].case_id
        self._require(items, request.purpose)
        case, people = self._cases.get(case_id), self._cases.people(case_id)
        today = self._ctx.today()
        package_id = new_id()
        mark = Watermark.for_package(
            case.code, request.recipient, PURPOSE_LABEL[request.purpose], today, request.expires_on
        )
        entries, payloads = [], []
        total = sum(max(i.duration_s, 0.5) for i in items)
        done = 0.0
        for n, item in enumerate(items, 1):
            share = max(item.duration_s, 0.5) / total
            entry, data = self._marked(
                item, n, mark, people, cancelled, progress, done, share, request.redactions
            )
            entries.append(entry)
            payloads.append(data)
            done += share
            report(0.9 * done)
        markers = MarkerRepo(self._ctx.db)
        marked = tuple(
            (entry.name, tuple(PackageMarker(m.at_s, m.type, m.who) for m in found))
            for item, entry in zip(items, entries, strict=True)
            if item.is_video and (found := markers.for_media(item.id))
        )
        manifest = self._manifest(
            package_id, request, case.code, people, today, entries, payloads, marked
        )
        if cancelled is not None and cancelled():
            raise Cancelled("Making the package was cancelled; nothing was saved.")
        lock = (
            request.recipient_key
            if request.recipient_key is not None
            else PassphraseLock(request.passphrase or "", (self._kdf or calibrate)())
        )
        blob = seal_package(
            pack(manifest, payloads),
            package_id=package_id,
            created_on=today,
            expires_on=request.expires_on,
            to=lock,
        )
        report(0.95)
        record = ExportRecord(
            id=package_id,
            case_id=case_id,
            purpose=request.purpose,
            recipient=request.recipient,
            lock_mode=MODE_PASSPHRASE if isinstance(lock, PassphraseLock) else MODE_PUBLIC_KEY,
            recipient_key="" if isinstance(lock, PassphraseLock) else lock.fingerprint,
            made_by=self._ctx.vault.profile.member_id,
            created_at=iso(self._ctx.vault.clock()),
            expires_on=request.expires_on,
            media_ids=tuple(i.id for i in items),
            size=len(blob),
            sha256=hashlib.sha256(blob).hexdigest(),
        )
        write_new_file(request.out, blob)
        try:
            with self._ctx.db.transact():
                self._repo.insert(record)
                self._ctx.audit.append(
                    "export.created",
                    "export",
                    package_id,
                    {
                        "case": case_id,
                        "purpose": request.purpose.value,
                        "items": len(items),
                        "mode": record.lock_mode,
                        "expires": request.expires_on.isoformat(),
                        **({"redacted": len(request.redactions)} if request.redactions else {}),
                    },
                )
        except BaseException:
            request.out.unlink(missing_ok=True)
            raise
        report(1.0)
        return ExportResult(record, request.out, manifest)

    def register(self, case_id: CaseId | None = None) -> list[ExportRecord]:
        """The export register (all cases, or one), oldest first; audited as a read."""
        records = self._repo.all() if case_id is None else self._repo.for_case(case_id)
        self._ctx.audit.append(
            "export.register_read",
            "case" if case_id else "vault",
            case_id or "",
            {"records": len(records)},
        )
        return records

    def packages_to_recall(self, case_id: CaseId) -> list[Recall]:
        """Unrecalled packages of the case whose purpose's consent is now withdrawn or
        refused for any child (expired ones too: the file may still be on a laptop)."""
        people = self._cases.people(case_id)
        consents = self._consents.for_case(case_id)
        today = self._ctx.today()
        found = []
        for record in self._repo.for_case(case_id):
            purpose = record.purpose
            if record.recalled_on is not None or purpose not in PURPOSE_LABEL:
                continue  # a family copy is theirs: given, never recalled
            assert isinstance(purpose, Purpose)
            purposes = [purpose]
            if any(self._is_review_id(m) for m in record.media_ids):
                purposes.append(Purpose.REVIEW_FILMING)
            gaps = rules.gaps(people, consents, purposes, today, self._shown(record, people))
            reasons = tuple(g.sentence() for g in gaps if g.blocked_by is not None)
            if reasons:
                found.append(Recall(record, reasons))
        self._ctx.audit.append("export.recall_listed", "case", case_id, {"packages": len(found)})
        return found

    def _shown(self, record: ExportRecord, people: Sequence[Person]) -> list[PersonId]:
        """Who appears in a package's items; the case's usual family for items since
        deleted (the package may still hold them)."""
        ids: list[PersonId] = []
        for media_id in record.media_ids:
            try:
                ids += appearing_in(self._media.get(media_id), people)
            except NotFound:
                ids += rules.usual_appearing(people)
        return list(dict.fromkeys(ids))

    def mark_recalled(self, export_id: str, note: str = "") -> ExportRecord:
        """Record that the recipient confirmed deleting the package."""
        with self._ctx.db.transact():
            self._repo.get(export_id)
            self._repo.mark_recalled(export_id, self._ctx.today(), note.strip())
            self._ctx.audit.append("export.recalled", "export", export_id)
        return self._repo.get(export_id)

    # -- helpers ---------------------------------------------------------------------

    def _require(self, items: Sequence[MediaItem], purpose: Purpose) -> None:
        """Everyone who appears in `items` must be covered for `purpose`, and for
        `review_filming` too in items from the recording of a review meeting."""
        check_purpose(purpose)
        self._consent.require_for(items, [purpose], f"export for {purpose.value}")
        filmed = [i for i in items if self._is_review(i)]
        if filmed:
            self._consent.require_for(filmed, [Purpose.REVIEW_FILMING], "export a filmed review")

    def _is_review_id(self, media_id: str) -> bool:
        try:
            return self._is_review(self._media.get(media_id))
        except NotFound:
            return False

    def _is_review(self, item: MediaItem) -> bool:
        return review_recordings.session_of(self._ctx.db, item) is not None

    def _check(self, request: ExportRequest) -> list[MediaItem]:
        check_expiry_choice(request.purpose, request.expires_on, self._ctx.today())
        if not request.recipient.strip() or len(request.recipient) > 80:
            raise InvalidInput("Give the recipient's name (at most 80 characters).")
        if (request.passphrase is None) == (request.recipient_key is None):
            raise InvalidInput("Lock the package with a passphrase or a recipient key file.")
        if request.passphrase is not None:
            problem = passphrase_problem(request.passphrase)
            if problem:
                raise InvalidInput(f"Package passphrase: {problem}")
        if not request.media_ids or len(set(request.media_ids)) != len(request.media_ids):
            raise InvalidInput("Choose the clips and stills to export, each once.")
        items = [self._media.get(m) for m in request.media_ids]
        if len({i.case_id for i in items}) != 1:
            raise InvalidInput("A package holds clips and stills of one case only.")
        limit = None
        if request.purpose is Purpose.TRAINING and self._training_limit is not None:
            limit = self._training_limit(items[0].case_id)
        if limit is not None and request.expires_on > limit:
            raise InvalidInput(
                "A training package cannot outlive the family's training consent, which "
                f"lasts until {limit:%d %b %Y} at the latest: choose that date or earlier."
            )
        return items

    def _marked(
        self,
        item: MediaItem,
        n: int,
        mark: Watermark,
        people: list[Person],
        cancelled: IsCancelled | None,
        progress: Progress | None,
        done: float,
        share: float,
        redactions: Mapping[str, Redaction],
    ) -> tuple[PackageItem, bytes]:
        data = self._ctx.blobs.read_bytes(item.blob_id)
        title = redact(item.title, people)
        width, height, duration = item.width, item.height, 0.0
        spec = redactions.get(item.id)
        if item.kind is MediaKind.STILL:
            if spec is not None:
                data = redact_png(data, spec, title or "the still")
            data, name = mark_png(data, mark, title or "the still"), f"still-{n:02d}.png"
        else:
            step = (lambda f: progress(0.9 * (done + share * f))) if progress else None
            video = mark_video(
                io.BytesIO(data),
                title or "the clip",
                mark,
                step,
                cancelled,
                picture=(lambda image, t: apply_masks(image, spec, t)) if spec else None,
                sound=(lambda frame, t: silence(frame, t, spec)) if spec else None,
            )
            data, name = video.data, f"clip-{n:02d}.mp4"
            width, height, duration = video.width, video.height, video.duration_s
        labels = tuple(redact(label, people) for label in item.labels)
        if self._is_review(item):
            labels = (REVIEW_LABEL, *labels)  # the guiding half of a supervision package
        entry = PackageItem(name, item.kind.value, title, labels, duration, width, height, 0, 0, "")
        return entry, data

    def _manifest(
        self,
        package_id: str,
        request: ExportRequest,
        case_code: str,
        people: list[Person],
        today: date,
        entries: list[PackageItem],
        payloads: list[bytes],
        markers: tuple[tuple[str, tuple[PackageMarker, ...]], ...] = (),
    ) -> Manifest:
        purpose = request.purpose
        manifest = Manifest(
            package_id=package_id,
            purpose=purpose,
            case_code=case_code,
            people=package_people(people),
            recipient=request.recipient.strip(),
            prepared_by=self._ctx.vault.profile.display_name,
            created_on=today,
            expires_on=request.expires_on,
            notice=NOTICE.format(purpose=purpose.value, recipient=request.recipient.strip()),
            items=place(entries, payloads),
            markers=markers,
            reply_to=(
                self._reply_to(package_id)
                if purpose is Purpose.SUPERVISION and self._reply_to is not None
                else None
            ),
        )
        scrubbed = replace(manifest, recipient="", prepared_by="", notice="", reply_to=None)
        leaks = personal_leaks(manifest_bytes(scrubbed).decode("utf-8"), people)
        if leaks:  # redact() should make this impossible; refuse rather than leak
            raise VigdeskError("The package would name the family: it was not made.")
        return manifest
