"""Case and person rows ↔ core dataclasses. Callers audit; this module only stores."""

from __future__ import annotations

from datetime import date
from typing import Any

from vigdesk.core.cases import Case, CaseStatus, Person, PersonKind
from vigdesk.core.errors import NotFound
from vigdesk.storage.db import Database

_CASE_COLS = (
    "id, code, initials, referral_date, referral_source, primary_difficulty, status,"
    " closed_on, closure_reason, created_at"
)
_PERSON_COLS = (
    "id, case_id, kind, full_name, initials, date_of_birth, parental_responsibility, relationship,"
    " looked_after, parents_consent_too, authority_role, authority_note, competent_on,"
    " competent_by, competence_note"
)


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _case(row: tuple[Any, ...]) -> Case:
    return Case(
        id=row[0],
        code=row[1],
        initials=row[2],
        referral_date=date.fromisoformat(row[3]),
        referral_source=row[4],
        primary_difficulty=row[5],
        status=CaseStatus(row[6]),
        closed_on=_date(row[7]),
        closure_reason=row[8],
        created_at=row[9],
    )


def _person(row: tuple[Any, ...]) -> Person:
    return Person(
        id=row[0],
        case_id=row[1],
        kind=PersonKind(row[2]),
        full_name=row[3],
        initials=row[4],
        date_of_birth=_date(row[5]),
        parental_responsibility=bool(row[6]),
        relationship=row[7],
        looked_after=bool(row[8]),
        parents_consent_too=bool(row[9]),
        authority_role=row[10],
        authority_note=row[11],
        competent_on=_date(row[12]),
        competent_by=row[13],
        competence_note=row[14],
    )


class CaseRepo:
    def __init__(self, db: Database) -> None:
        self._db = db

    def insert(self, case: Case) -> None:
        self._db.execute(
            f"INSERT INTO cases ({_CASE_COLS}) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (
                case.id,
                case.code,
                case.initials,
                case.referral_date.isoformat(),
                case.referral_source,
                case.primary_difficulty,
                case.status.value,
                case.closed_on.isoformat() if case.closed_on else None,
                case.closure_reason,
                case.created_at,
            ),
        )

    def code_exists(self, code: str) -> bool:
        return self._db.one("SELECT 1 FROM cases WHERE code = ?", (code,)) is not None

    def get(self, case_id: str) -> Case:
        row = self._db.one(f"SELECT {_CASE_COLS} FROM cases WHERE id = ?", (case_id,))
        if row is None:
            raise NotFound(f"No case with id {case_id}.")
        return _case(row)

    def by_code(self, code: str) -> Case:
        row = self._db.one(f"SELECT {_CASE_COLS} FROM cases WHERE code = ?", (code.upper(),))
        if row is None:
            raise NotFound(f"No case with code {code}.")
        return _case(row)

    def all(self) -> list[Case]:
        return [
            _case(r)
            for r in self._db.execute(
                f"SELECT {_CASE_COLS} FROM cases ORDER BY referral_date DESC, code"
            )
        ]

    def set_code(self, case_id: str, code: str) -> None:
        self._db.execute("UPDATE cases SET code = ? WHERE id = ?", (code, case_id))

    def set_status(
        self,
        case_id: str,
        status: CaseStatus,
        closed_on: date | None = None,
        reason: str | None = None,
    ) -> None:
        self._db.execute(
            "UPDATE cases SET status = ?, closed_on = ?, closure_reason = ? WHERE id = ?",
            (status.value, closed_on.isoformat() if closed_on else None, reason, case_id),
        )

    def insert_person(self, person: Person, created_at: str) -> None:
        self._db.execute(
            f"INSERT INTO people ({_PERSON_COLS}, created_at) VALUES ({','.join('?' * 16)})",
            (
                person.id,
                person.case_id,
                person.kind.value,
                person.full_name,
                person.initials,
                person.date_of_birth.isoformat() if person.date_of_birth else None,
                int(person.parental_responsibility),
                person.relationship,
                int(person.looked_after),
                int(person.parents_consent_too),
                person.authority_role,
                person.authority_note,
                person.competent_on.isoformat() if person.competent_on else None,
                person.competent_by,
                person.competence_note,
                created_at,
            ),
        )

    def set_consent_standing(self, person: Person) -> None:
        """Store who may consent for `person`: looked-after status, authority, competence."""
        self._db.execute(
            "UPDATE people SET looked_after = ?, parents_consent_too = ?, authority_role = ?,"
            " authority_note = ?, competent_on = ?, competent_by = ?, competence_note = ?"
            " WHERE id = ?",
            (
                int(person.looked_after),
                int(person.parents_consent_too),
                person.authority_role,
                person.authority_note,
                person.competent_on.isoformat() if person.competent_on else None,
                person.competent_by,
                person.competence_note,
                person.id,
            ),
        )

    def people(self, case_id: str) -> list[Person]:
        return [
            _person(r)
            for r in self._db.execute(
                f"SELECT {_PERSON_COLS} FROM people WHERE case_id = ? ORDER BY kind, full_name",
                (case_id,),
            )
        ]

    def person(self, person_id: str) -> Person:
        row = self._db.one(f"SELECT {_PERSON_COLS} FROM people WHERE id = ?", (person_id,))
        if row is None:
            raise NotFound(f"No person with id {person_id}.")
        return _person(row)
