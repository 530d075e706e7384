"""One sync run against a verified site, in an order that makes every step resumable.

1. capture local edits into the outbox (one transaction);
2. collect keys addressed to this device, mark any of its own journal files that
   vanished (`vigdesk.sync.gaps`), publish wraps for the cases it holds;
3. upload new blobs and sealed letters (`vigdesk.sync.letters`), then publish the
   outbox as journal files (rows after their files);
4. read other devices' journals and apply them with the cursors in one transaction;
5. capture what applying cascaded, publish it, refresh wraps, fetch new blobs;
6. take off this laptop cases its practitioner was unassigned from (need to know); on
   a BSO's laptop, move cases whose team lost someone to a new key epoch, and carry
   what leavers wrote (`vigdesk.sync.handover`);
7. compact this device's journal when deletions happened or it grew long
   (`vigdesk.sync.compaction`), remove site files of deleted blobs and shredded
   cases; search the share for erasures not yet confirmed gone (`vigdesk.sync.erasures`);
   push the audit chain.
Killed anywhere, the next run redoes at most the unit in flight. Raises SiteUnavailable
if the folder vanishes, Cancelled between units; runs on one worker thread.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field

from vigdesk.storage.audit import AuditLog
from vigdesk.storage.erasures import ErasureRepo
from vigdesk.sync import hlc, rowstore
from vigdesk.sync.apply import Applier, ApplyResult
from vigdesk.sync.audit_push import push
from vigdesk.sync.authority import Authority, Refusal
from vigdesk.sync.blobflow import Moved, clean_site, forget_local, transfer
from vigdesk.sync.capture import Capture
from vigdesk.sync.compaction import compact, mark_due
from vigdesk.sync.context import RunContext
from vigdesk.sync.epochs import fetch_epoch_keys, rotate_and_wrap
from vigdesk.sync.erasures import confirm, note_incoming
from vigdesk.sync.gaps import heal
from vigdesk.sync.handover import carry, carry_removed, take_notes
from vigdesk.sync.incoming import Incoming, Reader
from vigdesk.sync.keyexchange import fetch_keys, publish_wraps
from vigdesk.sync.letters import publish_letters
from vigdesk.sync.outgoing import finish_interrupted, publish
from vigdesk.sync.share import share_errors
from vigdesk.sync.withdraw import note_refused_shreds, undo_refused_shreds, withdraw_unassigned


@dataclass
class SyncReport:
    site: str = ""
    version: int = 0
    sent: int = 0
    received: int = 0
    conflicts: int = 0
    pending: int = 0
    keys: int = 0
    wraps: int = 0
    uploaded: int = 0
    downloaded: int = 0
    bytes_up: int = 0
    bytes_down: int = 0
    audit_entries: int = 0
    shredded: int = 0
    withdrawn: int = 0
    cleaned: int = 0
    problems: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # also in problems: shown apart
    compacted: int = 0  # this device's journal files superseded by a compaction
    erasures_confirmed: int = 0  # erasures this sync found gone from every file on the share
    letters: int = 0  # letters sealed for the BSO written to the site's outbox
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return any(
            (
                self.sent,
                self.received,
                self.keys,
                self.wraps,
                self.uploaded,
                self.downloaded,
                self.shredded,
                self.withdrawn,
                self.cleaned,
                self.conflicts,
                self.letters,
            )
        )

    def add_moved(self, moved: Moved) -> None:
        self.uploaded += moved.up
        self.downloaded += moved.down
        self.bytes_up += moved.bytes_up
        self.bytes_down += moved.bytes_down


def _applier(run: RunContext) -> Applier:
    return Applier(run.db, run.state, run.now_iso(), Authority(run.db, run.manifest.bso_ids()))


def _refusals(run: RunContext, audit: AuditLog, refused: list[Refusal]) -> list[str]:
    """Audit each refused change and keep a count per device for the BSO's sync health;
    return one message per device, action and case, naming the author and the case."""
    grouped = Counter(refused)
    with run.db.transact():
        for r, n in grouped.items():
            audit.append(
                "sync.change_refused",
                "case",
                r.case_id,
                {"device": r.device_id, "member": r.member_id, "action": r.what, "changes": n},
            )
            key = f"refused:{r.device_id}"
            run.state.put(key, run.state.get_int(key) + n)
    messages = []
    for r, n in grouped.items():
        member = run.manifest.member(r.member_id)
        who = f"{member.name}'s laptop" if member else f"device {r.device_id[:8]}"
        row = run.db.one("SELECT code FROM cases WHERE id = ?", (r.case_id,))
        case = f"case {row[0]}" if row else f"case {r.case_id[:8]}"
        change = "change" if n == 1 else "changes"
        messages.append(f"{n} {change} from {who} refused: not allowed to {r.what} {case}.")
    return messages


def apply_incoming(run: RunContext, incoming: Incoming) -> ApplyResult:
    """Apply, move the cursors and fold in the clock, atomically."""
    db = run.db
    with db.transact():
        note_refused_shreds(run, incoming.items)
        noted = note_incoming(run, incoming.items)
        result = _applier(run).apply(incoming.items)
        ErasureRepo(db).drop_received_if_held(noted)  # refused: the person is still here
        rowstore.settle_from_peers(db)
        for device_id, (seq, digest) in incoming.cursors.items():
            db.execute(
                "INSERT INTO sync_peers VALUES (?, ?, ?) ON CONFLICT(device_id) DO UPDATE SET"
                " last_seq = excluded.last_seq, last_hash = excluded.last_hash",
                (device_id, seq, digest),
            )
        db.executemany("INSERT OR IGNORE INTO sync_deferred VALUES (?, ?, ?)", incoming.deferred)
        db.executemany(
            "DELETE FROM sync_deferred WHERE device_id = ? AND seq = ? AND scope_id = ?",
            incoming.resolved,
        )
        db.executemany(  # superseded by a compaction: what they held was sent again
            "DELETE FROM sync_deferred WHERE device_id = ? AND seq <= ?", incoming.superseded
        )
        freed = take_notes(run, incoming.left, incoming.carried, incoming.superseded)
        if result.deleted or result.shredded or freed:
            mark_due(run)
        if incoming.items:
            newest = max(hlc.value_of(i.entry.stamp) for i in incoming.items)
            run.state.put("hlc", hlc.observe(run.state.get_int("hlc"), newest))
    return result


def recover_own(run: RunContext) -> int:
    """Finish a commit a crash interrupted, or, if this vault was restored from an older
    copy, take back its own later changes from its files on the site."""
    if finish_interrupted(run):
        return 0
    reader = Reader(run)
    seq, digest = reader.read_own(run.state.get_int("journal_seq"), run.state.get("journal_hash"))
    result = apply_incoming(run, reader.out)
    with run.db.transact():
        run.state.put("journal_seq", seq)
        run.state.put("journal_hash", digest)
    forget_local(run, result.deleted_blobs)
    run.problems.append(
        "This vault is behind its own files on the site (restored from a backup?): "
        f"recovered {result.rows} changes from them."
    )
    return result.rows


def _audit_handovers(
    run: RunContext, audit: AuditLog, handed: list[tuple[str, str]], removed: list[str]
) -> None:
    """A BSO's laptop now carries a leaver's part of a family, or all of a removed
    member's work (whose files it deleted from the site): ids only."""
    if not handed and not removed:
        return
    with run.db.transact():
        for device_id, case_id in handed:
            audit.append("case.handed_over", "case", case_id, {"device": device_id})
        for device_id in removed:
            audit.append(
                "site.removed_member_carried", "site", run.manifest.site_id, {"device": device_id}
            )


