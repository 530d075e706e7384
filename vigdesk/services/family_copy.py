"""The family's own copy of their clips (VIG: the parent "has control of the final
clips"): a plain folder they keep, on purpose unencrypted, like a subject access copy.

It needs `keep` and `family_copy` from or for everyone who appears in the chosen clips
and stills (`ConsentService.require_family_copy`). It holds the clips as the MP4s the
vault keeps (H.264, they play anywhere), the stills as PNG without metadata, and a
one-page PDF of strengths the practitioner wrote, addressed to the family by their own
first names: no case code, no titles, labels or notes of ours. It is recorded in the
export register as given to the family (no recall: the consent text says so) and
audited. Worker threads; the PDF engine is injected (`render_pdf`).
"""

from __future__ import annotations

import hashlib
import html
import io
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PIL import Image

from vigdesk.core.clock import iso
from vigdesk.core.consent import Purpose
from vigdesk.core.errors import InvalidInput, storage_error
from vigdesk.core.ids import CaseId, MediaId, new_id
from vigdesk.core.media import MediaItem, MediaKind
from vigdesk.core.packages import CaseFile, ExportPurpose, ExportRecord
from vigdesk.services.consent import ConsentService, appearing_in
from vigdesk.services.context import Context
from vigdesk.storage.cases import CaseRepo
from vigdesk.storage.exports import ExportRepo
from vigdesk.storage.media import MediaRepo

RenderPdf = Callable[[str, str], bytes]
RECIPIENT = "the family"
LOCK_NONE = "none"
MAX_STRENGTHS = 4000
PAGE = (
    "<html><head><style>body {{ font-family: 'DejaVu Sans'; font-size: 12pt; }}"
    " h1 {{ font-size: 20pt; }} p {{ margin: 0 0 10pt 0; }}</style></head><body>"
    "<h1>Our strengths</h1><p><i>For {names}, {month}</i></p>{paragraphs}"
    "<p><i>{clips}. They are yours to keep.</i></p></body></html>"
)


@dataclass(frozen=True)
class FamilyCopy:
    folder: Path
    files: tuple[Path, ...]
    record: ExportRecord


def _first(name: str) -> str:
    return name.split()[0] if name.split() else name


