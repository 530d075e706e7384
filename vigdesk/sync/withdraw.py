"""Taking a case off a practitioner's laptop once they are unassigned from it (need to know).

A case leaves the laptop when the merged assignments say this member *was* assigned and
no longer is (a membership row that was never seen may simply be in flight). Everything
local goes: rows, merge records, key and sealed files. Nothing is journaled (the case
lives on for everyone else), and it waits until this device's own edits to the case are
on the site. Every journal section of the case is noted as deferred, so that a new
assignment, which arrives as a new key wrap, rebuilds the case from the site. The stale
wrap of this member is remembered by hash and ignored until another device removes it.
BSOs hold every case and never withdraw. The laptop then says in its next journal file
that it left the case, so a BSO's laptop carries its part and its old files of the case
can go (`vigdesk.sync.handover`).
"""

from __future__ import annotations

import json

from vigdesk.core.errors import IntegrityError
from vigdesk.storage.audit import AuditLog
from vigdesk.sync import hlc, rowstore
from vigdesk.sync.apply import Authored
from vigdesk.sync.blobflow import forget_local
from vigdesk.sync.changes import RowChange
from vigdesk.sync.codec import pk_text, sha256_hex
from vigdesk.sync.context import RunContext
from vigdesk.sync.handover import announce
from vigdesk.sync.journal import peek_sections, split_tag
from vigdesk.sync.layout import JOURNAL_RE, numbered
from vigdesk.sync.limits import KEY_WRAP, read_capped


def unassigned(run: RunContext) -> list[str]:
    """Cases held here whose assignment of this member was removed."""
    if run.me.role == "bso":
        return []
    me = run.device.member_id
    shredded = {str(r[0]) for r in run.db.execute("SELECT case_id FROM sync_shredded")}
    found = []
    for case_id in sorted(run.state.held_case_ids() - shredded):
        membership = rowstore.load(run.db, "case_members", pk_text([case_id, me]))
        if membership is not None and not membership.alive:
            found.append(case_id)
    return found


def _busy(run: RunContext, case_id: str) -> bool:
    """True while this device has edits to the case that are not on the site yet."""
    return (
        run.db.one(
            "SELECT 1 FROM sync_outbox WHERE scope = 'case' AND scope_id = ?"
            " UNION ALL SELECT 1 FROM sync_changes WHERE case_id = ? OR case_id IS NULL",
            (case_id, case_id),
        )
        is not None
    )


def sections_of(run: RunContext, case_ids: set[str]) -> list[tuple[str, int, str]]:
    """(device, seq, case) for every journal file already read that holds these cases."""
    cursors = {
        str(r[0]): int(r[1]) for r in run.db.execute("SELECT device_id, last_seq FROM sync_peers")
    }
    cursors[run.device.device_id] = run.state.get_int("journal_seq")
    found = []
    for device_id, last in sorted(cursors.items()):
        folder = run.layout.journal_dir(device_id)
        for seq in numbered(folder, JOURNAL_RE):
            if seq > last:
                break
            run.check_cancel()
            for scope, scope_id in peek_sections(run.layout.journal(device_id, seq)):
                if scope == "case" and split_tag(scope_id)[0] in case_ids:
                    found.append((device_id, seq, scope_id))
    return found


def _wrap_hash(run: RunContext, case_id: str) -> str:
    path = run.layout.case_key(case_id, run.device.member_id)
    try:
        return sha256_hex(read_capped(path, KEY_WRAP, "a key wrap"))
    except (FileNotFoundError, IntegrityError):
        return ""  # none, or not one this device could have taken


def withdraw_unassigned(run: RunContext, audit: AuditLog) -> list[str]:
    """Remove every unassigned case this device may let go of now; returns their ids.
    Reads the share (call inside `share_errors`)."""
    ready = [c for c in unassigned(run) if not _busy(run, c)]
    if not ready:
        return []
    sections = sections_of(run, set(ready))
    hashes = {case_id: _wrap_hash(run, case_id) for case_id in ready}
    db = run.db
    removed: list[str] = []
    with db.transact():
        before = int(db.scalar("SELECT coalesce(max(seq), 0) FROM sync_changes"))
        for case_id in ready:
            team = sorted(
                str(r[0])
                for r in db.execute(
                    "SELECT member_id FROM case_members WHERE case_id = ?", (case_id,)
                )
            )
            removed += rowstore.remove_case(db, case_id)
            db.execute(
                "INSERT OR REPLACE INTO sync_withdrawn (case_id, wrap_hash, withdrawn_at, team)"
                " VALUES (?, ?, ?, ?)",
                (case_id, hashes[case_id], run.now_iso(), json.dumps(team)),
            )
            audit.append("case.withdrawn", "case", case_id, {"reason": "unassigned"})
        db.execute("DELETE FROM sync_changes WHERE seq > ?", (before,))  # not edits: no journal
        announce(run, ready)
        db.executemany("INSERT OR IGNORE INTO sync_deferred VALUES (?, ?, ?)", sections)
    forget_local(run, removed)
    return ready