def _capture(run: RunContext) -> None:
    dev = run.device
    result = Capture(run.db, run.state, dev.device_id, dev.member_id, run.now()).run()
    if result.deleted or result.shredded:
        mark_due(run)


def run_sync(run: RunContext, audit: AuditLog) -> SyncReport:
    started = time.perf_counter()
    report = SyncReport(site=run.manifest.name, version=run.manifest.version)
    layout = run.layout
    _capture(run)
    with share_errors(layout, "syncing"):
        run.report("keys")
        report.keys += fetch_keys(run) + fetch_epoch_keys(run)
        report.received += recover_own(run)
        heal(run)
        report.wraps += publish_wraps(run)
        run.report("upload")
        report.add_moved(transfer(run))
        report.letters += publish_letters(run)
        run.report("journal")
        report.sent += publish(run)
        incoming = Reader(run).read_all()
    result = apply_incoming(run, incoming)
    forget_local(run, result.deleted_blobs)
    report.received += result.rows
    report.conflicts += result.conflicts
    report.pending = result.pending
    report.shredded += len(result.shredded)
    report.refused = _refusals(run, audit, result.refused)
    report.problems += report.refused
    _capture(run)
    with share_errors(layout, "syncing"):
        undo_refused_shreds(run, audit)
        report.sent += publish(run)
        report.compacted = compact(run)
        report.wraps += publish_wraps(run)
        report.withdrawn += len(withdraw_unassigned(run, audit))
        report.wraps += rotate_and_wrap(run, audit)
        handed = carry(run)
        report.sent += publish(run)  # "left" notes, and what a BSO carries for leavers
        deleted, removed = carry_removed(run)
        report.cleaned += deleted
        _audit_handovers(run, audit, handed, removed)
        run.report("download")
        report.add_moved(transfer(run, recheck=True))
        report.cleaned += clean_site(run)
        confirmed = confirm(run)
        run.report("audit")
        dev = run.device
        report.audit_entries = push(
            layout, run.db, audit, dev.device_id, dev.member_id, dev.keys, run.now_iso()
        )
    if confirmed:
        with run.db.transact():
            for e in confirmed:
                audit.append("person.erasure_confirmed", "person", e.person_id, {"case": e.case_id})
    report.erasures_confirmed = len(confirmed)
    if run.problems:  # rejected files, wraps and sections: kept in the local audit too
        with run.db.transact():
            for problem in run.problems:
                audit.append("sync.problem", "site", run.manifest.site_id, {"message": problem})
    report.problems += run.problems
    report.seconds = time.perf_counter() - started
    run.report("done")
    return report
