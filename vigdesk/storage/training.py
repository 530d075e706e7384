"""The trainee's accreditation log: cycles kept under anonymous client tokens, and the
supervision log (migration 0024).

`keep_cycles` turns the sessions on this laptop into cycle rows; every path that deletes
a case calls it first (retention, shred, taken off a case), so the counts survive the
family's records while holding no case id, code or name.
"""

from __future__ import annotations

import json
from datetime import date

from vigdesk.core.accreditation import (
    Cycle,
    Supervision,
    SupervisionFormat,
    TrainingSession,
    count_cycles,
)
from vigdesk.core.errors import NotFound
from vigdesk.core.ids import new_id
from vigdesk.storage.db import Database, Row


def keep_cycles(db: Database, case_id: str | None = None) -> int:
    """Bring the cycle rows up to date with the sessions of one case (or all); returns
    how many cycles are new. Call inside the caller's transaction when deleting.

    A cycle whose review session was deleted while its family is still here is removed
    (the practitioner took the session back); one whose family is gone stays.
    """
    where, params = ("WHERE case_id = ?", (case_id,)) if case_id else ("", ())
    sessions = [
        TrainingSession(str(r[0]), str(r[1]), str(r[2]), held_on)
        for r in db.execute(f"SELECT id, case_id, kind, held_on FROM sessions {where}", params)
        if (held_on := _day(r[3])) is not None
    ]
    closing = {c.review_id: c for c in count_cycles(sessions)}
    known = {
        str(r[0]): str(r[1])
        for r in db.execute(
            "SELECT r.session_id, r.cycle_id FROM training_cycle_reviews r"
            " JOIN sessions s ON s.id = r.session_id " + where.replace("case_id", "s.case_id"),
            params,
        )
    }
    added = 0
    with db.transact():
        for review_id, cycle_id in known.items():
            if review_id not in closing:  # an edit: that review no longer closes a cycle
                db.execute("DELETE FROM training_cycles WHERE id = ?", (cycle_id,))
        for review_id, cycle in closing.items():
            token = _token(db, cycle.client)
            row = (token, cycle.filmed_on.isoformat(), cycle.reviewed_on.isoformat())
            if review_id in known:
                db.execute(
                    "UPDATE training_cycles SET client = ?, filmed_on = ?, reviewed_on = ?"
                    " WHERE id = ?",
                    (*row, known[review_id]),
                )
            else:
                cycle_id = new_id()
                db.execute("INSERT INTO training_cycles VALUES (?,?,?,?)", (cycle_id, *row))
                db.execute("INSERT INTO training_cycle_reviews VALUES (?,?)", (review_id, cycle_id))
                added += 1
        # Reviews deleted one by one while the family is still here.
        db.execute(
            "DELETE FROM training_cycles WHERE id NOT IN"
            " (SELECT cycle_id FROM training_cycle_reviews)"
            " AND client IN (SELECT token FROM training_clients"
            + (" WHERE case_id = ?)" if case_id else ")"),
            params,
        )
    return added


def _day(value: object) -> date | None:
    """A session's date, or None for one that does not parse (a synced row is hostile
    input: counting cycles must never stop a case from being deleted)."""
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def _token(db: Database, case_id: str) -> str:
    db.execute(
        "INSERT INTO training_clients VALUES (?, ?) ON CONFLICT(case_id) DO NOTHING",
        (case_id, new_id()),
    )
    return str(db.scalar("SELECT token FROM training_clients WHERE case_id = ?", (case_id,)))


def cycles(db: Database) -> list[Cycle]:
    """Every cycle kept, by client token (the review id is the cycle's own id)."""
    return [
        Cycle(
            str(r[1]),
            date.fromisoformat(str(r[2])),
            date.fromisoformat(str(r[3])),
            str(r[0]),
        )
        for r in db.execute(
            "SELECT id, client, filmed_on, reviewed_on FROM training_cycles"
            " ORDER BY reviewed_on, id"
        )
    ]


class SupervisionRepo:
    def __init__(self, db: Database) -> None:
        self._db = db

    def insert(self, s: Supervision, created_at: str) -> None:
        self._db.execute(
            "INSERT INTO supervision_log VALUES (?,?,?,?,?,?,?,?)",
            (
                s.id,
                s.held_on.isoformat(),
                s.minutes,
                s.supervisor,
                s.format.value,
                json.dumps(list(s.watched)),
                s.learning,
                created_at,
            ),
        )

    def delete(self, supervision_id: str) -> Supervision:
        found = self.get(supervision_id)
        self._db.execute("DELETE FROM supervision_log WHERE id = ?", (supervision_id,))
        return found

    def get(self, supervision_id: str) -> Supervision:
        rows = self._db.execute(_SELECT + " WHERE id = ?", (supervision_id,))
        if not rows:
            raise NotFound("No such supervision entry.")
        return _supervision(rows[0])

    def all(self) -> list[Supervision]:
        return [_supervision(r) for r in self._db.execute(_SELECT + " ORDER BY held_on, id")]


_SELECT = "SELECT id, held_on, minutes, supervisor, format, watched, learning FROM supervision_log"


def _supervision(row: Row) -> Supervision:
    return Supervision(
        id=str(row[0]),
        held_on=date.fromisoformat(str(row[1])),
        minutes=int(row[2]),
        supervisor=str(row[3]),
        format=SupervisionFormat(str(row[4])),
        watched=tuple(str(w) for w in json.loads(str(row[5]))),
        learning=str(row[6]),
    )
