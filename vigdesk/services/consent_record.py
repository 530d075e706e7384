"""The consent record: a one-page document of what a parent agreed to, sealed at signing.

`facts_for_request` gathers what the record states; `consent_record_html.record_html`
prints it, the ui renders that to PDF on the GUI thread; then
`ConsentRecordService.record` seals the PDF and records the consents in one transaction.
Qt-free; call the service from a worker thread.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from vigdesk.core.cases import Person, PersonKind
from vigdesk.core.consent import ConsentRecord, Method, Purpose
from vigdesk.core.consent_wording import video_period
from vigdesk.core.errors import InvalidInput, NotFound, storage_error
from vigdesk.core.ids import CaseId, PersonId
from vigdesk.core.retention import Policy
from vigdesk.services.consent import ConsentService
from vigdesk.services.context import Context
from vigdesk.services.documents import VersionedText, current_consent_text, lawful_basis
from vigdesk.services.retention import default_policy
from vigdesk.storage.cases import CaseRepo

RECORD_KIND = "consent-record"


@dataclass(frozen=True)
class ConsentRequest:
    """Everything `ConsentService.record` needs, as plain values (built by the wizard)."""

    case_id: CaseId
    giver_id: PersonId
    child_ids: tuple[PersonId, ...]
    purposes: dict[Purpose, bool]
    form_version: str
    given_on: date
    method: Method
    evidence: bytes | None = None
    review_due: date | None = None
    child_view: str = ""
    lawful_basis: str = ""  # as shown to the family ("": the policy's in force)
    interpreter: str = ""
    accessible_version: str = ""


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
    video_period: str = ""  # in words, what the purpose lines promise (the policy's)
    giver_standing: str = "who holds parental responsibility"  # why they may consent
    lawful_basis: str = ""
    interpreter: str = ""
    accessible_version: str = ""


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


def standing_text(giver: Person) -> str:
    """Why this person may give the consent, as the record says it (no names)."""
    if giver.represents_authority:
        return f"for the local authority ({giver.authority_role})"
    if giver.kind is PersonKind.CHILD:
        judged = giver.competent_on.strftime("%d %b %Y") if giver.competent_on else "?"
        return f"for themselves, judged able to decide on {judged}"
    if giver.parental_responsibility:
        return "who holds parental responsibility"
    return "for themselves"


def facts_for_request(
    request: ConsentRequest,
    case_code: str,
    people: Sequence[Person],
    recorded_by: str,
    policy: Policy | None = None,
) -> RecordFacts:
    """The record of a consent about to be given (the wizard's summary, before saving),
    promising the periods of `policy` (the retention policy in force; default this
    build's)."""
    by_id = {p.id: p for p in people}
    giver = by_id.get(request.giver_id)
    if giver is None:
        raise InvalidInput("Consent must be given by someone in this case.")
    form = current_consent_text(policy)
    return RecordFacts(
        case_code=case_code,
        giver_initials=giver.initials,
        giver_relationship=giver.relationship,
        giver_standing=standing_text(giver),
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
        video_period=video_period(policy or default_policy()),
        lawful_basis=request.lawful_basis or lawful_basis(policy),
        interpreter=request.interpreter.strip(),
        accessible_version=request.accessible_version.strip(),
    )


# -- HTML ------------------------------------------------------------------------------------


class ConsentRecordService:
    """Seals consent records and reads them back; every read of evidence is audited."""

    def __init__(
        self,
        ctx: Context,
        consent: ConsentService,
        policy: Callable[[], Policy] | None = None,
    ) -> None:
        """`policy` reads the retention policy in force (default: this build's)."""
        self._ctx = ctx
        self._consent = consent
        self._policy = policy or default_policy
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
                    lawful_basis=request.lawful_basis or None,
                    interpreter=request.interpreter,
                    accessible_version=request.accessible_version,
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

    def sealed_by(self, case_id: CaseId | None = None) -> dict[str, tuple[str | None, str]]:
        """consent id → (record blob id, recorded by) for one case or all of them."""
        sql = "SELECT id, record_blob_id, recorded_by FROM consents"
        rows = self._ctx.db.execute(
            sql + " WHERE case_id = ?" if case_id else sql, (case_id,) if case_id else ()
        )
        return {r[0]: (r[1], r[2]) for r in rows}

    def stored_facts(self, case_id: CaseId, consent_ids: Iterable[str]) -> RecordFacts:
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
        facts = facts_for_request(
            request, self._cases.get(case_id).code, people, recorded_by, self._policy()
        )
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

    def save_copy(self, case_id: CaseId, pdf: bytes, target: Path) -> Path:
        """Write an unencrypted copy where the user chose, for the family (audited)."""
        try:
            target.write_bytes(pdf)
        except OSError as exc:
            raise storage_error(exc, f"save {target.name}") from exc
        self._ctx.audit.append("consent.record_exported", "case", case_id, {"bytes": len(pdf)})
        return target

    def note_printed(self, case_id: CaseId) -> None:
        """A printed copy is a copy too: audit it."""
        self._ctx.audit.append("consent.record_printed", "case", case_id)
