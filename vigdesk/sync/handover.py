"""Hand-over: a BSO's laptop carries what a leaver wrote, so the leaver's files can go.

A laptop's change files hold its part of every case it worked on, and only their
author can supersede them (`vigdesk.sync.compaction`). A laptop taken off a case no
longer holds it, so it can neither send its part again nor see a later erasure in it;
a member removed from the site never syncs again. Either way their old files would keep
an erased person's details readable by every key holder for as long as the case lives.
So:

1. A laptop taken off a case records its position and says so in the header of its
   next file (`left`: the case and its last file that can hold it): `announce`.
2. A BSO's laptop (it holds every case) reads that, waits until it holds everything
   those files hold of the case, then queues again every standing change of that
   laptop in the case, with their own stamps, and a `carried` note naming the laptop,
   the case and the position: `carry`. Readers accept changes stamped by another
   device only in a BSO's files (`vigdesk.sync.incoming`).
3. The leaver reads the note and compacts: its files of the case go (`take_notes`).
4. For a member removed from the site, a BSO's laptop that has read their files up to
   the last valid one carries all their standing changes, notes it for every case and
   deletes those files, newest first, so a reader meeting a half-deleted folder reads
   a shorter run: `carry_removed`.

From then on the BSO's laptop keeps carrying them: its compactions send them again
(`carrier`), without what was erased since. Every step is queued in the outbox in one
transaction, so a killed run redoes it; doing it twice only repeats stamps replicas
already have.
"""

from __future__ import annotations

import contextlib

from vigdesk.sync import hlc, rowstore
from vigdesk.sync.codec import pk_text
from vigdesk.sync.context import RunContext
from vigdesk.sync.journal import ALL_CASES
from vigdesk.sync.layout import JOURNAL_RE, numbered
from vigdesk.sync.outgoing import NOTE_CARRIED, NOTE_LEFT, publish
from vigdesk.sync.standing import Keep, queue, standing


def carrier(run: RunContext) -> Keep:
    """On a BSO's laptop, which changes it carries for others: those stamped by a member
    removed from the site, by a practitioner's laptop in a case they are not on the team
    of, or in a case it once handed over (given the case again, it may not have read its
    old work back yet). Nothing on anyone else's laptop."""
    if run.me.role != "bso":
        return lambda _device, _case: False
    me, m = run.device.device_id, run.manifest
    removed = {r.device_id for r in m.retired}
    members = {x.device_id: x for x in m.members}
    handed = {
        (str(d), str(c))
        for d, c in run.db.execute(
            "SELECT device_id, case_id FROM sync_handovers WHERE carried > 0"
        )
    }
    teams: dict[str, set[str]] = {}
    for case_id, member_id in run.db.execute("SELECT case_id, member_id FROM case_members"):
        teams.setdefault(str(case_id), set()).add(str(member_id))

    def carried(device_id: str, case_id: str) -> bool:
        if device_id == me:
            return False
        if device_id in removed or (device_id, case_id) in handed:
            return True
        member = members.get(device_id)
        return (
            member is not None
            and member.role != "bso"
            and member.id not in teams.get(case_id, set())
        )

    return carried


def announce(run: RunContext, case_ids: list[str]) -> None:
    """This laptop was taken off these cases (caller's transaction): remember its
    position and queue the `left` note for the BSO."""
    upto = run.state.get_int("journal_seq")
    for case_id in case_ids:
        run.db.execute(
            "UPDATE sync_withdrawn SET upto = ?, carried = 0 WHERE case_id = ?", (upto, case_id)
        )
    run.db.executemany(
        "INSERT INTO sync_outbox (scope, scope_id, entry) VALUES (?, ?, ?)",
        [(NOTE_LEFT, case_id, str(upto)) for case_id in case_ids],
    )


def take_notes(
    run: RunContext,
    left: list[tuple[str, str, int]],
    carried: list[tuple[str, int]],
    superseded: list[tuple[str, int]],
) -> bool:
    """Record hand-over notes read from the share (caller's transaction). On a BSO's
    laptop: `left` notes to answer (a later position than one already answered is
    answered again), and leavers' compaction markers (`superseded`), after which the
    leaver took the `carried` note and it need not be said again. On any laptop: the
    cases a BSO now carries for this one. True if this laptop may now compact away
    files it could not before."""
    db = run.db
    if run.me.role == "bso":
        db.executemany(
            "INSERT INTO sync_handovers (device_id, case_id, upto) VALUES (?, ?, ?)"
            " ON CONFLICT(device_id, case_id) DO UPDATE SET upto = excluded.upto, carried = 0"
            " WHERE excluded.upto > upto",
            [n for n in left if _was_taken_off(run, n[0], n[1])],
        )
        db.executemany(
            "UPDATE sync_handovers SET carried = 2 WHERE device_id = ? AND carried = 1"
            f" AND upto <= ? AND case_id != '{ALL_CASES}'",
            superseded,
        )
    freed = False
    for case_id, upto in carried:
        waiting = db.one(
            "SELECT 1 FROM sync_withdrawn WHERE case_id = ? AND carried = 0 AND upto <= ?",
            (case_id, upto),
        )
        if waiting is not None:
            db.execute("UPDATE sync_withdrawn SET carried = 1 WHERE case_id = ?", (case_id,))
            freed = True
    return freed


