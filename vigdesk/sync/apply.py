"""Applying merged changes from other devices to the vault's tables.

Shreds go first and win over everything in their case. Row changes are merged in stamp
order into the merge state; rows whose state changed are then written parents-first
(upsert, never REPLACE, which would cascade) and deletions children-first. A row that
cannot be written yet (its parent is missing, or a unique value clashes) stays
*pending*, with the reason saved for the waiting list, and is retried at every sync.
Runs inside the caller's transaction.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field

import sqlcipher3

from vigdesk.storage.db import Database
from vigdesk.storage.sync_state import SyncState
from vigdesk.sync import rowstore
from vigdesk.sync.authority import Authority, Refusal, describe
from vigdesk.sync.capture import queue_share_delete
from vigdesk.sync.changes import RowChange, Shred, entry_from_json
from vigdesk.sync.codec import canonical, decode_value
from vigdesk.sync.rowstate import RowState, merge
from vigdesk.sync.schema import RANK, SPECS, columns

LINKS = {"media_id": "media", "session_id": "sessions", "source_media_id": "media"}
"""Columns naming a case-owned row: a synced row may only name rows of its own case."""


@dataclass
class ApplyResult:
    rows: int = 0
    deleted: int = 0
    conflicts: int = 0
    pending: int = 0
    shredded: list[str] = field(default_factory=list)
    deleted_blobs: list[str] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)


@dataclass(frozen=True)
class Authored:
    """A change and the member whose signed journal carried it."""

    entry: RowChange | Shred
    author: str
    device: str = ""


class Applier:
    def __init__(self, db: Database, state: SyncState, at: str, authority: Authority) -> None:
        self._db = db
        self._state = state
        self._at = at
        self._authority = authority
        self._columns: dict[str, tuple[str, ...]] = {}
        self._owners: dict[tuple[str, object], object] = {}  # (table, id) -> its case here
        self.result = ApplyResult()

    def apply(self, items: Iterable[Authored]) -> ApplyResult:
        """Everything in clock order, shreds included: whether a member may shred a
        case depends on the team as the changes before it left it (a practitioner
        taken off a family, then shredding it offline, is refused by every laptop)."""
        db = self._db
        ordered = sorted([*items, *self._released()], key=lambda a: a.entry.stamp)
        shredded = {r[0] for r in db.execute("SELECT case_id FROM sync_shredded")}
        states: dict[tuple[str, str], RowState] = {}
        known = rowstore.load_many(
            db,
            {
                (i.entry.table, i.entry.pk)
                for i in ordered
                if isinstance(i.entry, RowChange) and i.entry.case_id not in shredded
            },
        )
        for item in ordered:
            change = item.entry
            if isinstance(change, Shred):
                case_id = change.case_id
                if case_id in shredded:
                    continue
                if self._authority.may_shred(item.author, case_id):
                    self._shred(change)  # forgets the case's merge states in the vault
                    shredded.add(case_id)
                    for key in [k for k, st in states.items() if st.case_id == case_id]:
                        del states[key]
                elif self._authority.held(case_id):
                    self._refuse(item, case_id, "delete the whole of")
                continue
            if change.case_id in shredded:
                continue
            if self._authority.undecided(item.author, change):
                self._hold_back(item, change)
                continue
            if not self._authority.may_apply(item.author, change):
                self._refuse(item, change.case_id, describe(change))
                continue
            key = (change.table, change.pk)
            st = states.get(key) or known.get(key) or RowState(*key, change.case_id)
            if st.case_id != change.case_id or self._links_elsewhere(change):
                self._refuse(item, change.case_id, "link a record to another family's")
                continue
            states[key] = st
            outcome = merge(st, change)
            if outcome.conflicts:
                rowstore.record_conflicts(db, outcome.conflicts, self._at)
                self.result.conflicts += len(outcome.conflicts)
            if outcome.superseded:
                rowstore.close_conflicts(db, change.table, change.pk, outcome.superseded, self._at)
            if outcome.changed:
                st.pending = True  # written below
        for waiting in rowstore.load_all(db, pending=True):
            states.setdefault((waiting.table, waiting.pk), waiting)
        self._write([s for s in states.values() if s.pending])
        rowstore.save_many(db, states.values())
        self.result.pending = sum(1 for s in states.values() if s.pending)
        return self.result

    def _links_elsewhere(self, change: RowChange) -> bool:
        """Whether the change names footage, a clip or a session of another case: a
        member of one family's team must not reach into another's records (a marker or
        a review recording on someone else's video) through a row of their own case."""
        spec = SPECS[change.table]
        named = dict(zip(spec.pk, json.loads(change.pk), strict=True))
        for column, (value, *_) in change.fields.items():
            named.setdefault(column, decode_value(value))
        for column, table in LINKS.items():
            target = named.get(column)
            if target is None:
                continue
            if (table, target) not in self._owners:  # nothing writes these until `_write`
                self._owners[(table, target)] = self._db.scalar(
                    f"SELECT case_id FROM {table} WHERE id = ?", (target,)
                )
            owner = self._owners[(table, target)]
            if owner is not None and owner != change.case_id:
                return True
        return False

    def _hold_back(self, item: Authored, change: RowChange) -> None:
        self._db.execute(
            "INSERT INTO sync_held_back (case_id, author, device, entry) VALUES (?, ?, ?, ?)",
            (change.case_id, item.author, item.device, canonical(change.to_json()).decode()),
        )

    def _released(self) -> list[Authored]:
        """Held-back changes whose case this laptop now holds (removed from the table)."""
        released = []
        for row_id, case_id, author, device, entry in self._db.execute(
            "SELECT id, case_id, author, device, entry FROM sync_held_back ORDER BY id"
        ):
            if self._authority.held(str(case_id)):
                released.append(Authored(entry_from_json(json.loads(entry)), author, device))
                self._db.execute("DELETE FROM sync_held_back WHERE id = ?", (row_id,))
        return released

    def _refuse(self, item: Authored, case_id: str, what: str) -> None:
        self.result.refused.append(Refusal(item.device, item.author, case_id, what))

    def _shred(self, shred: Shred) -> None:
        db = self._db
        db.execute(
            "INSERT OR IGNORE INTO sync_shredded VALUES (?, ?)", (shred.case_id, shred.stamp)
        )
        blob_ids = rowstore.remove_case(db, shred.case_id)
        for blob_id in blob_ids:
            queue_share_delete(db, "case_blob", blob_id)
        queue_share_delete(db, "case", shred.case_id)
        self.result.deleted_blobs += blob_ids
        self.result.shredded.append(shred.case_id)

    def _write(self, dirty: list[RowState]) -> None:
        alive = sorted((s for s in dirty if s.alive), key=lambda s: (RANK[s.table], min(s.heads)))
        dead = sorted((s for s in dirty if not s.alive), key=lambda s: -RANK[s.table])
        for st in dead:
            self._delete(st)
        todo = alive
        for _ in range(3):  # a row may need one written later in the same batch
            todo = [st for st in todo if not self._upsert(st)]
            if not todo or len(todo) == len(alive):
                break
            alive = todo

    def _delete(self, st: RowState) -> None:
        spec = SPECS[st.table]
        where = " AND ".join(f"{c} = ?" for c in spec.pk)
        keys = json.loads(st.pk)
        if self._db.one(f"SELECT 1 FROM {st.table} WHERE {where}", keys) is not None:
            self._db.execute(f"DELETE FROM {st.table} WHERE {where}", keys)
            self.result.rows += 1
            self.result.deleted += 1
            if st.table == "blobs":
                self.result.deleted_blobs.append(str(keys[0]))
                queue_share_delete(self._db, "blob", str(keys[0]))  # a copy sent back too
        st.pending = False

    def _upsert(self, st: RowState) -> bool:
        spec = SPECS[st.table]
        if st.table not in self._columns:
            self._columns[st.table] = columns(self._db, st.table)
        cols = [c for c in self._columns[st.table] if c in st.fields]
        if not set(spec.pk) <= set(cols):
            st.reason = "incomplete"  # an edit arrived before the row it edits
            return False
        values = [decode_value(st.fields[c][0]) for c in cols]
        others = [c for c in cols if c not in spec.pk]
        action = (
            "DO UPDATE SET " + ", ".join(f"{c} = excluded.{c}" for c in others)
            if others
            else "DO NOTHING"
        )
        sql = (
            f"INSERT INTO {st.table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
            f" ON CONFLICT({', '.join(spec.pk)}) {action}"
        )
        try:  # a refused statement undoes only itself (and what its triggers did)
            self._db.execute(sql, values)
        except sqlcipher3.IntegrityError as exc:
            st.reason = rowstore.reason_for(str(exc))  # shown by SyncService.waiting()
            return False
        st.pending = False
        st.reason = ""
        self.result.rows += 1
        if st.table == "cases":
            self._state.adopt_case_key(str(json.loads(st.pk)[0]))
        return True
