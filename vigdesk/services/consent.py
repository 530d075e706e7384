"""Recording, withdrawing and enforcing consent. Other services call `require`."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from vigdesk.core import consent as rules
from vigdesk.core.cases import PersonKind
from vigdesk.core.clock import iso
from vigdesk.core.consent import ConsentRecord, Method, Purpose
from vigdesk.core.errors import InvalidInput
from vigdesk.core.ids import new_id
from vigdesk.services.context import Context
from vigdesk.storage.cases import CaseRepo
from vigdesk.storage.consents import ConsentRepo


class ConsentService:
    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx
        self._repo = ConsentRepo(ctx.db)
        self._cases = CaseRepo(ctx.db)

    def record(
        self,
        case_id: str,
        giver_id: str,
        child_ids: Iterable[str],
        purposes: dict[Purpose, bool],
        *,
        form_version: str,
        given_on: date,
        method: Method,
        evidence: bytes | None = None,
        evidence_kind: str = "consent-evidence",
        review_due: date | None = None,
        child_view: str = "",
    ) -> list[ConsentRecord]:
        """One record per child and purpose (granted or refused), with sealed evidence."""
        people = {p.id: p for p in self._cases.people(case_id)}
        giver = people.get(giver_id)
        if giver is None or giver.kind is not PersonKind.ADULT:
            raise InvalidInput("Consent must be given by an adult in this case.")
        if not giver.parental_responsibility:
            raise InvalidInput(f"{giver.initials} does not hold parental responsibility.")
        children = [people.get(c) for c in child_ids]
        if not children or any(c is None or c.kind is not PersonKind.CHILD for c in children):
            raise InvalidInput("Choose at least one child of this family.")
        if given_on > self._ctx.today():
            raise InvalidInput("Consent cannot be dated in the future.")
        if review_due is not None and review_due < given_on:
            raise InvalidInput("The review date must come after the consent date.")
        sealed = self._ctx.blobs.seal_bytes(case_id, evidence_kind, evidence) if evidence else None
        made: list[ConsentRecord] = []
        try:
            with self._ctx.db.transact():
                if sealed is not None:
                    self._ctx.blobs.record(sealed)
                for child in children:
                    assert child is not None
                    for purpose, granted in purposes.items():
                        rec = ConsentRecord(
                            id=new_id(),
                            case_id=case_id,
                            giver_id=giver_id,
                            child_id=child.id,
                            purpose=purpose,
                            granted=granted,
                            form_version=form_version,
                            given_on=given_on,
                            method=method,
                            evidence_blob_id=sealed.id if sealed else None,
                            review_due=review_due,
                            child_view=child_view,
                            withdrawn_on=None,
                            withdrawn_reason="",
                        )
                        self._repo.insert(rec, iso(self._ctx.vault.clock()))
                        made.append(rec)
                self._ctx.audit.append(
                    "consent.recorded",
                    "case",
                    case_id,
                    {
                        "records": len(made),
                        "purposes": sorted(p.value for p in purposes),
                        "method": method.value,
                    },
                )
        except BaseException:
            if sealed is not None:
                self._ctx.blobs.discard(sealed)
            raise
        return made

    def withdraw(
        self, consent_ids: Iterable[str], reason: str = "", on: date | None = None
    ) -> list[ConsentRecord]:
        """Withdrawal takes effect today (immediately blocking what needs it)."""
        when = on or self._ctx.today()
        done = []
        with self._ctx.db.transact():
            for cid in consent_ids:
                rec = self._repo.get(cid)
                if rec.withdrawn_on is not None:
                    continue
                self._repo.withdraw(cid, when, reason.strip())
                self._ctx.audit.append(
                    "consent.withdrawn",
                    "consent",
                    cid,
                    {"case": rec.case_id, "purpose": rec.purpose.value},
                )
                done.append(self._repo.get(cid))
        return done

    def for_case(self, case_id: str) -> list[ConsentRecord]:
        records = self._repo.for_case(case_id)
        self._ctx.audit.append("consent.read", "case", case_id, {"records": len(records)})
        return records

    def register(self) -> list[ConsentRecord]:
        records = self._repo.all()
        self._ctx.audit.append("consent.register_read", "vault", "", {"records": len(records)})
        return records

    def require(self, case_id: str, purposes: Iterable[Purpose], action: str) -> None:
        """Raise ConsentRequired (naming who lacks which consent) unless all is in place."""
        rules.require(
            action,
            self._cases.people(case_id),
            self._repo.for_case(case_id),
            list(purposes),
            self._ctx.today(),
        )
