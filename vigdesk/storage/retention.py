"""Facts for the retention rules, legal holds, sweep runs, and the shredding deletes."""

from __future__ import annotations

from datetime import date

from vigdesk.core.retention import CaseFacts, Hold, MediaFacts, SweepRun
from vigdesk.storage.db import Database
from vigdesk.storage.training import keep_cycles


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text[:10]) if text else None


class RetentionRepo:
    def __init__(self, db: Database) -> None:
        self._db = db

    def facts(self) -> list[CaseFacts]:
        """One snapshot of everything the rules look at, in a few queries."""
        children: dict[str, list[date]] = {}
        for case_id, born in self._db.execute(
            "SELECT case_id, date_of_birth FROM people WHERE kind = 'child'"
            " AND date_of_birth IS NOT NULL"
        ):
            children.setdefault(case_id, []).append(date.fromisoformat(born))
        withdrawn: dict[str, str] = dict(
            self._db.execute(
                "SELECT case_id, min(withdrawn_on) FROM consents WHERE purpose = 'keep'"
                " AND withdrawn_on IS NOT NULL GROUP BY case_id"
            )
        )
        holds = {row[0] for row in self._db.execute("SELECT case_id FROM legal_holds")}
        last_session: dict[str, str] = dict(
            self._db.execute("SELECT case_id, max(held_on) FROM sessions GROUP BY case_id")
        )
        reasons: dict[str, str] = dict(
            self._db.execute("SELECT case_id, ask_again_on FROM case_open_reasons")
        )
        training_media = {
            row[0]
            for row in self._db.execute(
                "SELECT m.media_id FROM export_media m JOIN exports e ON e.id = m.export_id"
                " WHERE e.purpose = 'training' AND e.recalled_on IS NULL"
            )
        }
        training: dict[str, tuple[str | None, str | None]] = {
            cid: (given, ended)
            for cid, given, ended in self._db.execute(
                "SELECT case_id, min(CASE WHEN granted = 1 THEN given_on END),"
                " min(CASE WHEN granted = 0 THEN given_on ELSE withdrawn_on END)"
                " FROM consents WHERE purpose = 'training' GROUP BY case_id"
            )
        }
        unwritten: dict[str, list[str]] = {}
        for media_id, session_id in self._db.execute(
            "SELECT l.media_id, s.id FROM session_media l JOIN sessions s ON s.id = l.session_id"
            " WHERE s.kind IN ('shared_review', 'final_review') AND trim(s.summary) = ''"
            " AND s.summary_waived_on IS NULL ORDER BY s.held_on"
        ):
            unwritten.setdefault(media_id, []).append(session_id)
        summarised: dict[str, str] = dict(
            self._db.execute(
                "SELECT l.media_id, max(s.held_on) FROM session_media l"
                " JOIN sessions s ON s.id = l.session_id"
                " WHERE s.kind IN ('shared_review', 'final_review') AND trim(s.summary) != ''"
                " GROUP BY l.media_id"
            )
        )
        media: dict[str, list[MediaFacts]] = {}
        for mid, case_id, kind, created, source in self._db.execute(
            "SELECT id, case_id, kind, created_at, source_media_id FROM media"
        ):
            media.setdefault(case_id, []).append(
                MediaFacts(
                    mid,
                    kind,
                    date.fromisoformat(created[:10]),
                    source,
                    reviews_without_summary=tuple(unwritten.get(mid, ())),
                    training=mid in training_media,
                    summarised_review_on=_day(summarised.get(mid)),
                )
            )
        return [
            CaseFacts(
                id=cid,
                code=code,
                closed_on=date.fromisoformat(closed) if closed else None,
                children_born=tuple(children.get(cid, ())),
                keep_withdrawn_on=date.fromisoformat(withdrawn[cid]) if cid in withdrawn else None,
                on_hold=cid in holds,
                media=tuple(media.get(cid, ())),
                opened_on=date.fromisoformat(referred[:10]),
                last_session_on=_day(last_session.get(cid)),
                open_reason_until=_day(reasons.get(cid)),
                training_given_on=_day(training.get(cid, (None, None))[0]),
                training_ends_on=_day(training.get(cid, (None, None))[1]),
            )
            for cid, code, closed, referred in self._db.execute(
                "SELECT id, code, closed_on, coalesce(referral_date, created_at) FROM cases"
            )
        ]

    def training_given_on(self, case_id: str) -> date | None:
        """When the case's training consent in force was first given (None: not in force)."""
        return _day(
            self._db.scalar(
                "SELECT min(given_on) FROM consents WHERE case_id = ? AND purpose = 'training'"
                " AND granted = 1 AND withdrawn_on IS NULL",
                (case_id,),
            )
        )

    # -- why an inactive case stays open -------------------------------------------------------

    def set_open_reason(self, case_id: str, reason: str, by: str, at: str, again: date) -> None:
        self._db.execute(
            "INSERT INTO case_open_reasons VALUES (?,?,?,?,?) ON CONFLICT(case_id) DO UPDATE"
            " SET reason = excluded.reason, set_by = excluded.set_by, set_at = excluded.set_at,"
            " ask_again_on = excluded.ask_again_on",
            (case_id, reason, by, at, again.isoformat()),
        )

    # -- deletes (call inside a transaction) --------------------------------------------------

    def delete_media(self, media_id: str) -> list[str]:
        """Remove a media row and its blob rows (keys); returns the blob ids to unlink."""
        row = self._db.one("SELECT blob_id, thumb_blob_id FROM media WHERE id = ?", (media_id,))
        if row is None:
            return []
        blob_ids = [b for b in row if b]
        self._db.execute("DELETE FROM media WHERE id = ?", (media_id,))
        self._db.executemany("DELETE FROM blobs WHERE id = ?", [(b,) for b in blob_ids])
        return blob_ids

    def delete_case(self, case_id: str) -> list[str]:
        """Destroy the case key first, then every row of the case; returns blob ids.
        A trainee's cycles with the family are kept first, anonymously."""
        keep_cycles(self._db, case_id)
        blob_ids = [
            r[0] for r in self._db.execute("SELECT id FROM blobs WHERE case_id = ?", (case_id,))
        ]
        self._db.execute("DELETE FROM case_keys WHERE case_id = ?", (case_id,))
        self._db.execute("DELETE FROM media WHERE case_id = ?", (case_id,))
        self._db.execute("DELETE FROM consents WHERE case_id = ?", (case_id,))
        self._db.execute("DELETE FROM cases WHERE id = ?", (case_id,))
        return blob_ids

    def review_case(self, session_id: str) -> str | None:
        """The case of a shared or final review session (None: no such review)."""
        found = self._db.scalar(
            "SELECT case_id FROM sessions WHERE id = ? AND kind IN ('shared_review',"
            " 'final_review')",
            (session_id,),
        )
        return None if found is None else str(found)

    def waive_summary(self, session_id: str, line: str, on: date, at: str) -> None:
        """Let the review's video go without a written summary; `line` (the reason) is
        appended to its notes."""
        self.note_deleted_without_summary(session_id, line, at)
        self._db.execute(
            "UPDATE sessions SET summary_waived_on = ? WHERE id = ?", (on.isoformat(), session_id)
        )

    def note_deleted_without_summary(self, session_id: str, line: str, at: str) -> None:
        """Append `line` to a review session's notes: the written trace that outlives
        the video (sessions live on the case-record schedule)."""
        self._db.execute(
            "UPDATE sessions SET notes = CASE WHEN notes = '' THEN ? ELSE notes || char(10) || ?"
            " END, updated_at = ? WHERE id = ?",
            (line, line, at, session_id),
        )

    # -- holds and runs ------------------------------------------------------------------------

    def set_hold(self, case_id: str, reason: str, by: str, at: str) -> None:
        self._db.execute(
            "INSERT INTO legal_holds VALUES (?,?,?,?) ON CONFLICT(case_id) DO UPDATE SET"
            " reason = excluded.reason, set_by = excluded.set_by, set_at = excluded.set_at",
            (case_id, reason, by, at),
        )

    def release_hold(self, case_id: str) -> bool:
        existed = self._db.one("SELECT 1 FROM legal_holds WHERE case_id = ?", (case_id,))
        self._db.execute("DELETE FROM legal_holds WHERE case_id = ?", (case_id,))
        return existed is not None

    def holds(self) -> list[Hold]:
        return [
            Hold(*r)
            for r in self._db.execute(
                "SELECT case_id, reason, set_by, set_at FROM legal_holds ORDER BY set_at"
            )
        ]

    def start_run(self, at: str, dry_run: bool) -> int:
        self._db.execute(
            "INSERT INTO retention_runs (started_at, dry_run) VALUES (?, ?)", (at, int(dry_run))
        )
        return int(self._db.scalar("SELECT max(id) FROM retention_runs"))

    def finish_run(
        self, run_id: int, at: str, deleted: int, held: int, failed: int, message: str
    ) -> None:
        self._db.execute(
            "UPDATE retention_runs SET finished_at = ?, deleted = ?, held = ?, failed = ?,"
            " message = ? WHERE id = ?",
            (at, deleted, held, failed, message, run_id),
        )

    def last_run(self) -> SweepRun | None:
        row = self._db.one(
            "SELECT started_at, finished_at, dry_run, deleted, held, failed, message"
            " FROM retention_runs WHERE dry_run = 0 ORDER BY id DESC LIMIT 1"
        )
        return None if row is None else SweepRun(row[0], row[1], bool(row[2]), *row[3:])
