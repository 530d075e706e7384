"""The consent record: a one-page document of what a parent agreed to, sealed at signing.

`record_html(facts)` builds the printable HTML (initials only, the form version, each
purpose answered yes or no, the drawn signature embedded as a data: URI, and the text
the parent read as an appendix). The ui renders it to PDF on the GUI thread; then
`ConsentRecordService.record` seals the PDF and records the consents in one transaction.
Qt-free; call the service from a worker thread.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from html import escape
from pathlib import Path

from vigdesk.core.cases import Person
from vigdesk.core.consent import ConsentRecord, Method, Purpose
from vigdesk.core.errors import InvalidInput, NotFound, storage_error
from vigdesk.services.consent import ConsentService
from vigdesk.services.context import Context
from vigdesk.services.documents import VersionedText, current_consent_text
from vigdesk.storage.cases import CaseRepo

RECORD_KIND = "consent-record"

PURPOSE_TITLE = {
    Purpose.FILM: "Filming",
    Purpose.KEEP: "Keeping the video",
    Purpose.SUPERVISION: "Supervision",
    Purpose.TRAINING: "Training",
}
PURPOSE_MEANING = {  # the one-line explanations of the consent form
    Purpose.FILM: "We may film you and your child at home.",
    Purpose.KEEP: "We may keep the video, encrypted, while we work with you.",
    Purpose.SUPERVISION: "An accredited VIG supervisor may see short clips.",
    Purpose.TRAINING: "Short clips may be shown at training events beyond the service.",
}
METHOD_TEXT = {
    Method.SIGNED_ON_SCREEN: "Signed on screen",
    Method.SCANNED_PAPER: "Signed paper form (scanned)",
}


@dataclass(frozen=True)
class ConsentRequest:
    """Everything `ConsentService.record` needs, as plain values (built by the wizard)."""

    case_id: str
    giver_id: str
    child_ids: tuple[str, ...]
    purposes: dict[Purpose, bool]
    form_version: str
    given_on: date
    method: Method
    evidence: bytes | None = None
    review_due: date | None = None
    child_view: str = ""


@dataclass(frozen=True)
class ChildFacts:
    initials: str
    age: str


@dataclass(frozen=True)
class WithdrawalFacts:
    purpose: Purpose
    child_initials: str
    on: date
    reason: str


@dataclass(frozen=True)
class RecordFacts:
    """What one consent record shows. Initials only: no names, no dates of birth."""

    case_code: str
    giver_initials: str
    giver_relationship: str
    children: tuple[ChildFacts, ...]
    answers: tuple[tuple[Purpose, bool], ...]
    form: VersionedText | None  # the text the parent read, when it is still the current one
    form_version: str
    given_on: date
    method: Method
    review_due: date | None
    child_view: str
    recorded_by: str
    evidence: bytes | None
    withdrawals: tuple[WithdrawalFacts, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class RecordedConsent:
    records: list[ConsentRecord]
    record_blob_id: str


def age_text(born: date | None, on: date) -> str:
    """ "2 years 3 months", "7 months", "" when the date of birth is unknown."""
    if born is None:
        return ""
    months = (on.year - born.year) * 12 + on.month - born.month - (on.day < born.day)
    years, months = divmod(max(0, months), 12)
    year_text = f"{years} year{'s' if years != 1 else ''}" if years else ""
    month_text = f"{months} month{'s' if months != 1 else ''}" if months or not years else ""
    return f"{year_text} {month_text}".strip()


def facts_for_request(
    request: ConsentRequest, case_code: str, people: Sequence[Person], recorded_by: str
) -> RecordFacts:
    """The record of a consent about to be given (the wizard's summary, before saving)."""
    by_id = {p.id: p for p in people}
    giver = by_id.get(request.giver_id)
    if giver is None:
        raise InvalidInput("Consent must be given by an adult in this case.")
    form = current_consent_text()
    return RecordFacts(
        case_code=case_code,
        giver_initials=giver.initials,
        giver_relationship=giver.relationship,
        children=tuple(
            ChildFacts(by_id[c].initials, age_text(by_id[c].date_of_birth, request.given_on))
            for c in request.child_ids
            if c in by_id
        ),
        answers=tuple((p, request.purposes[p]) for p in Purpose if p in request.purposes),
        form=form if form.version == request.form_version else None,
        form_version=request.form_version,
        given_on=request.given_on,
        method=request.method,
        review_due=request.review_due,
        child_view=request.child_view,
        recorded_by=recorded_by,
        evidence=request.evidence,
    )


# -- HTML ------------------------------------------------------------------------------------

_STYLE = """<style>
 body { font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 10pt; color: #1B1F24; }
 h1 { font-size: 18pt; color: #1B1F24; margin-top: 0; margin-bottom: 2pt; }
 h2 { font-size: 12pt; color: #1F6F78; margin-top: 14pt; margin-bottom: 5pt; }
 th { text-align: left; background: #E8F3F4; color: #184A50; font-weight: bold; }
 td { border-bottom: 1px solid #DFE3E8; vertical-align: top; }
 td.k { color: #5C6670; }
 .kicker { color: #1F6F78; font-size: 9pt; font-weight: bold; }
 .yes { color: #1D6B45; font-weight: bold; }
 .no { color: #B42318; font-weight: bold; }
 .muted { color: #5C6670; font-size: 9pt; }
 .form p, .form li { font-size: 10pt; }
</style>"""


def _date(d: date | None) -> str:
    return f"{d.day} {d:%B %Y}" if d else "—"


def _table(rows: Iterable[Sequence[str]], widths: Sequence[int], header: Sequence[str] = ()) -> str:
    """A full-width table; without a header, the first column is a muted label."""

    def cell(n: int, text: str, tag: str = "td") -> str:
        kind = " class='k'" if tag == "td" and n == 0 and not header else ""
        return f"<{tag} width='{widths[n]}%'{kind}>{text}</{tag}>"

    head = "<tr>" + "".join(cell(n, h, "th") for n, h in enumerate(header)) + "</tr>"
    body = "".join("<tr>" + "".join(cell(n, c) for n, c in enumerate(r)) + "</tr>" for r in rows)
    return (
        "<table width='100%' cellspacing='0' cellpadding='4'>"
        f"{head if header else ''}{body}</table>"
    )


def _image_uri(data: bytes) -> str | None:
    kinds = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}
    for magic, mime in kinds.items():
        if data.startswith(magic):
            return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
    return None


