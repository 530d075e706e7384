"""Subject access register rows ↔ core.subject_requests.SubjectRequest. Writes join the
caller's transaction."""

from __future__ import annotations

from datetime import date
from typing import Any

from vigdesk.core.errors import NotFound
from vigdesk.core.subject_requests import Delivery, RequestStatus, SubjectRequest
from vigdesk.storage.db import Database

_COLS = (
    "id, case_id, person_id, person_initials, requester, received_on, identity_check, scope,"
    " extension_months, extension_reason, status, answered_on, sent_what, delivery, note,"
    " recorded_by, created_at"
)


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _request(r: tuple[Any, ...]) -> SubjectRequest:
    received = _day(r[5])
    assert received is not None
    return SubjectRequest(
        id=r[0],
        case_id=r[1],
        person_id=r[2],
        person_initials=r[3],
        requester=r[4],
        received_on=received,
        identity_check=r[6],
        scope=r[7],
        extension_months=int(r[8]),
        extension_reason=r[9],
        status=RequestStatus(r[10]),
        answered_on=_day(r[11]),
        sent_what=r[12],
        delivery=Delivery(r[13]) if r[13] else None,
        note=r[14],
        recorded_by=r[15],
        created_at=r[16],
    )


def _row(q: SubjectRequest) -> tuple[Any, ...]:
    return (
        q.id,
        q.case_id,
        q.person_id,
        q.person_initials,
        q.requester,
        q.received_on.isoformat(),
        q.identity_check,
        q.scope,
        q.extension_months,
        q.extension_reason,
        q.status.value,
        q.answered_on.isoformat() if q.answered_on else None,
        q.sent_what,
        q.delivery.value if q.delivery else None,
        q.note,
        q.recorded_by,
        q.created_at,
    )


class SubjectRequestRepo:
    def __init__(self, db: Database) -> None:
        self._db = db

    def insert(self, q: SubjectRequest) -> None:
        self._db.execute(
            f"INSERT INTO subject_requests ({_COLS}) VALUES ({', '.join('?' * 17)})", _row(q)
        )

    def save(self, q: SubjectRequest) -> None:
        """Rewrite every field but the id, case and creation (sync sends only changes)."""
        names = [c.strip() for c in _COLS.split(",")]
        sets = ", ".join(f"{n} = ?" for n in names[2:-2])
        self._db.execute(f"UPDATE subject_requests SET {sets} WHERE id = ?", (*_row(q)[2:-2], q.id))

    def get(self, request_id: str) -> SubjectRequest:
        row = self._db.one(f"SELECT {_COLS} FROM subject_requests WHERE id = ?", (request_id,))
        if row is None:
            raise NotFound(f"No subject access request with id {request_id}.")
        return _request(row)

    def all(self) -> list[SubjectRequest]:
        return self._select("1", ())

    def for_person(self, person_id: str) -> list[SubjectRequest]:
        return self._select("person_id = ?", (person_id,))

    def _select(self, where: str, params: tuple[Any, ...]) -> list[SubjectRequest]:
        return [
            _request(r)
            for r in self._db.execute(
                f"SELECT {_COLS} FROM subject_requests WHERE {where}"
                " ORDER BY received_on, created_at, id",
                params,
            )
        ]