class FamilyCopyService:
    def __init__(self, ctx: Context, consent: ConsentService) -> None:
        self._ctx = ctx
        self._consent = consent
        self._media = MediaRepo(ctx.db)
        self._cases = CaseRepo(ctx.db)
        self._register = ExportRepo(ctx.db)

    def problem(self, media_ids: Sequence[MediaId]) -> str | None:
        """Why `give` would refuse for lack of consent, or None (for dialogs)."""
        return self._consent.family_copy_problem(media_ids)

    def give(
        self, media_ids: Sequence[MediaId], strengths: str, to: Path, render_pdf: RenderPdf
    ) -> FamilyCopy:
        """Write the copy into a new folder in `to` and register it. Raises
        ConsentRequired, InvalidInput (no clips, footage, several families, a case code
        in the strengths, an existing folder), NotFound; leaves nothing when it fails."""
        items = self._check(media_ids, strengths)
        self._consent.require_family_copy(media_ids)
        case = self._cases.get(items[0].case_id)
        if case.code.lower() in strengths.lower():
            raise InvalidInput("The strengths are for the family: leave the case code out.")
        today = self._ctx.today()
        page = self.strengths_page(media_ids, strengths)
        payloads = self._payloads(items)
        payloads.append(("strengths.pdf", render_pdf(page, "Our strengths")))
        folder = to / f"VIG clips {today.day} {today:%B %Y}"
        if folder.exists():
            raise InvalidInput(f"{folder} already exists: choose another place.")
        written = self._write(folder, payloads)
        digest = hashlib.sha256(
            b"".join(hashlib.sha256(data).digest() for _, data in payloads)
        ).hexdigest()
        record = ExportRecord(
            id=new_id(),
            case_id=case.id,
            purpose=Purpose.FAMILY_COPY,
            recipient=RECIPIENT,
            lock_mode=LOCK_NONE,
            recipient_key="",
            made_by=self._ctx.vault.profile.member_id,
            created_at=iso(self._ctx.vault.clock()),
            expires_on=date.max,
            media_ids=tuple(i.id for i in items),
            size=sum(len(data) for _, data in payloads),
            sha256=digest,
        )
        try:
            with self._ctx.db.transact():
                self._register.insert(record)
                self._ctx.audit.append(
                    "export.family_copy",
                    "export",
                    record.id,
                    {
                        "case": case.id,
                        "clips": sum(1 for i in items if i.kind is MediaKind.CLIP),
                        "stills": sum(1 for i in items if i.kind is MediaKind.STILL),
                    },
                )
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        return FamilyCopy(folder, written, record)

    def contact_sheet(
        self,
        case_id: CaseId,
        still_ids: Sequence[MediaId],
        path: Path,
        pdf: bytes,
        *,
        case_file_reason: str = "",
    ) -> ExportRecord:
        """Write a contact sheet PDF the user chose to save (plain, on purpose) and put it
        on the export register: for the case file with a written reason, or else for
        the family, which needs their family_copy consent (ConsentRequired otherwise)."""
        reason = case_file_reason.strip()
        purpose: ExportPurpose
        if reason:
            if len(reason) > 60:
                raise InvalidInput("Keep the reason short (at most 60 characters).")
            purpose, recipient = CaseFile.CASE_FILE, f"the case file: {reason}"
        else:
            self._consent.require_family_copy(still_ids)
            purpose, recipient = Purpose.FAMILY_COPY, RECIPIENT
        case = self._cases.get(case_id)
        record = ExportRecord(
            id=new_id(),
            case_id=case.id,
            purpose=purpose,
            recipient=recipient,
            lock_mode=LOCK_NONE,
            recipient_key="",
            made_by=self._ctx.vault.profile.member_id,
            created_at=iso(self._ctx.vault.clock()),
            expires_on=date.max,
            media_ids=tuple(still_ids),
            size=len(pdf),
            sha256=hashlib.sha256(pdf).hexdigest(),
        )
        try:
            with open(path, "wb") as fh:  # the user confirmed any replacement
                fh.write(pdf)
        except OSError as exc:
            raise storage_error(exc, f"save {path.name}") from exc
        with self._ctx.db.transact():
            self._register.insert(record)
            self._ctx.audit.append(
                "export.contact_sheet",
                "export",
                record.id,
                {"case": case.id, "stills": len(still_ids), "purpose": purpose.value},
            )
        return record

    def strengths_page(self, media_ids: Sequence[MediaId], strengths: str) -> str:
        """The strengths page's HTML, addressed to the people who appear by first name
        (the ui renders it on the GUI thread and hands `give` the PDF)."""
        items = [self._media.get(m) for m in media_ids]
        people = self._cases.people(items[0].case_id) if items else []
        shown = {pid for item in items for pid in appearing_in(item, people)}
        names = [
            _first(p.full_name)
            for p in people
            if p.id in shown and not p.represents_authority and p.full_name
        ]
        return self._page(names, strengths, items, self._ctx.today())

    # -- helpers --------------------------------------------------------------------------

    def _check(self, media_ids: Sequence[MediaId], strengths: str) -> list[MediaItem]:
        if not media_ids or len(set(media_ids)) != len(media_ids):
            raise InvalidInput("Choose the clips and stills for the family, each once.")
        items = [self._media.get(m) for m in media_ids]
        if any(i.kind is MediaKind.FOOTAGE for i in items):
            raise InvalidInput("A family copy holds clips and stills, not the raw footage.")
        if len({i.case_id for i in items}) != 1:
            raise InvalidInput("A family copy holds one family's clips only.")
        if not strengths.strip() or len(strengths) > MAX_STRENGTHS:
            raise InvalidInput("Write the strengths summary (at most 4,000 characters).")
        return items

    def _payloads(self, items: list[MediaItem]) -> list[tuple[str, bytes]]:
        out: list[tuple[str, bytes]] = []
        clips = stills = 0
        for item in items:
            data = self._ctx.blobs.read_bytes(item.blob_id)
            if item.kind is MediaKind.CLIP:
                clips += 1
                out.append((f"clip-{clips:02d}.mp4", data))
            else:
                stills += 1
                out.append((f"still-{stills:02d}.png", _bare_png(data)))
        return out

    @staticmethod
    def _page(names: list[str], strengths: str, items: list[MediaItem], on: date) -> str:
        paragraphs = "".join(
            f"<p>{html.escape(p.strip())}</p>" for p in strengths.split("\n\n") if p.strip()
        )
        clips = sum(1 for i in items if i.kind is MediaKind.CLIP)
        stills = len(items) - clips
        said = " and ".join(
            part
            for part in (
                f"{clips} clip{'s' if clips != 1 else ''}" if clips else "",
                f"{stills} still{'s' if stills != 1 else ''}" if stills else "",
            )
            if part
        )
        who = ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else "".join(names)
        return PAGE.format(
            names=html.escape(who or "you"),
            month=f"{on:%B %Y}",
            paragraphs=paragraphs,
            clips=f"With this page: {said}",
        )

    @staticmethod
    def _write(folder: Path, payloads: list[tuple[str, bytes]]) -> tuple[Path, ...]:
        written = []
        try:
            folder.mkdir(parents=True)
            for name, data in payloads:
                path = folder / name
                with open(path, "xb") as fh:
                    fh.write(data)
                written.append(path)
        except BaseException as exc:
            shutil.rmtree(folder, ignore_errors=True)
            if isinstance(exc, OSError):
                raise storage_error(exc, f"write the family copy to {folder.parent}") from exc
            raise
        return tuple(written)


def _bare_png(data: bytes) -> bytes:
    """The still re-encoded as PNG with no text chunks or other metadata."""
    with Image.open(io.BytesIO(data)) as image:
        out = io.BytesIO()
        image.convert("RGB").save(out, format="PNG")
    return out.getvalue()
