"""The erasure register (migration 0025): one record per erased person, with the site's
confirmation that no readable copy is left there. Runs in the caller's thread."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from vigdesk.storage.db import Database

_COLUMNS = (
    "person_id, case_id, case_code, initials, erased_on, erased_here, whole_case, reason,"
    " deleted, sync_records, on_site, rows, blobs, checked_at, waiting, confirmed_on"
)


@dataclass(frozen=True)
class Erasure:
    """`on_site`: the erased records had reached the site (the laptop is enrolled);
    `waiting`: device ids whose files on the share still held them at `checked_at`;
    `confirmed_on`: the day a sync found the share clear (None while pending)."""

    person_id: str
    case_id: str
    case_code: str
    initials: str
    erased_on: str
    erased_here: bool
    whole_case: bool
    reason: str
    deleted: dict[str, int]
    sync_records: int
    on_site: bool
    rows: tuple[tuple[str, str], ...] = ()
    blobs: tuple[str, ...] = ()
    checked_at: str | None = None
    waiting: tuple[str, ...] = field(default_factory=tuple)
    confirmed_on: str | None = None

    @property
    def pending(self) -> bool:
        return self.on_site and self.confirmed_on is None


def _of(row: tuple[Any, ...]) -> Erasure:
    return Erasure(
        str(row[0]),
        str(row[1]),
        str(row[2]),
        str(row[3]),
        str(row[4]),
        bool(row[5]),
        bool(row[6]),
        str(row[7]),
        {str(k): int(v) for k, v in json.loads(row[8]).items()},
        int(row[9]),
        bool(row[10]),
        tuple((str(t), str(k)) for t, k in json.loads(row[11])),
        tuple(str(b) for b in json.loads(row[12])),
        None if row[13] is None else str(row[13]),
        tuple(str(d) for d in json.loads(row[14])),
        None if row[15] is None else str(row[15]),
    )


class ErasureRepo:
    def __init__(self, db: Database) -> None:
        self._db = db

    def add(self, e: Erasure) -> None:
        """Record an erasure (caller's transaction); a second record of one person is
        ignored (the same erasure reaching a laptop twice)."""
        self._db.execute(
            f"INSERT OR IGNORE INTO erasures ({_COLUMNS}) VALUES"
            " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                e.person_id,
                e.case_id,
                e.case_code,
                e.initials,
                e.erased_on,
                int(e.erased_here),
                int(e.whole_case),
                e.reason,
                json.dumps(e.deleted, sort_keys=True),
                e.sync_records,
                int(e.on_site),
                json.dumps([list(r) for r in e.rows]),
                json.dumps(list(e.blobs)),
                e.checked_at,
                json.dumps(list(e.waiting)),
                e.confirmed_on,
            ),
        )

    def drop_received_if_held(self, person_ids: list[str]) -> int:
        """Forget registrations of erasures received from another laptop whose person
        is still here (the deletion was refused or waits); caller's transaction."""
        dropped = 0
        for person_id in person_ids:
            dropped += len(
                self._db.execute(
                    "DELETE FROM erasures WHERE person_id = ? AND erased_here = 0"
                    " AND EXISTS (SELECT 1 FROM people WHERE id = ?) RETURNING 1",
                    (person_id, person_id),
                )
            )
        return dropped

    def all(self) -> list[Erasure]:
        """Newest first."""
        rows = self._db.execute(
            f"SELECT {_COLUMNS} FROM erasures ORDER BY erased_on DESC, person_id"
        )
        return [_of(r) for r in rows]

    def get(self, person_id: str) -> Erasure | None:
        row = self._db.one(f"SELECT {_COLUMNS} FROM erasures WHERE person_id = ?", (person_id,))
        return None if row is None else _of(row)

    def pending(self) -> list[Erasure]:
        return [e for e in self.all() if e.pending]

    def checked(self, person_id: str, at: str, waiting: list[str]) -> None:
        """The share was searched at `at`: still held by `waiting`, or confirmed clear
        (today's date kept once) when nobody is (caller's transaction)."""
        self._db.execute(
            "UPDATE erasures SET checked_at = ?, waiting = ?,"
            " confirmed_on = CASE WHEN ? THEN coalesce(confirmed_on, ?) ELSE NULL END"
            " WHERE person_id = ?",
            (at, json.dumps(sorted(waiting)), int(not waiting), at[:10], person_id),
        )
