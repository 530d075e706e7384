"""Letters to families through the BSO's outbox (the PIA's document flow, issue 22).

The practitioner drafts a letter from a template filled from the case, edits it (rich
text, kept on this laptop only) and sends it: the PDF is sealed to the site's BSOs
(`vigdesk.sync.letters`) and written to the site's outbox at the next sync; the
letter's record (no words, no names) syncs with the case. The BSO lists the outbox,
opens a letter, saves or prints it and marks it sent (date, method), which reaches the
practitioner's laptop at their next sync. Every step is audited with ids only.

"Copy for an e-mail" (`email_text`) is the advice e-mail to the project lead: the case
code and initials only, refused by the same personal-data check packages use.

Quick database work except `open_letter` (reads the share): call from worker threads.
Raises NotFound, InvalidInput, NotEnrolled, SiteUnavailable, IntegrityError.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from vigdesk.core.clock import iso
from vigdesk.core.errors import InvalidInput, NotFound, storage_error
from vigdesk.core.ids import CaseId, new_id
from vigdesk.core.letters import (
    DeliveryMethod,
    Letter,
    LetterStatus,
    LetterTemplate,
    check_html,
    file_stem,
    fill,
    parse_template,
)
from vigdesk.core.packages import personal_leaks
from vigdesk.paths import resources_dir
from vigdesk.services.context import Context
from vigdesk.services.letter_facts import gather
from vigdesk.services.sync import SyncService
from vigdesk.storage.cases import CaseRepo
from vigdesk.storage.exports import write_new_file
from vigdesk.storage.letters import LetterRepo
from vigdesk.storage.sessions import SessionRepo
from vigdesk.sync.letters import Envelope, LetterContent, open_letter, seal_letter
from vigdesk.sync.limits import LETTER, read_capped
from vigdesk.sync.share import share_errors

RenderPdf = Callable[[str, str], bytes]
"""(HTML, title) → PDF bytes; the ui's engine, injected (the core stays Qt-free)."""

PAGE_STYLE = (
    "<style>body { font-family: 'DejaVu Sans'; font-size: 11pt; }"
    " p { margin-top: 0px; margin-bottom: 10px; } li { margin-bottom: 4px; }</style>"
)


@dataclass(frozen=True)
class OutboxLetter:
    """One row of the BSO's outbox: the letter's record with its case code and initials."""

    letter: Letter
    case_code: str
    initials: str

    @property
    def file_stem(self) -> str:
        return file_stem(self.case_code, self.initials, self.letter.id)


