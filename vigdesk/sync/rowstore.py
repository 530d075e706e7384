"""Persisting merge state (`sync_rows`, with why a pending row waits) and the visible
conflict list (`sync_conflicts`).

Call inside the caller's transaction; thread-safe through the Database lock.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator

from vigdesk.storage.db import Database
from vigdesk.storage.training import keep_cycles
from vigdesk.sync.rowstate import Conflict, RowState

_STATE_COLUMNS = "tbl, pk, case_id, heads, fields, pending, reason"
CHUNK = 500  # keys per IN (...) query, well under SQLite's variable limit


def _state(row: tuple[object, ...]) -> RowState:
    table, pk, case_id, heads_json, fields_json, pending, reason = row
    fields = {c: (f[0], f[1], f[2]) for c, f in json.loads(str(fields_json)).items()}
    heads = json.loads(str(heads_json))
    return RowState(
        str(table),
        str(pk),
        str(case_id),
        dict(heads["live"]),
        fields,
        bool(pending),
        set(heads["replaced"]),
        str(reason),
    )


def load(db: Database, table: str, pk: str) -> RowState | None:
    row = db.one(f"SELECT {_STATE_COLUMNS} FROM sync_rows WHERE tbl = ? AND pk = ?", (table, pk))
    return None if row is None else _state(row)


def load_many(db: Database, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], RowState]:
    """The merge states of many (table, pk) keys at once (absent keys are left out):
    one query per table and chunk, not one per row (a new laptop applies thousands)."""
    by_table: dict[str, list[str]] = {}
    for table, pk in keys:
        by_table.setdefault(table, []).append(pk)
    found: dict[tuple[str, str], RowState] = {}
    for table, pks in by_table.items():
        for at in range(0, len(pks), CHUNK):
            chunk = pks[at : at + CHUNK]
            for row in db.execute(
                f"SELECT {_STATE_COLUMNS} FROM sync_rows WHERE tbl = ?"
                f" AND pk IN ({', '.join('?' * len(chunk))})",
                (table, *chunk),
            ):
                st = _state(row)
                found[(st.table, st.pk)] = st
    return found


def load_all(db: Database, *, pending: bool) -> Iterator[RowState]:
    """Every row that waits to be written (`pending`: its parent missing, a unique value
    clashing), or every row written here; one query, each state made as it is used."""
    rows = db.execute(f"SELECT {_STATE_COLUMNS} FROM sync_rows WHERE pending = ?", (pending,))
    return (_state(r) for r in rows)


def _params(st: RowState) -> tuple[object, ...]:
    return (
        st.table,
        st.pk,
        st.case_id,
        int(st.alive),
        json.dumps({"live": st.heads, "replaced": sorted(st.superseded)}, sort_keys=True),
        json.dumps({c: list(f) for c, f in st.fields.items()}, sort_keys=True),
        int(st.pending),
        st.reason if st.pending else "",
    )


_SAVE = (
    "INSERT INTO sync_rows (tbl, pk, case_id, alive, heads, fields, pending, reason)"
    " VALUES (?,?,?,?,?,?,?,?) ON CONFLICT(tbl, pk) DO UPDATE SET"
    " case_id = excluded.case_id, alive = excluded.alive, heads = excluded.heads,"
    " fields = excluded.fields, pending = excluded.pending, reason = excluded.reason"
)


def save(db: Database, st: RowState) -> None:
    db.execute(_SAVE, _params(st))


def save_many(db: Database, states: Iterable[RowState]) -> None:
    """Save in chunks: the JSON of every state of a new laptop's first sync at once would
    be a second copy of the whole site in memory."""
    batch: list[tuple[object, ...]] = []
    for st in states:
        batch.append(_params(st))
        if len(batch) == CHUNK:
            db.executemany(_SAVE, batch)
            batch = []
    if batch:
        db.executemany(_SAVE, batch)


def reason_for(error: str) -> str:
    """The code saved for a row SQLite refused (`sqlite3.IntegrityError` text in, no
    values in it): "parent" (a row it refers to is missing), "unique:<table>.<column>,…"
    or "unique:index:<name>" (a value another row here already has), "invalid:<what>"."""
    if error.startswith("FOREIGN KEY"):
        return "parent"
    if error.startswith("UNIQUE constraint failed: "):
        what = error.removeprefix("UNIQUE constraint failed: ")
        if what.startswith("index "):
            return "unique:index:" + what.removeprefix("index ").strip("'\"")
        return "unique:" + ",".join(part.strip() for part in what.split(","))
    return "invalid:" + error


def conflict_id(c: Conflict) -> str:
    stamps = sorted((c.kept_stamp, c.other_stamp))
    text = "\x00".join((c.table, c.pk, c.column, *stamps))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def record_conflicts(db: Database, conflicts: list[Conflict], at: str) -> None:
    for c in conflicts:
        db.execute(
            "INSERT OR IGNORE INTO sync_conflicts (id, tbl, pk, case_id, col, kept_value,"
            " kept_hlc, other_value, other_hlc, detected_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (
                conflict_id(c),
                c.table,
                c.pk,
                c.case_id,
                c.column,
                json.dumps(c.kept),
                c.kept_stamp,
                json.dumps(c.other),
                c.other_stamp,
                at,
            ),
        )


def close_conflicts(db: Database, table: str, pk: str, columns: list[str], at: str) -> None:
    """A later edit made in sequence settles any open conflict on those fields."""
    for column in columns:
        db.execute(
            "UPDATE sync_conflicts SET settled_at = ?, resolution = 'superseded'"
            " WHERE tbl = ? AND pk = ? AND col = ? AND settled_at IS NULL",
            (at, table, pk, column),
        )


def settle_from_peers(db: Database) -> None:
    """Close local conflicts that another device settled (same deterministic id)."""
    db.execute(
        "UPDATE sync_conflicts SET settled_at = s.settled_at, resolution = s.choice"
        " FROM conflict_settlements s WHERE s.id = sync_conflicts.id"
        " AND sync_conflicts.settled_at IS NULL"
    )


def purge_case(db: Database, case_id: str) -> list[str]:
    """Forget every sync record of a shredded case; returns the blob ids it knew."""
    blob_ids = [
        json.loads(r[0])[0]
        for r in db.execute(
            "SELECT pk FROM sync_rows WHERE case_id = ? AND tbl = 'blobs'", (case_id,)
        )
    ]
    blob_ids += [
        str(r[0]) for r in db.execute("SELECT id FROM blobs WHERE case_id = ?", (case_id,))
    ]
    for sql in (
        "DELETE FROM sync_rows WHERE case_id = ?",
        "DELETE FROM sync_conflicts WHERE case_id = ?",
        "DELETE FROM sync_outbox WHERE scope = 'case' AND scope_id = ?",
        "DELETE FROM sync_deferred WHERE scope_id = ?",
        "DELETE FROM sync_case_keys WHERE case_id = ?",
        "DELETE FROM sync_wraps WHERE case_id = ?",
        "DELETE FROM sync_case_epochs WHERE case_id = ?",
        "DELETE FROM sync_case_teams WHERE case_id = ?",
        "DELETE FROM sync_epoch_wraps WHERE case_id = ?",
        "DELETE FROM sync_held_back WHERE case_id = ?",
        "DELETE FROM sync_deferred WHERE scope_id LIKE ? || '.%'",
    ):
        db.execute(sql, (case_id,))
    return sorted(set(blob_ids))


def remove_case(db: Database, case_id: str) -> list[str]:
    """Delete a case, its rows (by cascade), key and sync records from this vault; returns
    the blob ids whose files the caller unlinks after committing. A trainee's cycles with
    the family are kept first, anonymously."""
    keep_cycles(db, case_id)
    blob_ids = purge_case(db, case_id)
    db.execute("DELETE FROM cases WHERE id = ?", (case_id,))  # cascades, key too
    db.execute("DELETE FROM case_keys WHERE case_id = ?", (case_id,))
    return blob_ids
