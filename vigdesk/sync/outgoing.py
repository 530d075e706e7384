"""Publishing the outbox as this device's next journal files.

A file is written (``.tmp``, fsync, rename) before the outbox rows it holds are deleted
in one transaction with the new sequence number. A crash in between leaves a file whose
header names those rows (last id and digest): the next run recognises it and only
commits. The device's own folder is the only one written.
"""

from __future__ import annotations

import hashlib

from vigdesk.core.errors import IntegrityError, NotEnrolled
from vigdesk.sync import journal
from vigdesk.sync.codec import sha256_hex
from vigdesk.sync.context import RunContext
from vigdesk.sync.journal import Header, Section
from vigdesk.sync.limits import JOURNAL, read_capped

BATCH = 2000  # entries per file
NOTE_LEFT, NOTE_CARRIED = "left", "carried"
"""Outbox scopes that carry no change: they make a file be written, whose header then
states the hand-over notes (`vigdesk.sync.handover`)."""


def left_notes(run: RunContext) -> tuple[tuple[str, int], ...]:
    """This laptop's "taken off this case; my files up to N hold it", in every file it
    writes until a BSO carries its part (a file can be deleted or jumped over)."""
    return tuple(
        (str(r[0]), int(r[1]))
        for r in run.db.execute(
            "SELECT case_id, upto FROM sync_withdrawn WHERE carried = 0"
            " AND case_id NOT IN (SELECT case_id FROM sync_shredded) ORDER BY case_id LIMIT ?",
            (journal.MAX_NOTES,),
        )
    )


def carried_notes(run: RunContext) -> tuple[tuple[str, str, int], ...]:
    """On a BSO's laptop, what it carries for leavers, until each leaver compacted."""
    return tuple(
        (str(r[0]), str(r[1]), int(r[2]))
        for r in run.db.execute(
            "SELECT device_id, case_id, upto FROM sync_handovers WHERE carried = 1"
            " ORDER BY device_id, case_id LIMIT ?",
            (journal.MAX_NOTES,),
        )
    )


def _last(run: RunContext, last_id: int) -> bool:
    """True when this file empties the outbox: a `carried` note must come after the
    changes it says are carried (the leaver deletes its copies when it reads it)."""
    return run.db.one("SELECT 1 FROM sync_outbox WHERE id > ?", (last_id,)) is None


def _digest(rows: list[tuple[int, str, str, str]]) -> str:
    h = hashlib.sha256()
    for row_id, _scope, _sid, entry in rows:
        h.update(f"{row_id}:{entry}\n".encode())
    return h.hexdigest()


def _commit(run: RunContext, last_id: int, seq: int, file_hash: str) -> None:
    with run.db.transact():
        run.db.execute("DELETE FROM sync_outbox WHERE id <= ?", (last_id,))
        run.state.put("journal_seq", seq)
        run.state.put("journal_hash", file_hash)


def finish_interrupted(run: RunContext) -> bool:
    """If the next file exists because a run died before committing it, commit it now.

    Returns False when files beyond the vault's position are another history (the vault
    was restored from an older copy): see `vigdesk.sync.run.recover_own`.
    """
    seq = run.state.get_int("journal_seq") + 1
    if not run.layout.journal(run.device.device_id, seq).exists():
        return True
    if _ours(run, seq) is None:
        return True  # not this device's file: `publish` replaces it
    rows = _outbox(run)
    return bool(rows) and _adopt(run, seq, rows)


def _outbox(run: RunContext) -> list[tuple[int, str, str, str]]:
    return [
        (int(r[0]), str(r[1]), str(r[2]), str(r[3]))
        for r in run.db.execute(
            "SELECT id, scope, scope_id, entry FROM sync_outbox ORDER BY id LIMIT ?", (BATCH,)
        )
    ]


def _ours(run: RunContext, seq: int) -> tuple[journal.Parsed, bytes] | None:
    """File `seq` of this device's folder, if this device signed it; None for anything
    else (junk, a forgery or an oversized file someone put in its place)."""
    try:
        path = run.layout.journal(run.device.device_id, seq)
        data = read_capped(path, JOURNAL, "a journal file")
        return journal.parse(data, run.device.keys.sign_public), data
    except (IntegrityError, FileNotFoundError):
        return None


def _adopt(run: RunContext, seq: int, rows: list[tuple[int, str, str, str]]) -> bool:
    """File `seq` already exists: True if it is ours with exactly these rows (committed)."""
    found = _ours(run, seq)
    if found is None:
        return False
    parsed, data = found
    if (parsed.header.outbox_last, parsed.header.outbox_digest) == (rows[-1][0], _digest(rows)):
        _commit(run, rows[-1][0], seq, sha256_hex(data))
        return True
    return False


def publish(run: RunContext) -> int:
    """Write the whole outbox as journal files; returns the entries published."""
    published = 0
    device = run.device
    while True:
        run.check_cancel()
        rows = _outbox(run)
        if not rows:
            return published
        seq = run.state.get_int("journal_seq") + 1
        if run.layout.journal(device.device_id, seq).exists() and _ours(run, seq) is None:
            run.problems.append(
                f"A file this laptop did not write stood at its journal number {seq} on the "
                "site, blocking its changes for everyone; it was replaced. Tell the BSO."
            )
        elif run.layout.journal(device.device_id, seq).exists():
            if not _adopt(run, seq, rows):
                raise IntegrityError(
                    f"Journal file {seq} of this vault is already on the site with other "
                    "changes; sync again to recover them first."
                )
            published += len(rows)
            continue
        grouped: dict[tuple[str, str], list[str]] = {}
        for _id, scope, scope_id, entry in rows:
            if scope not in (NOTE_LEFT, NOTE_CARRIED):  # those only make a file be written
                grouped.setdefault((scope, scope_id), []).append(entry)
        bodies = []
        site_epoch = run.manifest.key_epoch
        for (scope, scope_id), entries in grouped.items():
            if scope == "site":
                key = run.state.site_data_key(site_epoch)
                if key is None:
                    raise NotEnrolled(
                        "The site key for this device has not arrived yet: ask the BSO to sync, "
                        "then try again."
                    )
                section = Section("site", str(site_epoch), 0)
            else:
                epoch = run.state.newest_epoch(scope_id)  # after a rotation, the new key
                key = run.state.epoch_key(scope_id, epoch)
                if key is None:
                    continue  # the case was shredded meanwhile: its changes go with it
                section = Section("case", journal.case_tag(scope_id, epoch), 0)
            bodies.append((section, key, ("[" + ",".join(entries) + "]").encode()))
        header = Header(
            run.manifest.site_id,
            device.device_id,
            device.member_id,
            seq,
            run.state.get("journal_hash"),
            run.now_iso(),
            rows[-1][0],
            _digest(rows),
            (),
            left=left_notes(run),
            carried=carried_notes(run) if _last(run, rows[-1][0]) else (),
        )
        data = journal.build(header, bodies, device.keys)
        run.layout.write(run.layout.journal(device.device_id, seq), data)
        _commit(run, rows[-1][0], seq, sha256_hex(data))
        published += len(rows)
        run.report("journal", published, 0)