def _was_taken_off(run: RunContext, device_id: str, case_id: str) -> bool:
    """A `left` note is answered only for a member the merged team shows was on the
    case and is off it now, or for a case shredded here by that laptop's own shred
    (which it may have taken for a refused one): anyone can sign a note, and each
    answered note is said in every file this laptop writes until taken."""
    member = run.manifest.by_device(device_id)
    if member is None:
        return False
    st = rowstore.load(run.db, "case_members", pk_text([case_id, member.id]))
    if st is not None:
        return not st.alive
    shred = run.db.scalar("SELECT hlc FROM sync_shredded WHERE case_id = ?", (case_id,))
    return shred is not None and hlc.device_of(str(shred)) == device_id  # its own shred


def _unread(run: RunContext, device_id: str, case_id: str | None) -> bool:
    """True while sections of that device (of the case, or of any) wait for a key here."""
    if case_id is None:
        sql, params = "SELECT 1 FROM sync_deferred WHERE device_id = ?", (device_id,)
    else:
        sql = (
            "SELECT 1 FROM sync_deferred WHERE device_id = ?"
            " AND (scope_id = ? OR scope_id LIKE ? || '.%')"
        )
        params = (device_id, case_id, case_id)  # type: ignore[assignment]
    return run.db.one(sql, params) is not None


def _by(device_id: str) -> Keep:
    """Every change stamped by that device, in any case."""
    return lambda d, _c: d == device_id


def carry(run: RunContext) -> list[tuple[str, str]]:
    """On a BSO's laptop, answer every `left` note it can now: queue those laptops'
    standing changes of the cases (one pass over the merge state for all of them); the
    `carried` notes then go in the header of every file this laptop writes after them
    (`outgoing.carried_notes`) until each leaver compacted. Returns (device, case) of
    the notes answered, for the audit."""
    if run.me.role != "bso":
        return []
    held = run.state.held_case_ids()
    shredded = {str(r[0]) for r in run.db.execute("SELECT case_id FROM sync_shredded")}
    ready = [
        (str(d), str(c), int(n))
        for d, c, n in run.db.execute(
            "SELECT device_id, case_id, upto FROM sync_handovers WHERE carried = 0"
        )
        if str(c) in shredded or (str(c) in held and not _unread(run, str(d), str(c)))
    ]  # a shredded case has nothing left to carry: the leaver's files of it may go
    if not ready:
        return []
    wanted = {(d, c) for d, c, _n in ready if c not in shredded}
    entries = standing(run, lambda d, c: (d, c) in wanted, pending=True) if wanted else []
    with run.db.transact():
        queue(run, [*entries, (NOTE_CARRIED, "", "")])  # a file is written
        run.db.executemany(
            "UPDATE sync_handovers SET carried = 1"
            " WHERE device_id = ? AND case_id = ? AND upto = ?",
            ready,
        )
    return [(d, c) for d, c, _n in ready]


def carry_removed(run: RunContext) -> tuple[int, list[str]]:
    """On a BSO's laptop, carry and then delete the files of members removed from the
    site, once every valid file of theirs has been read here and nothing of theirs
    waits for a key or a case; afterwards anything put in their folder is deleted
    without carrying again (a planted file must not make this laptop re-send their
    work at every sync). Returns (files deleted, devices carried now, for the audit).
    OS errors propagate."""
    if run.me.role != "bso":
        return 0, []
    db, state = run.db, run.state
    cursors = {
        str(r[0]): int(r[1]) for r in db.execute("SELECT device_id, last_seq FROM sync_peers")
    }
    gone, carried = 0, []
    for r in run.manifest.retired:
        folder = run.layout.journal_dir(r.device_id)
        files = numbered(folder, JOURNAL_RE)
        if not files:
            continue
        mark = f"carried_removed:{r.device_id}"
        if not state.get(mark):
            valid = [s for s in files if s <= r.final_seq]
            read = cursors.get(r.device_id, 0)
            if (valid and read < valid[-1]) or _waiting(run, r.device_id):
                continue
            run.check_cancel()
            entries = standing(run, _by(r.device_id), pending=True)
            with db.transact():
                queue(run, [*entries, (NOTE_CARRIED, "", "")])
                db.execute("DELETE FROM sync_handovers WHERE device_id = ?", (r.device_id,))
                db.execute(  # said in every file after: their sections waiting here can go
                    "INSERT INTO sync_handovers VALUES (?, ?, ?, 1)",
                    (r.device_id, ALL_CASES, read),
                )
            publish(run)
            with db.transact():
                state.put(mark, 1)
            carried.append(r.device_id)
        for seq in reversed(files):
            with contextlib.suppress(FileNotFoundError):
                run.layout.journal(r.device_id, seq).unlink()
                gone += 1
    return gone, carried


def _waiting(run: RunContext, device_id: str) -> bool:
    """Sections of that device waiting for a key here, or its changes held back for a
    case this laptop does not hold yet: not all of its work is here to carry."""
    return (
        _unread(run, device_id, None)
        or run.db.one("SELECT 1 FROM sync_held_back WHERE device = ?", (device_id,)) is not None
    )
