"""Letters (migration 0022): the synced record, the local text, the sealed envelope."""

from __future__ import annotations

from datetime import date
from typing import Any

from vigdesk.core.errors import NotFound
from vigdesk.core.letters import Letter, LetterStatus
from vigdesk.storage.db import Database

_COLS = (
    "id, case_id, template, title, author_id, author_name, created_at, status,"
    " sent_to_bso_at, delivered_on, delivered_method, delivered_by"
)


def _letter(r: tuple[Any, ...]) -> Letter:
    return Letter(
        id=r[0],
        case_id=r[1],
        template=r[2],
        title=r[3],
        author_id=r[4],
        author_name=r[5],
        created_at=r[6],
        status=LetterStatus(r[7]),
        sent_to_bso_at=r[8],
        delivered_on=date.fromisoformat(r[9]) if r[9] else None,
        delivered_method=r[10],
        delivered_by=r[11],
    )


class LetterRepo:
    """Call writes inside the caller's `transact()`."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def insert(self, letter: Letter, body_html: str) -> None:
        self._db.execute(
            f"INSERT INTO letters ({_COLS}) VALUES ({','.join('?' * 12)})",
            (
                letter.id,
                letter.case_id,
                letter.template,
                letter.title,
                letter.author_id,
                letter.author_name,
                letter.created_at,
                letter.status.value,
                letter.sent_to_bso_at,
                letter.delivered_on.isoformat() if letter.delivered_on else None,
                letter.delivered_method,
                letter.delivered_by,
            ),
        )
        self._db.execute(
            "INSERT INTO letter_texts (letter_id, body_html, updated_at) VALUES (?,?,?)",
            (letter.id, body_html, letter.created_at),
        )

    def get(self, letter_id: str) -> Letter:
        row = self._db.one(f"SELECT {_COLS} FROM letters WHERE id = ?", (letter_id,))
        if row is None:
            raise NotFound(f"No letter {letter_id[:8]} in this vault.")
        return _letter(row)

    def for_case(self, case_id: str) -> list[Letter]:
        rows = self._db.execute(
            f"SELECT {_COLS} FROM letters WHERE case_id = ? ORDER BY created_at, id", (case_id,)
        )
        return [_letter(r) for r in rows]

    def outbox(self) -> list[Letter]:
        """Letters sent to the BSO (waiting or sent), newest first."""
        rows = self._db.execute(
            f"SELECT {_COLS} FROM letters WHERE status != 'draft' ORDER BY sent_to_bso_at DESC, id"
        )
        return [_letter(r) for r in rows]

    def body(self, letter_id: str) -> str | None:
        """The letter's words, or None when they are not on this laptop (the BSO's)."""
        row = self._db.one("SELECT body_html FROM letter_texts WHERE letter_id = ?", (letter_id,))
        return None if row is None else str(row[0])

    def set_body(self, letter_id: str, body_html: str, at: str) -> None:
        self._db.execute(
            "UPDATE letter_texts SET body_html = ?, updated_at = ? WHERE letter_id = ?",
            (body_html, at, letter_id),
        )

    def mark_with_bso(self, letter_id: str, at: str, envelope: bytes) -> None:
        self._db.execute(
            "UPDATE letters SET status = 'with_bso', sent_to_bso_at = ? WHERE id = ?",
            (at, letter_id),
        )
        self._db.execute(
            "INSERT OR REPLACE INTO letter_envelopes (letter_id, data) VALUES (?, ?)",
            (letter_id, envelope),
        )

    def mark_sent(self, letter_id: str, on: date, method: str, by: str) -> None:
        self._db.execute(
            "UPDATE letters SET status = 'sent', delivered_on = ?, delivered_method = ?,"
            " delivered_by = ? WHERE id = ?",
            (on.isoformat(), method, by, letter_id),
        )

    def delete(self, letter_id: str) -> None:
        self._db.execute("DELETE FROM letters WHERE id = ?", (letter_id,))

    def envelopes(self) -> list[tuple[str, bytes]]:
        """Sealed letters waiting for a sync to write them to the site's outbox."""
        rows = self._db.execute("SELECT letter_id, data FROM letter_envelopes ORDER BY letter_id")
        return [(str(r[0]), bytes(r[1])) for r in rows]

    def envelope_published(self, letter_id: str) -> None:
        self._db.execute("DELETE FROM letter_envelopes WHERE letter_id = ?", (letter_id,))
