"""Turning the trigger-filled change log into stamped changes in the outbox.

Each logged row is compared with its merge state: new or re-inserted rows become a full
snapshot, edited rows the changed fields only, missing rows a deletion. A destroyed case
key becomes a shred notice. Deletions and shreds carry only ids, so they go in the
site-wide section; everything else in its case's section. Rows applied from other
devices already match their merge state, so capturing them again yields nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime

from vigdesk.core.clock import iso
from vigdesk.storage.db import Database, Row
from vigdesk.storage.sync_state import SyncState
from vigdesk.sync import hlc, rowstore
from vigdesk.sync.changes import Entry, RowChange, Shred
from vigdesk.sync.codec import canonical, encode_value, pk_text
from vigdesk.sync.rowstate import RowState, merge
from vigdesk.sync.schema import SPECS, columns

MAX_ROUNDS = 4  # the capture itself may add rows (the creator's case membership)
CHUNK = 1000  # logged rows whose states and rows are read together


@dataclass
class CaptureResult:
    entries: int = 0
    deleted: int = 0  # rows deleted here (erasures among them): their old values must go
    shredded: list[str] = field(default_factory=list)
    deleted_blobs: list[str] = field(default_factory=list)


def queue_share_delete(db: Database, kind: str, ref: str) -> None:
    db.execute("INSERT OR IGNORE INTO sync_share_deletes VALUES (?, ?)", (kind, ref))


class Capture:
    """One capture pass, inside one transaction. Use from the sync worker thread only."""

    def __init__(
        self, db: Database, state: SyncState, device_id: str, member_id: str, now: datetime
    ) -> None:
        self._db = db
        self._state = state
        self._device = device_id
        self._member = member_id
        self._now = now
        self._now_ms = int(now.timestamp() * 1000)
        self._clock = 0
        self._shredded: set[str] = set()
        self._columns: dict[str, tuple[str, ...]] = {}
        self.result = CaptureResult()

    def run(self) -> CaptureResult:
        db = self._db
        with db.transact():
            self._clock = self._state.get_int("hlc")
            self._shredded = {r[0] for r in db.execute("SELECT case_id FROM sync_shredded")}
            for _ in range(MAX_ROUNDS):
                logged = db.execute("SELECT seq, tbl, pk, case_id FROM sync_changes ORDER BY seq")
                if not logged:
                    break
                rows: dict[tuple[str, str], str | None] = {}
                for _seq, table, pk, case_id in logged:
                    key = (str(table), pk_text(json.loads(pk)))
                    rows[key] = rows.get(key) or case_id
                logged_rows = list(rows.items())
                for at in range(0, len(logged_rows), CHUNK):  # memory stays bounded
                    chunk = logged_rows[at : at + CHUNK]
                    synced = [k for k, _ in chunk if k[0] in SPECS]
                    known = rowstore.load_many(db, synced)
                    read = self._rows_by_id(synced)
                    for (table, pk), case_id in chunk:
                        if table == "case_keys":
                            self._shred(str(json.loads(pk)[0]))
                        elif table in SPECS:
                            self._row(table, pk, case_id, known.get((table, pk)), read)
                db.execute("DELETE FROM sync_changes WHERE seq <= ?", (logged[-1][0],))
            self._state.put("hlc", self._clock)
        return self.result

    def _stamp(self) -> str:
        self._clock = hlc.tick(self._clock, self._now_ms)
        return hlc.stamp(self._clock, self._device)

    def _emit(self, scope: str, scope_id: str, entry: Entry) -> None:
        self._db.execute(
            "INSERT INTO sync_outbox (scope, scope_id, entry) VALUES (?, ?, ?)",
            (scope, scope_id, canonical(entry.to_json()).decode()),
        )
        self.result.entries += 1

    def _shred(self, case_id: str) -> None:
        db = self._db
        if case_id in self._shredded or db.one(
            "SELECT 1 FROM case_keys WHERE case_id = ?", (case_id,)
        ):
            return
        stamp = self._stamp()
        db.execute("INSERT INTO sync_shredded VALUES (?, ?)", (case_id, stamp))
        self._shredded.add(case_id)
        self._remember_team(case_id)
        for blob_id in rowstore.purge_case(db, case_id):
            queue_share_delete(db, "case_blob", blob_id)
        queue_share_delete(db, "case", case_id)
        self._emit("site", "site", Shred(case_id, stamp))
        self.result.shredded.append(case_id)

    def _remember_team(self, case_id: str) -> None:
        """Before its merge states go: the team this laptop knew, and whether its own
        member had already been taken off it, in which case the others will refuse this
        shred (`withdraw.undo_refused_shreds`)."""
        team, me_off = [], False
        for pk, heads in self._db.execute(
            "SELECT pk, heads FROM sync_rows WHERE tbl = 'case_members' AND case_id = ?",
            (case_id,),
        ):
            member, live = str(json.loads(pk)[1]), json.loads(heads)["live"]
            by_this_shred = all(hlc.device_of(h) == self._device for h in live)
            if any(live.values()) or by_this_shred:  # this erasure deletes the team too
                team.append(member)
            elif member == self._member:
                me_off = True
        self._state.put(f"shred_team:{case_id}", json.dumps(sorted(team)))
        if me_off:
            self._state.put(f"refused_shred:{case_id}", 1)

    def _cols(self, table: str) -> tuple[str, ...]:
        if table not in self._columns:
            self._columns[table] = columns(self._db, table)
        return self._columns[table]

    def _rows_by_id(self, keys: list[tuple[str, str]]) -> dict[tuple[str, str], Row | None]:
        """The current rows of tables keyed by `id`, many per query (after an apply this
        round holds every row received). Capture writes none of these tables, so they
        stay current for the round; composite keys are read one by one in `_row`."""
        by_table: dict[str, list[str]] = {}
        for table, pk in keys:
            if SPECS[table].pk == ("id",):
                by_table.setdefault(table, []).append(pk)
        found: dict[tuple[str, str], Row | None] = {}
        for table, pks in by_table.items():
            cols = self._cols(table)
            at = cols.index("id")
            for start in range(0, len(pks), rowstore.CHUNK):
                chunk = pks[start : start + rowstore.CHUNK]
                ids = [json.loads(pk)[0] for pk in chunk]
                found.update(dict.fromkeys(((table, pk) for pk in chunk), None))
                for row in self._db.execute(
                    f"SELECT {', '.join(cols)} FROM {table}"
                    f" WHERE id IN ({', '.join('?' * len(ids))})",
                    ids,
                ):
                    found[(table, pk_text([row[at]]))] = row
        return found

    def _row(
        self,
        table: str,
        pk: str,
        logged_case: str | None,
        state: RowState | None,
        read: dict[tuple[str, str], Row | None],
    ) -> None:
        """`state`: the row's merge state as loaded with its chunk; `read`: rows read
        ahead by `_rows_by_id`."""
        db, spec = self._db, SPECS[table]
        if state is not None and state.case_id in self._shredded:
            state = None  # forgotten by a shred earlier in this chunk (`purge_case`)
        if state is not None and (state.pending or state.gone):
            return  # known from elsewhere and not applied here, or deleted for good
        keys = json.loads(pk)
        cols = self._cols(table)
        if (table, pk) in read:
            row = read[(table, pk)]
        else:
            where = " AND ".join(f"{c} = ?" for c in spec.pk)
            row = db.one(f"SELECT {', '.join(cols)} FROM {table} WHERE {where}", keys)
        if row is None:
            if state is None or not state.alive:
                return
            change = RowChange(table, pk, state.case_id, self._stamp(), (0, tuple(state.heads)), {})
            merge(state, change)
            rowstore.save(db, state)
            self._emit("site", "site", change)
            self.result.deleted += 1
            if table == "blobs":
                self.result.deleted_blobs.append(str(keys[0]))
                queue_share_delete(db, "blob", str(keys[0]))
            if table == "letters":  # an erasure took it: its sealed copy leaves the outbox
                queue_share_delete(db, "letter", str(keys[0]))
            return
        case_id = logged_case or (state.case_id if state else None)
        if case_id is None:
            found = db.one(spec.case_sql(), keys)
            case_id = str(found[0]) if found else None
        if case_id is None or case_id in self._shredded:
            return
        values = {c: encode_value(v) for c, v in zip(cols, row, strict=True)}
        known = state.fields if state else {}
        edited = [c for c, v in values.items() if c not in known or known[c][0] != v]
        if state is None or not state.alive:
            if table == "cases" and state is None:
                self._join_new_case(case_id)
            liveness: tuple[int, tuple[str, ...]] | None = (1, tuple(state.heads) if state else ())
            edited = list(values)
        elif not edited:
            return
        else:
            liveness = None
            rowstore.close_conflicts(db, table, pk, edited, iso(self._now))
        fields = {c: (values[c], known[c][1] if c in known else "") for c in edited}
        change = RowChange(table, pk, case_id, self._stamp(), liveness, fields)
        state = state or RowState(table, pk, case_id)
        merge(state, change)
        rowstore.save(db, state)
        self._emit("case", case_id, change)

    def _join_new_case(self, case_id: str) -> None:
        """The practitioner who opens a case works on it: assign them (synced like any row)."""
        self._db.execute(
            "INSERT OR IGNORE INTO case_members VALUES (?, ?, ?, ?)",
            (case_id, self._member, self._member, iso(self._now)),
        )
