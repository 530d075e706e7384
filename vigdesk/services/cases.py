"""Case use cases: open a family's case, add people, activate, close. All audited."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from vigdesk.core.cases import (
    Case,
    CaseStatus,
    Person,
    PersonKind,
    check_birth,
    check_closure,
    check_referral,
    clean_case_code,
    initials_of,
    new_case_code,
)
from vigdesk.core.clock import iso
from vigdesk.core.errors import InvalidInput
from vigdesk.core.ids import CaseId, PersonId, new_id
from vigdesk.services.context import Context
from vigdesk.storage.cases import CaseRepo


class CaseService:
    """Thread-safe (storage is serialised); returns core dataclasses; raises VigdeskError."""

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx
        self._repo = CaseRepo(ctx.db)

    def add_case(
        self,
        initials: str,
        referral_date: date,
        *,
        referral_source: str = "",
        primary_difficulty: str = "",
        code: str | None = None,
    ) -> Case:
        today = self._ctx.today()
        check_referral(referral_date, today)
        initials = initials.strip().upper()
        if not initials:
            raise InvalidInput("Give the family's initials.")
        if code is not None:
            code = clean_case_code(code)
        with self._ctx.db.transact():
            if code is None:
                code = new_case_code(today.year)
                while self._repo.code_exists(code):
                    code = new_case_code(today.year)
            if self._repo.code_exists(code):
                raise InvalidInput(f"The case code {code} is already in use.")
            case = Case(
                id=CaseId(new_id()),
                code=code,
                initials=initials,
                referral_date=referral_date,
                referral_source=referral_source,
                primary_difficulty=primary_difficulty,
                status=CaseStatus.REFERRED,
                closed_on=None,
                closure_reason=None,
                created_at=iso(self._ctx.vault.clock()),
            )
            self._repo.insert(case)
            self._ctx.keyring.create_case_key(case.id)
            self._ctx.audit.append("case.created", "case", case.id)
        return case

    def change_code(self, case_id: CaseId, code: str) -> Case:
        """Give a case another code, e.g. when two laptops chose the same one offline.

        The new code syncs like any edit and the search index follows (triggers);
        documents already made keep the old code, so the change is audited with both.
        Unchanged: returns the case, nothing written. Raises InvalidInput, NotFound.
        """
        code = clean_case_code(code)
        with self._ctx.db.transact():
            case = self._repo.get(case_id)
            if code == case.code:
                return case
            if self._repo.code_exists(code):
                raise InvalidInput(f"The case code {code} is already in use.")
            self._repo.set_code(case_id, code)
            self._ctx.audit.append(
                "case.code_changed", "case", case_id, {"old": case.code, "new": code}
            )
        return replace(case, code=code)

    def find(self, code_or_id: str) -> Case:
        """Look a case up by code or id (not audited: no personal data beyond initials)."""
        code_or_id = code_or_id.strip()
        if len(code_or_id) == 32 and code_or_id.isalnum() and code_or_id.islower():
            return self._repo.get(code_or_id)
        return self._repo.by_code(code_or_id)

    def list_cases(self) -> list[Case]:
        cases = self._repo.all()
        self._ctx.audit.append("case.listed", "case", "", {"count": len(cases)})
        return cases

    def open_case(self, case_id: CaseId) -> tuple[Case, list[Person]]:
        """The case and its people with full names: audited as a read."""
        case = self._repo.get(case_id)
        people = self._repo.people(case_id)
        self._ctx.audit.append("case.read", "case", case_id, {"people": len(people)})
        return case, people

    def search(self, text: str) -> list[Case]:
        """Cases whose names, codes or notes match every word (prefixes allowed).

        Returns cases only, so lists can honour privacy mode; the query text is not
        audited (it may be a name), only the number of results.
        """
        words = [w.replace('"', '""') for w in text.split() if w.strip()]
        if not words:
            return []
        query = " ".join(f'"{w}"*' for w in words)
        ids = [
            r[0]
            for r in self._ctx.db.execute(
                "SELECT DISTINCT case_id FROM search_index WHERE search_index MATCH ?", (query,)
            )
        ]
        found = [self._repo.get(i) for i in ids]
        self._ctx.audit.append("case.searched", "case", "", {"results": len(found)})
        return sorted(found, key=lambda c: c.code)

    @property
    def privacy_mode(self) -> bool:
        """On by default: lists show case codes and initials only."""
        value = self._ctx.db.scalar("SELECT value FROM settings WHERE key = 'privacy_mode'")
        return bool(value != "0")

    def set_privacy_mode(self, on: bool) -> None:
        with self._ctx.db.transact() as db:
            db.execute(
                "INSERT INTO settings VALUES ('privacy_mode', ?) ON CONFLICT(key)"
                " DO UPDATE SET value = excluded.value",
                ("1" if on else "0",),
            )
            self._ctx.audit.append("privacy_mode.changed", "vault", "", {"on": on})

    def people(self, case_id: CaseId) -> list[Person]:
        return self._repo.people(case_id)

    def add_person(
        self,
        case_id: CaseId,
        kind: PersonKind,
        full_name: str,
        *,
        date_of_birth: date | None = None,
        parental_responsibility: bool = False,
        relationship: str = "",
    ) -> Person:
        case = self._repo.get(case_id)
        check_birth(date_of_birth, self._ctx.today())
        if kind is PersonKind.CHILD and date_of_birth is None:
            raise InvalidInput("Give the child's date of birth.")
        if kind is PersonKind.CHILD and parental_responsibility:
            raise InvalidInput("A child cannot hold parental responsibility in this record.")
        person = Person(
            id=PersonId(new_id()),
            case_id=case.id,
            kind=kind,
            full_name=full_name.strip(),
            initials=initials_of(full_name),
            date_of_birth=date_of_birth,
            parental_responsibility=parental_responsibility,
            relationship=relationship.strip(),
        )
        with self._ctx.db.transact():
            self._repo.insert_person(person, iso(self._ctx.vault.clock()))
            self._ctx.audit.append(
                "person.added", "person", person.id, {"case": case.id, "kind": kind.value}
            )
        return person

    def activate(self, case_id: CaseId) -> Case:
        case = self._repo.get(case_id)
        if case.status is not CaseStatus.REFERRED:
            raise InvalidInput(f"Case {case.code} is {case.status.value}, not referred.")
        with self._ctx.db.transact():
            self._repo.set_status(case_id, CaseStatus.ACTIVE)
            self._ctx.audit.append("case.activated", "case", case_id)
        return replace(case, status=CaseStatus.ACTIVE)

    def close_case(
        self, case_id: CaseId, closed_on: date, reason: str, *, summaries_missing: int = 0
    ) -> Case:
        """Close the case (retention counts from `closed_on`). `summaries_missing` notes
        in the audit how many items were closed over with their review's written summary
        still missing (see `RetentionService.summaries_missing`)."""
        case = self._repo.get(case_id)
        check_closure(case, closed_on, reason, self._ctx.today())
        details: dict[str, object] = {"closed_on": closed_on.isoformat()}
        if summaries_missing:
            details["summaries_missing"] = summaries_missing
        with self._ctx.db.transact():
            self._repo.set_status(case_id, CaseStatus.CLOSED, closed_on, reason.strip())
            self._ctx.audit.append("case.closed", "case", case_id, details)
        return replace(
            case, status=CaseStatus.CLOSED, closed_on=closed_on, closure_reason=reason.strip()
        )
