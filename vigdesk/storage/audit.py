"""The append-only audit log: a SHA-256 chain over every entry (DESIGN §7).

Entries hold ids and counts, never names. The newest (seq, hash) is also kept
in `meta.audit_head`, written in the same transaction, so deleting the last
rows (a rollback) is detected too. Triggers refuse UPDATE and DELETE.

Whoever holds the database key can rewrite `meta.audit_head` as well, so after each
committed append the head is also handed to `on_committed` (the vault keeps it in a
MAC'd file beside case.db, see `audit_head`). A rollback found there at unlock is
recorded as an `audit.rollback_detected` entry, and `verify` fails on any such entry.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from vigdesk.core.clock import Clock, iso, utc_now
from vigdesk.storage.db import Database

GENESIS = "0" * 64
ROLLBACK_ACTION = "audit.rollback_detected"
HeadHook = Callable[[int, str], None]


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    ts: str
    actor: str
    action: str
    object_type: str
    object_id: str
    details: dict[str, Any]
    prev_hash: str
    hash: str

    def to_json(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "ts": self.ts,
            "actor": self.actor,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "details": self.details,
            "prev_hash": self.prev_hash,
            "hash": self.hash,
        }


@dataclass(frozen=True)
class AuditVerdict:
    ok: bool
    entries: int
    first_bad_seq: int | None = None
    reason: str = ""


def entry_hash(
    seq: int,
    ts: str,
    actor: str,
    action: str,
    object_type: str,
    object_id: str,
    details_json: str,
    prev_hash: str,
) -> str:
    """Hash of one entry over its canonical JSON encoding and the previous hash."""
    payload = json.dumps(
        [seq, ts, actor, action, object_type, object_id, details_json, prev_hash],
        separators=(",", ":"),
        ensure_ascii=True,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


class AuditLog:
    """Appends to and verifies the chain. Thread-safe through the Database lock."""

    def __init__(
        self,
        db: Database,
        actor: str,
        clock: Clock = utc_now,
        on_committed: HeadHook | None = None,
    ) -> None:
        self._db = db
        self.actor = actor
        self._clock = clock
        self._on_committed = on_committed
        self._hook_lock = threading.Lock()
        self._told_seq = 0

    def append(
        self,
        action: str,
        object_type: str = "",
        object_id: str = "",
        details: dict[str, Any] | None = None,
        *,
        ts: str | None = None,
    ) -> AuditEntry:
        """Add one entry; joins the caller's transaction when there is one.

        Outside a transaction, `on_committed` hears the new head once it is committed
        (inside one, the next append or the vault's lock covers it)."""
        details_json = json.dumps(details or {}, sort_keys=True, separators=(",", ":"))
        outermost = not self._db.in_transaction
        with self._db.transact() as db:
            row = db.one("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")
            seq, prev = (row[0] + 1, row[1]) if row else (1, GENESIS)
            stamp = ts or iso(self._clock())
            digest = entry_hash(
                seq, stamp, self.actor, action, object_type, object_id, details_json, prev
            )
            db.execute(
                "INSERT INTO audit (seq, ts, actor, action, object_type, object_id, details,"
                " prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?)",
                (
                    seq,
                    stamp,
                    self.actor,
                    action,
                    object_type,
                    object_id,
                    details_json,
                    prev,
                    digest,
                ),
            )
            db.execute(
                "INSERT INTO meta (key, value) VALUES ('audit_head', ?)"
                " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (f"{seq}:{digest}",),
            )
        if outermost:
            self.tell_head(seq, digest)
        return AuditEntry(
            seq,
            stamp,
            self.actor,
            action,
            object_type,
            object_id,
            json.loads(details_json),
            prev,
            digest,
        )

    def tell_head(self, seq: int, digest: str) -> None:
        """Hand a committed head to `on_committed`, never an older one than before."""
        if self._on_committed is None:
            return
        with self._hook_lock:
            if seq > self._told_seq:
                self._on_committed(seq, digest)
                self._told_seq = seq

    def head(self) -> tuple[int, str]:
        """The newest committed (seq, hash); (0, GENESIS) for an empty log."""
        row = self._db.one("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")
        return (int(row[0]), str(row[1])) if row else (0, GENESIS)

    def entries(self, after_seq: int = 0) -> Iterator[AuditEntry]:
        """Entries in seq order (as stored; use verify() to trust them)."""
        rows = self._db.execute(
            "SELECT seq, ts, actor, action, object_type, object_id, details, prev_hash, hash"
            " FROM audit WHERE seq > ? ORDER BY seq",
            (after_seq,),
        )
        for r in rows:
            yield AuditEntry(r[0], r[1], r[2], r[3], r[4], r[5], json.loads(r[6]), r[7], r[8])

    def verify(self) -> AuditVerdict:
        """Walk the chain; the first edited, missing, inserted or reordered entry fails."""
        rows = self._db.execute(
            "SELECT seq, ts, actor, action, object_type, object_id, details, prev_hash, hash"
            " FROM audit ORDER BY rowid"
        )
        prev = GENESIS
        expected_seq = 1
        for seq, ts, actor, action, otype, oid, details, prev_hash, digest in rows:
            if seq != expected_seq:
                return AuditVerdict(
                    False,
                    len(rows),
                    expected_seq,
                    f"entry {expected_seq} is missing or out of order",
                )
            if prev_hash != prev:
                return AuditVerdict(
                    False, len(rows), seq, f"entry {seq} does not follow entry {seq - 1}"
                )
            if entry_hash(seq, ts, actor, action, otype, oid, details, prev_hash) != digest:
                return AuditVerdict(False, len(rows), seq, f"entry {seq} was altered")
            prev = digest
            expected_seq += 1
        head = self._db.scalar("SELECT value FROM meta WHERE key = 'audit_head'")
        last = f"{expected_seq - 1}:{prev}" if rows else None
        if head != last:
            head_seq = int(str(head).split(":")[0]) if head else 0
            return AuditVerdict(
                False,
                len(rows),
                min(head_seq, expected_seq),
                "the newest entries were removed (the log was rolled back)",
            )
        return self._findings(len(rows)) or AuditVerdict(True, len(rows))

    def _findings(self, entries: int) -> AuditVerdict | None:
        """A rollback found at an unlock stays a failure: those entries are gone."""
        row = self._db.one(
            "SELECT seq, details FROM audit WHERE action = ? ORDER BY seq LIMIT 1",
            (ROLLBACK_ACTION,),
        )
        if row is None:
            return None
        seq, d = int(row[0]), json.loads(row[1])
        reason = d.get("reason")
        if reason == "rolled_back":
            head, found = int(d["head_seq"]), int(d["found_seq"])
            text = f"the log was rolled back: it reached entry {head} but held only {found}"
            return AuditVerdict(False, entries, found + 1, text + " at the next unlock")
        if reason == "rewritten":
            head = int(d["head_seq"])
            text = f"the log was rolled back and rewritten: entry {head} was replaced"
            return AuditVerdict(False, entries, head, text + f" before entry {seq}")
        if reason == "site_ahead":
            site, kept = int(d["site_seq"]), int(d["kept_seq"])
            text = (
                f"the log was rolled back: entries up to {site} were signed to the site,"
                f" but the log here agrees with them only up to {kept}"
            )
            return AuditVerdict(False, entries, kept + 1, text)
        what = "missing" if reason == "head_missing" else "altered"
        return AuditVerdict(
            False,
            entries,
            seq,
            f"the record of its newest entry kept beside the vault was {what} at the unlock"
            " recorded here, so a rollback cannot be ruled out",
        )