class LetterService:
    def __init__(self, ctx: Context, sync: SyncService, templates: Path | None = None) -> None:
        self._ctx = ctx
        self._sync = sync
        self._dir = templates
        self._repo = LetterRepo(ctx.db)
        self._cases = CaseRepo(ctx.db)

    # -- templates and drafts -------------------------------------------------------------

    def templates(self) -> list[LetterTemplate]:
        """The templates in resources/letters, end-of-intervention summary first."""
        folder = self._dir or resources_dir() / "letters"
        found = [
            parse_template(path.stem, path.read_text(encoding="utf-8"))
            for path in sorted(folder.glob("*.html"))
        ]
        order = ("end_of_intervention", "appointment", "blank")
        return sorted(found, key=lambda t: (order.index(t.kind) if t.kind in order else 9, t.kind))

    def template(self, kind: str) -> LetterTemplate:
        for found in self.templates():
            if found.kind == kind:
                return found
        known = ", ".join(t.kind for t in self.templates())
        raise NotFound(f"No letter template {kind!r} (known: {known}).")

    def draft(self, case_id: CaseId, kind: str) -> Letter:
        """A new draft from template `kind`, filled from the case; audited."""
        template = self.template(kind)
        case = self._cases.get(case_id)
        body = fill(template, gather(self._ctx, case.id, self._ctx.today()))
        profile = self._ctx.vault.profile
        letter = Letter(
            id=new_id(),
            case_id=case.id,
            template=template.kind,
            title=template.title,
            author_id=profile.member_id,
            author_name=profile.display_name,
            created_at=iso(self._ctx.vault.clock()),
            status=LetterStatus.DRAFT,
        )
        with self._ctx.db.transact():
            self._repo.insert(letter, check_html(body))
            self._ctx.audit.append(
                "letter.drafted", "letter", letter.id, {"case": case.id, "template": kind}
            )
        return letter

    def get(self, letter_id: str) -> Letter:
        return self._repo.get(letter_id)

    def for_case(self, case_id: CaseId) -> list[Letter]:
        """The case's letters and their status (no words): audited as a read."""
        letters = self._repo.for_case(case_id)
        self._ctx.audit.append("letter.listed", "case", case_id, {"letters": len(letters)})
        return letters

    def text(self, letter_id: str) -> str:
        """The letter's words (HTML), on its author's laptop only; audited."""
        letter = self._repo.get(letter_id)
        body = self._repo.body(letter_id)
        if body is None:
            raise NotFound("This letter's text is on its author's laptop only.")
        self._ctx.audit.append("letter.read", "letter", letter_id, {"case": letter.case_id})
        return body

    def save_text(self, letter_id: str, body_html: str) -> Letter:
        """Keep the edited words of a draft; audited."""
        letter = self._draft(letter_id)
        with self._ctx.db.transact():
            self._repo.set_body(letter_id, check_html(body_html), iso(self._ctx.vault.clock()))
            self._ctx.audit.append("letter.edited", "letter", letter_id, {"case": letter.case_id})
        return letter

    def delete_draft(self, letter_id: str) -> None:
        letter = self._draft(letter_id)
        with self._ctx.db.transact():
            self._repo.delete(letter_id)
            self._ctx.audit.append("letter.deleted", "letter", letter_id, {"case": letter.case_id})

    def document(self, letter_id: str) -> str:
        """The letter as one HTML document for the PDF engine (not audited: `text` is)."""
        body = self._repo.body(letter_id)
        if body is None:
            raise NotFound("This letter's text is on its author's laptop only.")
        return f"<html><head>{PAGE_STYLE}</head><body>{body}</body></html>"

    def send(self, letter_id: str, render_pdf: RenderPdf) -> Letter:
        """Seal the letter's PDF to the site's BSOs; the next sync writes it to the outbox.
        Raises NotEnrolled before enrolment, InvalidInput if it was sent already or the
        site has no BSO."""
        letter = self._draft(letter_id)
        manifest = self._sync.manifest()
        if manifest is None:
            raise InvalidInput("Letters go through the BSO: enrol this laptop in the site first.")
        bsos = [m for m in manifest.members if m.role == "bso"]
        if not bsos:
            raise InvalidInput("The site has no BSO to send letters to.")
        case = self._cases.get(letter.case_id)
        document = self.document(letter_id)
        content = LetterContent(document, render_pdf(document, letter.title))
        now = iso(self._ctx.vault.clock())
        device = self._sync.site.device()
        envelope = Envelope(
            letter.id, case.id, case.code, case.initials, letter.template, letter.author_id, now
        )
        sealed = seal_letter(envelope, content, bsos, device.keys, device.device_id)
        with self._ctx.db.transact():
            self._repo.mark_with_bso(letter_id, now, sealed)
            self._ctx.audit.append(
                "letter.sent_to_bso",
                "letter",
                letter_id,
                {"case": case.id, "bsos": len(bsos), "bytes": len(sealed)},
            )
        return self._repo.get(letter_id)

    # -- the BSO's outbox -----------------------------------------------------------------

    def outbox(self) -> list[OutboxLetter]:
        """Letters sent to the BSO, newest first (BSO only); audited as a read."""
        self._bso_only()
        rows = []
        for letter in self._repo.outbox():
            case = self._cases.get(letter.case_id)
            rows.append(OutboxLetter(letter, case.code, case.initials))
        self._ctx.audit.append("letter.outbox_read", "vault", "", {"letters": len(rows)})
        return rows

    def open_letter(self, letter_id: str) -> LetterContent:
        """The letter (HTML and PDF) from the site's outbox, opened with this BSO's key;
        audited."""
        self._bso_only()
        letter = self._repo.get(letter_id)
        if letter.status is LetterStatus.DRAFT:
            raise InvalidInput("This letter is still a draft on its author's laptop.")
        site = self._sync.site.verified()
        device = self._sync.site.device()
        me = site.manifest.member(device.member_id)
        if me is None:
            raise InvalidInput("This vault is not a member of the site.")
        path = site.layout.letter(letter_id)
        if not path.exists():
            raise NotFound(
                "The letter is not in the site's outbox yet: its author's laptop has not "
                "synced since sending it."
            )
        with share_errors(site.layout, "reading the letter"):
            data = read_capped(path, LETTER, "the letter")
        envelope, content = open_letter(data, letter_id, me, device.keys, site.manifest)
        if (envelope.case_id, envelope.author_id) != (letter.case_id, letter.author_id):
            raise InvalidInput("The letter in the outbox does not match its record.")
        self._ctx.audit.append("letter.opened", "letter", letter_id, {"case": letter.case_id})
        return content

    def save_pdf(self, letter_id: str, folder: Path) -> Path:
        """Write the PDF into `folder` named by case code and initials (for secure e-mail);
        refuses to replace a file; audited."""
        pdf = self.open_letter(letter_id).pdf
        letter = self._repo.get(letter_id)
        case = self._cases.get(letter.case_id)
        path = folder / f"{file_stem(case.code, case.initials, letter_id)}.pdf"
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise storage_error(exc, f"make the folder {folder}") from exc
        write_new_file(path, pdf, mode=0o600)
        self._ctx.audit.append("letter.saved", "letter", letter_id, {"case": letter.case_id})
        return path

    def printed(self, letter_id: str) -> None:
        """Record that the BSO printed the letter (the ui prints it)."""
        letter = self._repo.get(letter_id)
        self._ctx.audit.append("letter.printed", "letter", letter_id, {"case": letter.case_id})

    def mark_sent(self, letter_id: str, method: DeliveryMethod, on: date | None = None) -> Letter:
        """Record that the BSO sent the letter to the family (BSO only); it reaches the
        author's laptop at their next sync. Audited."""
        self._bso_only()
        letter = self._repo.get(letter_id)
        if letter.status is LetterStatus.DRAFT:
            raise InvalidInput("This letter is still a draft: it has not reached the outbox.")
        sent_on = on or self._ctx.today()
        if sent_on > self._ctx.today():
            raise InvalidInput(f"{sent_on:%d %b %Y} is in the future.")
        with self._ctx.db.transact():
            self._repo.mark_sent(
                letter_id, sent_on, method.value, self._ctx.vault.profile.member_id
            )
            self._ctx.audit.append(
                "letter.marked_sent",
                "letter",
                letter_id,
                {"case": letter.case_id, "method": method.value, "on": sent_on.isoformat()},
            )
        return self._repo.get(letter_id)

    # -- advice e-mails -------------------------------------------------------------------

    def email_text(self, case_id: CaseId, text: str, session_id: str | None = None) -> str:
        """Text for an advice e-mail about a case (or one of its sessions), headed by the
        case code and initials. InvalidInput if it names anyone of the case (full name,
        name part or date of birth): the check packages use. Audited."""
        case = self._cases.get(case_id)
        people = self._cases.people(case_id)
        head = f"Case {case.code} ({case.initials})"
        if session_id is not None:
            session = SessionRepo(self._ctx.db).get(session_id)
            if session.case_id != case_id:
                raise NotFound("That session belongs to another case.")
            head += f", {session.kind.value.replace('_', ' ')} on {session.held_on:%d %b %Y}"
        result = f"{head}\n\n{text.strip()}\n"
        leaks = personal_leaks(result, people)
        if leaks:
            raise InvalidInput(
                "The e-mail text names someone in the family (a name or a date of birth): "
                "use the case code and initials only."
            )
        self._ctx.audit.append(
            "letter.email_copied", "case", case_id, {"session": session_id or ""}
        )
        return result

    # -- helpers --------------------------------------------------------------------------

    def _draft(self, letter_id: str) -> Letter:
        letter = self._repo.get(letter_id)
        if letter.status is not LetterStatus.DRAFT:
            raise InvalidInput("This letter was sent to the BSO already: it cannot change now.")
        if self._repo.body(letter_id) is None:
            raise NotFound("This letter's text is on its author's laptop only.")
        return letter

    def _bso_only(self) -> None:
        if self._ctx.vault.profile.role != "bso":
            raise InvalidInput("Only the BSO works with the letters outbox.")
