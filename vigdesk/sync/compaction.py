"""Compaction: this device's journal replaced by its standing changes, old files deleted.

Journal files are append-only, so without this they grow for ever, and a person's
erased details stay inside the old change sets that carried them, readable by anyone
holding the case key. When deletions happened here (an erasure, a retention shred, a
deletion received from another laptop: `mark_due`) or the journal grew past
`COMPACT_AFTER` files, the device

1. queues again every change it authored that still stands, and on a BSO's laptop
   every change it carries for leavers (`gaps.resend_own`: erased values are no longer
   in its merge state, so they are not among them);
2. writes a signed *compaction marker* at the next number, saying which files it
   supersedes: a reader behind it may jump to it (`incoming.Reader._take`);
3. publishes the queue after the marker, then deletes the superseded files.

Killed anywhere, the next sync finishes the job (the queue and the due flag survive;
files a kill left undeleted go at the next sync, due or not).
A device that was taken off a case does not compact while it is off it and the case
lives on, until a BSO's laptop carries its part of that case's history, which it can no
longer send again itself (`vigdesk.sync.handover`; `_withdrawn_alive`). Once the BSO's
note arrives, or the case is shredded (retention, or the erasure of its last person:
the shred arrives in the site-wide section, which it still reads), it compacts: its
files of the case go with the rest.
"""

from __future__ import annotations

import contextlib

from vigdesk.sync import journal
from vigdesk.sync.codec import sha256_hex
from vigdesk.sync.context import RunContext
from vigdesk.sync.gaps import resend_own
from vigdesk.sync.journal import Header
from vigdesk.sync.layout import JOURNAL_RE, numbered
from vigdesk.sync.outgoing import carried_notes, publish

COMPACT_AFTER = 32
"""Own journal files since the last compaction that make one due by themselves."""


def mark_due(run: RunContext) -> None:
    """Something was deleted here: compact at this sync (caller's transaction or none)."""
    run.state.put("compact_due", 1)


def _withdrawn_alive(run: RunContext) -> bool:
    """A case taken off this laptop still lives for the others and no BSO carries this
    laptop's part of it yet: its old files hold that part, which it can no longer send
    again. Once it is carried, or the case is shredded, those files must go."""
    return (
        run.db.one(
            "SELECT 1 FROM sync_withdrawn WHERE carried = 0"
            " AND case_id NOT IN (SELECT case_id FROM sync_shredded)"
        )
        is not None
    )


def _due(run: RunContext) -> bool:
    state, db = run.state, run.db
    last, upto = state.get_int("journal_seq"), state.get_int("compacted_upto")
    if last <= upto or _withdrawn_alive(run):
        return False
    if db.one("SELECT 1 FROM sync_outbox") is not None:
        return False  # publish first: the marker must come after every queued change
    return bool(state.get_int("compact_due")) or last - upto >= COMPACT_AFTER


def _drop_superseded(run: RunContext, upto: int) -> int:
    """Delete this device's files up to `upto` (superseded by a marker already written),
    newest first: killed midway, what is left is a run from 1 and then the marker, which
    every reader either reads through or jumps to. Returns how many went."""
    layout, device_id = run.layout, run.device.device_id
    gone = 0
    for seq in reversed(numbered(layout.journal_dir(device_id), JOURNAL_RE)):
        if seq > upto:
            continue
        with contextlib.suppress(FileNotFoundError):
            layout.journal(device_id, seq).unlink()
            gone += 1
    return gone


def compact(run: RunContext) -> int:
    """Compact this device's journal if due, else finish deleting what a compaction
    killed while deleting left behind; returns how many files were superseded.
    OS errors propagate (the caller maps them)."""
    if not _due(run):
        return _drop_superseded(run, run.state.get_int("compacted_upto"))
    run.check_cancel()
    run.report("compact")
    dev, layout, state = run.device, run.layout, run.state
    resend_own(run)
    upto = state.get_int("journal_seq")
    header = Header(
        run.manifest.site_id,
        dev.device_id,
        dev.member_id,
        upto + 1,
        state.get("journal_hash"),
        run.now_iso(),
        0,
        "0" * 64,
        (),
        supersedes=upto,
        carried=carried_notes(run) if run.db.one("SELECT 1 FROM sync_outbox") is None else (),
    )
    data = journal.build(header, [], dev.keys)
    layout.write(layout.journal(dev.device_id, upto + 1), data)
    with run.db.transact():
        state.put("journal_seq", upto + 1)
        state.put("journal_hash", sha256_hex(data))
        state.put("compacted_upto", upto)
        state.put("compact_due", 0)
    publish(run)
    return _drop_superseded(run, upto)
