"""Healing this device's own journal when files vanish from the site.

Readers take each device's files strictly in sequence, so one deleted file would stop
that device's later changes for everyone, for ever. At every sync the author lists its
own folder; for each number up to its position that is missing it writes a signed
*gap marker* (a file with no changes whose header names the lost file's digest when
the author can still tell it, from the next file's header or its own position), so
readers can step past it (a lost compaction marker is marked again, still superseding
what it did, so readers behind it can still jump). Then it queues again every change
it authored that still stands in its merge state (same stamps, so replicas that
already had them see no change), so what the lost file carried reaches the others.
"""

from __future__ import annotations

from vigdesk.core.errors import IntegrityError
from vigdesk.sync import journal
from vigdesk.sync.codec import sha256_hex
from vigdesk.sync.context import RunContext
from vigdesk.sync.handover import carrier
from vigdesk.sync.journal import LOST_UNKNOWN, Header
from vigdesk.sync.layout import JOURNAL_RE, numbered
from vigdesk.sync.limits import JOURNAL, read_capped
from vigdesk.sync.outgoing import left_notes
from vigdesk.sync.standing import queue, standing


def _own(run: RunContext, seq: int) -> tuple[Header, bytes] | None:
    """This device's own file `seq`, if present and signed by it."""
    dev = run.device
    try:
        data = read_capped(run.layout.journal(dev.device_id, seq), JOURNAL, "a journal file")
        return journal.parse(data, dev.keys.sign_public).header, data
    except (IntegrityError, FileNotFoundError):
        return None


def heal(run: RunContext) -> int:
    """Mark this device's vanished journal files and re-queue its changes; returns how
    many files were marked. OS errors propagate (the caller maps them)."""
    dev, layout = run.device, run.layout
    last, upto = run.state.get_int("journal_seq"), run.state.get_int("compacted_upto")
    present = set(numbered(layout.journal_dir(dev.device_id), JOURNAL_RE))
    missing = [seq for seq in range(upto + 1, last + 1) if seq not in present]
    for seq in missing:
        run.check_cancel()
        before = _own(run, seq - 1) if seq > 1 else None
        after = _own(run, seq + 1) if seq < last else None
        if seq == last:
            lost = run.state.get("journal_hash") or LOST_UNKNOWN
        else:
            lost = after[0].prev if after is not None and after[0].prev else LOST_UNKNOWN
        prev = sha256_hex(before[1]) if before is not None and before[0].lost is None else ""
        header = Header(
            run.manifest.site_id,
            dev.device_id,
            dev.member_id,
            seq,
            prev,
            run.now_iso(),
            0,
            "0" * 64,
            (),
            lost,
            upto if seq == upto + 1 and upto else None,  # a lost compaction marker
            left=left_notes(run),  # the lost file may have been the one saying so
        )
        layout.write(layout.journal(dev.device_id, seq), journal.build(header, [], dev.keys))
    if missing:
        queued = resend_own(run)
        span = f"{missing[0]}" if len(missing) == 1 else f"{missing[0]}..{missing[-1]}"
        run.problems.append(
            f"Journal file(s) {span} of this laptop had vanished from the site; they were "
            f"marked lost and this laptop's {queued} standing changes were sent again. "
            "Tell the BSO: someone deleted files in the site folder."
        )
    return len(missing)


def resend_own(run: RunContext) -> int:
    """Queue every change this device authored that still stands, and on a BSO's laptop
    every change it carries for others (`handover.carrier`); returns how many."""
    me = run.device.device_id
    carried = carrier(run)
    return queue(run, standing(run, lambda d, c: d == me or carried(d, c), pending=False))
