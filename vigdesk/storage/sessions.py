"""Session, session-media and helping-question rows ↔ core.sessions. Callers audit."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from vigdesk.core.errors import NotFound
from vigdesk.core.ids import MediaId
from vigdesk.core.sessions import HelpingQuestion, HelpingRating, Session, SessionKind
from vigdesk.storage.db import Database

_SESSION_COLS = "id, case_id, kind, held_on, notes, summary, created_at, updated_at"
_QUESTION_COLS = "id, case_id, text, agreed_on, created_at"
_RATING_COLS = "id, question_id, rated_by, score, rated_on, session_id"


def _rating(r: tuple[Any, ...]) -> HelpingRating:
    return HelpingRating(r[0], r[1], r[2], int(r[3]), date.fromisoformat(r[4]), r[5])


class SessionRepo:
    def __init__(self, db: Database) -> None:
        self._db = db

    def _session(self, r: tuple[Any, ...], media: tuple[str, ...]) -> Session:
        return Session(
            id=r[0],
            case_id=r[1],
            kind=SessionKind(r[2]),
            held_on=date.fromisoformat(r[3]),
            notes=r[4],
            summary=r[5],
            media_ids=tuple(MediaId(m) for m in media),
            created_at=r[6],
            updated_at=r[7],
        )

    def insert(self, s: Session) -> None:
        self._db.execute(
            f"INSERT INTO sessions ({_SESSION_COLS}) VALUES (?,?,?,?,?,?,?,?)",
            (
                s.id,
                s.case_id,
                s.kind.value,
                s.held_on.isoformat(),
                s.notes,
                s.summary,
                s.created_at,
                s.updated_at,
            ),
        )
        self.link(s.id, s.media_ids)

    def update(self, s: Session) -> None:
        """Write kind, date, notes, summary and updated_at (media links are separate)."""
        self._db.execute(
            "UPDATE sessions SET kind = ?, held_on = ?, notes = ?, summary = ?, updated_at = ?"
            " WHERE id = ?",
            (s.kind.value, s.held_on.isoformat(), s.notes, s.summary, s.updated_at, s.id),
        )

    def link(self, session_id: str, media_ids: tuple[str, ...]) -> None:
        self._db.executemany(
            "INSERT OR IGNORE INTO session_media (session_id, media_id) VALUES (?, ?)",
            [(session_id, m) for m in media_ids],
        )

    def unlink(self, session_id: str, media_id: str) -> None:
        self._db.execute(
            "DELETE FROM session_media WHERE session_id = ? AND media_id = ?",
            (session_id, media_id),
        )

    def _media(self, where: str, param: str) -> dict[str, tuple[str, ...]]:
        found: dict[str, list[str]] = defaultdict(list)
        for sid, mid in self._db.execute(
            "SELECT sm.session_id, sm.media_id FROM session_media sm"
            f" JOIN sessions s ON s.id = sm.session_id WHERE {where} = ? ORDER BY sm.rowid",
            (param,),
        ):
            found[sid].append(mid)
        return {k: tuple(v) for k, v in found.items()}

    def get(self, session_id: str) -> Session:
        row = self._db.one(f"SELECT {_SESSION_COLS} FROM sessions WHERE id = ?", (session_id,))
        if row is None:
            raise NotFound(f"No session with id {session_id}.")
        return self._session(row, self._media("s.id", session_id).get(session_id, ()))

    def for_case(self, case_id: str) -> list[Session]:
        """Oldest first (the order of the VIG cycles)."""
        media = self._media("s.case_id", case_id)
        rows = self._db.execute(
            f"SELECT {_SESSION_COLS} FROM sessions WHERE case_id = ? ORDER BY held_on, created_at",
            (case_id,),
        )
        return [self._session(r, media.get(r[0], ())) for r in rows]


class HelpingRepo:
    def __init__(self, db: Database) -> None:
        self._db = db

    def insert_question(self, q: HelpingQuestion) -> None:
        self._db.execute(
            f"INSERT INTO helping_questions ({_QUESTION_COLS}) VALUES (?,?,?,?,?)",
            (q.id, q.case_id, q.text, q.agreed_on.isoformat(), q.created_at),
        )

    def insert_rating(self, r: HelpingRating, recorded_at: str) -> None:
        self._db.execute(
            f"INSERT INTO helping_ratings ({_RATING_COLS}, recorded_at) VALUES (?,?,?,?,?,?,?)",
            (
                r.id,
                r.question_id,
                r.rated_by,
                r.score,
                r.rated_on.isoformat(),
                r.session_id,
                recorded_at,
            ),
        )

    def rating_exists(self, question_id: str, rated_by: str, session_id: str | None) -> bool:
        return (
            self._db.one(
                "SELECT 1 FROM helping_ratings WHERE question_id = ? AND rated_by = ?"
                " AND coalesce(session_id, '') = ?",
                (question_id, rated_by, session_id or ""),
            )
            is not None
        )

    def question(self, question_id: str) -> HelpingQuestion:
        found = self._questions("id = ?", (question_id,))
        if not found:
            raise NotFound(f"No helping question with id {question_id}.")
        return found[0]

    def for_case(self, case_id: str) -> list[HelpingQuestion]:
        return self._questions("case_id = ?", (case_id,))

    def every(self) -> list[HelpingQuestion]:
        """All cases' questions with ratings (for the service summary)."""
        return self._questions("1 = 1", ())

    def _questions(self, where: str, params: tuple[str, ...]) -> list[HelpingQuestion]:
        rows = self._db.execute(
            f"SELECT {_QUESTION_COLS} FROM helping_questions WHERE {where}"
            " ORDER BY agreed_on, created_at",
            params,
        )
        ratings: dict[str, list[HelpingRating]] = defaultdict(list)
        for r in self._db.execute(
            f"SELECT {_RATING_COLS} FROM helping_ratings WHERE question_id IN"
            f" (SELECT id FROM helping_questions WHERE {where}) ORDER BY rated_on, recorded_at",
            params,
        ):
            ratings[r[1]].append(_rating(r))
        return [
            HelpingQuestion(
                id=q[0],
                case_id=q[1],
                text=q[2],
                agreed_on=date.fromisoformat(q[3]),
                created_at=q[4],
                ratings=tuple(ratings.get(q[0], ())),
            )
            for q in rows
        ]
