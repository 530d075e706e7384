"""Consent rows ↔ core.consent.ConsentRecord."""

from __future__ import annotations

from datetime import date
from typing import Any

from vigdesk.core.consent import ConsentRecord, Method, Purpose
from vigdesk.core.errors import NotFound
from vigdesk.storage.db import Database

_COLS = (
    "id, case_id, giver_id, child_id, purpose, granted, form_version, given_on, method,"
    " evidence_blob_id, review_due, child_view, withdrawn_on, withdrawn_reason,"
    " lawful_basis, interpreter, accessible_version"
)

_MARKS = ",".join("?" * 18)


def _opt_date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _record(r: tuple[Any, ...]) -> ConsentRecord:
    return ConsentRecord(
        id=r[0],
        case_id=r[1],
        giver_id=r[2],
        child_id=r[3],
        purpose=Purpose(r[4]),
        granted=bool(r[5]),
        form_version=r[6],
        given_on=date.fromisoformat(r[7]),
        method=Method(r[8]),
        evidence_blob_id=r[9],
        review_due=_opt_date(r[10]),
        child_view=r[11],
        withdrawn_on=_opt_date(r[12]),
        withdrawn_reason=r[13],
        lawful_basis=r[14],
        interpreter=r[15],
        accessible_version=r[16],
    )


class ConsentRepo:
    def __init__(self, db: Database) -> None:
        self._db = db

    def insert(self, c: ConsentRecord, recorded_at: str) -> None:
        self._db.execute(
            f"INSERT INTO consents ({_COLS}, recorded_at) VALUES ({_MARKS})",
            (
                c.id,
                c.case_id,
                c.giver_id,
                c.child_id,
                c.purpose.value,
                int(c.granted),
                c.form_version,
                c.given_on.isoformat(),
                c.method.value,
                c.evidence_blob_id,
                c.review_due.isoformat() if c.review_due else None,
                c.child_view,
                c.withdrawn_on.isoformat() if c.withdrawn_on else None,
                c.withdrawn_reason,
                c.lawful_basis,
                c.interpreter,
                c.accessible_version,
                recorded_at,
            ),
        )

    def for_case(self, case_id: str) -> list[ConsentRecord]:
        return [
            _record(r)
            for r in self._db.execute(
                f"SELECT {_COLS} FROM consents WHERE case_id = ? ORDER BY given_on, purpose",
                (case_id,),
            )
        ]

    def all(self) -> list[ConsentRecord]:
        return [
            _record(r)
            for r in self._db.execute(f"SELECT {_COLS} FROM consents ORDER BY case_id, given_on")
        ]

    def get(self, consent_id: str) -> ConsentRecord:
        row = self._db.one(f"SELECT {_COLS} FROM consents WHERE id = ?", (consent_id,))
        if row is None:
            raise NotFound(f"No consent record {consent_id}.")
        return _record(row)

    def withdraw(self, consent_id: str, on: date, reason: str) -> None:
        self._db.execute(
            "UPDATE consents SET withdrawn_on = ?, withdrawn_reason = ? WHERE id = ?",
            (on.isoformat(), reason, consent_id),
        )