def form_html(text: str) -> str:
    """The small Markdown subset the consent form uses: #, paragraphs, **bold**, - lists."""
    out: list[str] = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = [ln.strip() for ln in block.splitlines() if ln.strip()]
        html = [re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", escape(ln)) for ln in lines]
        if lines[0].startswith("#"):
            out.append(f"<h2>{html[0].lstrip('#').strip()}</h2>")
        elif all(ln.startswith("- ") for ln in lines):
            out.append("<ul>" + "".join(f"<li>{h[2:]}</li>" for h in html) + "</ul>")
        else:
            out.append(f"<p>{' '.join(html)}</p>")
    return "".join(out)


def record_html(facts: RecordFacts) -> str:
    """The consent record as HTML for QTextDocument (A4; the form text on page two)."""
    children = ", ".join(
        f"{escape(c.initials)} (aged {escape(c.age)})" if c.age else escape(c.initials)
        for c in facts.children
    )
    giver = escape(facts.giver_initials)
    if facts.giver_relationship:
        giver += f" ({escape(facts.giver_relationship)})"
    details = [
        ("Consent given by", giver + ", who holds parental responsibility"),
        ("For", children),
        ("Date given", _date(facts.given_on)),
        ("How", METHOD_TEXT[facts.method]),
        ("Review due", _date(facts.review_due)),
        ("Recorded by", escape(facts.recorded_by) or "—"),
        ("Case", escape(facts.case_code)),
        ("Consent form", f"version {escape(facts.form_version)}"),
    ]
    answers = [
        (
            f"<b>{PURPOSE_TITLE[p]}</b>",
            PURPOSE_MEANING[p],
            "<span class='yes'>✓ Yes</span>" if granted else "<span class='no'>✗ No</span>",
        )
        for p, granted in facts.answers
    ]
    parts = [
        f"<html><head>{_STYLE}</head><body>",
        "<p class='kicker'>VIDEO INTERACTION GUIDANCE</p>",
        "<h1>Consent record</h1>",
        "<p class='muted'>What was agreed, recorded with initials only. The service keeps "
        "the original, encrypted.</p>",
        _table(details, (30, 70)),
        "<h2>What was agreed</h2>",
        _table(answers, (24, 60, 16), ("Purpose", "What it means", "Answer")),
    ]
    if facts.child_view.strip():
        view = escape(facts.child_view.strip()).replace("\n", "<br>")
        parts.append(f"<h2>The child's own view</h2><p>{view}</p>")
    parts.append(_signature(facts))
    if facts.withdrawals:
        rows = [
            (PURPOSE_TITLE[w.purpose], escape(w.child_initials), _date(w.on), escape(w.reason))
            for w in facts.withdrawals
        ]
        parts.append("<h2>Withdrawn since</h2>")
        parts.append(_table(rows, (24, 12, 22, 42), ("Purpose", "Child", "Withdrawn on", "Reason")))
    parts.append(
        "<h2>Changing your mind</h2><p>You can withdraw any part of this consent at any time "
        "by telling your practitioner or the service. We stop using the video straight away "
        "and delete it.</p>"
    )
    if facts.form is not None:
        parts.append(
            "<div style='page-break-before: always'></div>"
            f"<p class='muted'>What was read together: consent form version "
            f"{escape(facts.form.version)}</p>"
            f"<div class='form'>{form_html(facts.form.text)}</div>"
        )
    parts.append("</body></html>")
    return "".join(parts)


def _signature(facts: RecordFacts) -> str:
    heading = "<h2>Signature</h2>"
    if facts.evidence is None:
        return heading + "<p>The signed paper form is kept by the service.</p>"
    digest = hashlib.sha256(facts.evidence).hexdigest()
    uri = _image_uri(facts.evidence)
    if facts.method is Method.SIGNED_ON_SCREEN and uri:
        shown = f"<p><img src='{uri}' width='280'></p>"
    elif uri:
        shown = f"<p>The signed paper form:</p><p><img src='{uri}' width='360'></p>"
    else:
        shown = "<p>The signed paper form is kept, encrypted, with this record.</p>"
    signed = f"<p>Signed by {escape(facts.giver_initials)} on {_date(facts.given_on)}.</p>"
    fingerprint = f"<p class='muted'>Evidence fingerprint (SHA-256): {digest}</p>"
    return heading + shown + signed + fingerprint


# -- the service ---------------------------------------------------------------------------


class ConsentRecordService:
    """Seals consent records and reads them back; every read of evidence is audited."""

    def __init__(self, ctx: Context, consent: ConsentService) -> None:
        self._ctx = ctx
        self._consent = consent
        self._cases = CaseRepo(ctx.db)

    def record(self, request: ConsentRequest, pdf: bytes, recorded_by: str) -> RecordedConsent:
        """Record the consents and seal their PDF record together: both or neither.

        Raises InvalidInput (the consent rules, or a PDF that is not one) and storage errors.
        """
        if not pdf.startswith(b"%PDF"):
            raise InvalidInput("The consent record could not be produced; nothing was saved.")
        sealed = self._ctx.blobs.seal_bytes(request.case_id, RECORD_KIND, pdf)
        try:
            with self._ctx.db.transact() as db:
                records = self._consent.record(
                    request.case_id,
                    request.giver_id,
                    request.child_ids,
                    request.purposes,
                    form_version=request.form_version,
                    given_on=request.given_on,
                    method=request.method,
                    evidence=request.evidence,
                    review_due=request.review_due,
                    child_view=request.child_view,
                )
                self._ctx.blobs.record(sealed)
                db.executemany(
                    "UPDATE consents SET record_blob_id = ?, recorded_by = ? WHERE id = ?",
                    [(sealed.id, recorded_by.strip(), r.id) for r in records],
                )
                self._ctx.audit.append(
                    "consent.record_sealed",
                    "case",
                    request.case_id,
                    {"blob": sealed.id, "records": len(records)},
                )
        except BaseException:
            self._ctx.blobs.discard(sealed)
            raise
        return RecordedConsent(records, sealed.id)

    def sealed_by(self, case_id: str | None = None) -> dict[str, tuple[str | None, str]]:
        """consent id → (record blob id, recorded by) for one case or all of them."""
        sql = "SELECT id, record_blob_id, recorded_by FROM consents"
        rows = self._ctx.db.execute(
            sql + " WHERE case_id = ?" if case_id else sql, (case_id,) if case_id else ()
        )
        return {r[0]: (r[1], r[2]) for r in rows}

    def stored_facts(self, case_id: str, consent_ids: Iterable[str]) -> RecordFacts:
        """The record of consents already given, with any withdrawals since (audited)."""
        wanted = set(consent_ids)
        records = [r for r in self._consent.for_case(case_id) if r.id in wanted]
        if not records:
            raise NotFound("Those consent records no longer exist.")
        first = records[0]
        evidence = None
        if first.evidence_blob_id:
            evidence = self._ctx.blobs.read_bytes(first.evidence_blob_id)
            self._ctx.audit.append(
                "consent.evidence_read", "case", case_id, {"blob": first.evidence_blob_id}
            )
        answers: dict[Purpose, bool] = {}
        for r in records:
            answers[r.purpose] = answers.get(r.purpose, True) and r.granted
        request = ConsentRequest(
            case_id,
            first.giver_id,
            tuple(dict.fromkeys(r.child_id for r in records)),
            answers,
            first.form_version,
            first.given_on,
            first.method,
            evidence,
            first.review_due,
            first.child_view,
        )
        people = self._cases.people(case_id)
        recorded_by = self.sealed_by(case_id).get(first.id, (None, ""))[1]
        facts = facts_for_request(request, self._cases.get(case_id).code, people, recorded_by)
        initials = {p.id: p.initials for p in people}
        withdrawals = tuple(
            WithdrawalFacts(
                r.purpose, initials.get(r.child_id, "?"), r.withdrawn_on, r.withdrawn_reason
            )
            for r in records
            if r.withdrawn_on is not None
        )
        return replace(facts, withdrawals=withdrawals)

    def original_pdf(self, blob_id: str) -> bytes:
        """The PDF sealed at signing, exactly as it was made (audited)."""
        row = self._ctx.db.one(
            "SELECT case_id FROM blobs WHERE id = ? AND kind = ?", (blob_id, RECORD_KIND)
        )
        if row is None:
            raise NotFound("That consent record is no longer kept.")
        data = self._ctx.blobs.read_bytes(blob_id)
        self._ctx.audit.append("consent.record_read", "case", row[0], {"blob": blob_id})
        return data

    def save_copy(self, case_id: str, pdf: bytes, target: Path) -> Path:
        """Write an unencrypted copy where the user chose, for the family (audited)."""
        try:
            target.write_bytes(pdf)
        except OSError as exc:
            raise storage_error(exc, f"save {target.name}") from exc
        self._ctx.audit.append("consent.record_exported", "case", case_id, {"bytes": len(pdf)})
        return target

    def note_printed(self, case_id: str) -> None:
        """A printed copy is a copy too: audit it."""
        self._ctx.audit.append("consent.record_printed", "case", case_id)