def stale_wrap(run: RunContext, case_id: str, data: bytes) -> bool:
    """True for the wrap this device already had when the case was withdrawn."""
    known = run.db.scalar("SELECT wrap_hash FROM sync_withdrawn WHERE case_id = ?", (case_id,))
    return known is not None and known == sha256_hex(data)


def readmitted(run: RunContext, case_id: str) -> None:
    """A new wrap brought the case back: forget the withdrawal (caller's transaction)."""
    run.db.execute("DELETE FROM sync_withdrawn WHERE case_id = ?", (case_id,))


def note_refused_shreds(run: RunContext, items: list[Authored]) -> None:
    """Flag families this laptop shredded (erasing their last person) after its member
    had been taken off them, unknown to it: the others refuse that shred (deletions need
    the team). The evidence, read now: the newest change to this member's place on the
    family's team stamped before the shred is a removal, by a BSO or by someone on the
    team this laptop knew. (A new assignment travels sealed under a key epoch this
    laptop may not hold: then a shred the others accepted is taken for a refused one;
    the BSO answers its "left" note as for a shredded family and nothing stays stuck.)
    Called in the applying transaction, which moves the cursors past that evidence, so
    the flag is kept with them; `undo_refused_shreds` acts on it."""
    dev, me, state = run.device.device_id, run.device.member_id, run.state
    mine = {
        str(c): str(s)
        for c, s in run.db.execute("SELECT case_id, hlc FROM sync_shredded")
        if hlc.device_of(str(s)) == dev
    }
    if not mine:
        return
    bsos = run.manifest.bso_ids()
    newest: dict[str, Authored] = {}
    for i in items:
        e = i.entry
        if (
            isinstance(e, RowChange)
            and e.table == "case_members"
            and e.case_id in mine
            and json.loads(e.pk)[1] == me
            and e.alive is not None
            and e.stamp < mine[e.case_id]
            and (e.case_id not in newest or newest[e.case_id].entry.stamp < e.stamp)
        ):
            newest[e.case_id] = i
    for case_id, item in newest.items():
        change = item.entry
        assert isinstance(change, RowChange) and change.alive is not None
        team = json.loads(state.get(f"shred_team:{case_id}", "[]"))
        if change.alive[0] == 0 and (item.author in bsos or item.author in team):
            state.put(f"refused_shred:{case_id}", 1)


def undo_refused_shreds(run: RunContext, audit: AuditLog) -> list[str]:
    """Families flagged by `note_refused_shreds` (or at capture, when this laptop
    already knew it had been taken off): they live on for the others, so here they
    become withdrawn instead of gone for ever: their sections are noted for a new
    assignment to rebuild them, the BSO carries this laptop's part, and the team it
    knew is kept for a later shred by one of them. Reads the share (call inside
    `share_errors`); killed anywhere, the flag makes the next sync do it again."""
    db, state = run.db, run.state
    refused = sorted(
        str(k)[len("refused_shred:") :]
        for (k,) in db.execute("SELECT key FROM sync_state WHERE key LIKE 'refused_shred:%'")
    )
    if not refused:
        return []
    sections = sections_of(run, set(refused))
    hashes = {case_id: _wrap_hash(run, case_id) for case_id in refused}
    with db.transact():
        for case_id in refused:
            db.execute("DELETE FROM sync_shredded WHERE case_id = ?", (case_id,))
            db.execute(
                "INSERT OR REPLACE INTO sync_withdrawn (case_id, wrap_hash, withdrawn_at, team)"
                " VALUES (?, ?, ?, ?)",
                (case_id, hashes[case_id], run.now_iso(), state.get(f"shred_team:{case_id}", "[]")),
            )
            db.execute("DELETE FROM sync_state WHERE key = ?", (f"refused_shred:{case_id}",))
            audit.append("case.withdrawn", "case", case_id, {"reason": "shred refused"})
        db.executemany("INSERT OR IGNORE INTO sync_deferred VALUES (?, ?, ?)", sections)
        announce(run, refused)
    run.problems.append(
        f"{len(refused)} family(ies) deleted on this laptop were not deleted for the "
        "others: you had been taken off the family before this laptop synced. Ask the "
        "BSO to carry out the erasure."
    )
    return refused
