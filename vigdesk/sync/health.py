"""Sync health per device, read from the site folder (the BSO's site console).

For every member, removed member and stray folder under ``devices/``: how many journal
files the device has sent and when it wrote the newest (its header's `created_at`,
trusted only once the file's signature verifies with the device's key in site.json),
and how many audit checkpoints it has pushed and when the newest was made (checkpoints
are signed too). No keys beyond the public ones in site.json are needed, and nothing is
decrypted. Blocking file I/O; OS errors propagate (callers map them with
`vigdesk.sync.share.share_errors`).

A device may delete its own audit folder, or its newest checkpoints. So the reader's
vault (`db`, the BSO's) remembers per device the newest checkpoint it verified (in
`meta`, key `audit_seen:<device id>`) and flags a folder that is gone or went backwards
since. Before any look was remembered, a device that has sent change files but has no
audit checkpoint is flagged too (every sync pushes its audit after its changes).
Not caught: folders deleted before the console ever looked, for a device that never
sent changes.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from vigdesk.core.errors import IntegrityError
from vigdesk.storage.db import Database
from vigdesk.sync import journal
from vigdesk.sync.audit_push import CHECKPOINT_RE, Checkpoint, read_checkpoint
from vigdesk.sync.layout import JOURNAL_RE, SiteLayout, numbered
from vigdesk.sync.limits import CHECKPOINT, JOURNAL, read_capped
from vigdesk.sync.manifest import SiteManifest

MEMBER = "member"
REMOVED = "removed"
UNKNOWN = "unknown"


@dataclass(frozen=True)
class DeviceHealth:
    """One device's traces on the site. Times are ISO strings (None: nothing yet)."""

    device_id: str
    member_id: str  # "" for a folder no member owns
    name: str  # "" for a folder no member owns
    role: str  # "" unless a current member
    standing: str  # MEMBER, REMOVED or UNKNOWN
    journal_files: int
    last_change_at: str | None
    audit_pushes: int
    last_audit_at: str | None
    audited_to: int  # the last audit entry number pushed
    problems: tuple[str, ...] = ()

    @property
    def last_seen_at(self) -> str | None:
        """The newest trace of the device (a journal file or an audit push)."""
        stamps = [s for s in (self.last_change_at, self.last_audit_at) if s]
        return max(stamps) if stamps else None


def _starts(layout: SiteLayout, device_id: str, first: int, key: bytes) -> bool:
    """The device's first file is its first, or a compaction marker superseding the rest."""
    if first == 1:
        return True
    try:
        data = read_capped(layout.journal(device_id, first), JOURNAL, "it")
        return journal.parse(data, key).header.supersedes == first - 1
    except IntegrityError:
        return False


def _journal(
    layout: SiteLayout, site: SiteManifest, device_id: str, key: bytes, final: int | None
) -> tuple[int, str | None, list[str]]:
    """(files, newest verified created_at, problems) of one device's journal."""
    seqs = numbered(layout.journal_dir(device_id), JOURNAL_RE)
    problems: list[str] = []
    if not seqs:
        return 0, None, problems
    if seqs != list(range(seqs[0], seqs[-1] + 1)) or not _starts(layout, device_id, seqs[0], key):
        problems.append("some change files are missing (a gap)")
    if final is not None and seqs[-1] > final:
        problems.append("change files were written after the device was removed")
    newest = seqs[-1] if final is None else max((s for s in seqs if s <= final), default=0)
    if not newest:
        return len(seqs), None, problems
    try:
        header = journal.parse(
            read_capped(layout.journal(device_id, newest), JOURNAL, "it"), key
        ).header
    except IntegrityError as exc:
        problems.append(f"change file {newest}: {exc}")
        return len(seqs), None, problems
    if (header.site_id, header.device_id, header.seq) != (site.site_id, device_id, newest):
        problems.append(f"change file {newest} belongs to another device or site")
        return len(seqs), None, problems
    return len(seqs), header.created_at, problems


def _audit(
    layout: SiteLayout, device_id: str, key: bytes
) -> tuple[int, Checkpoint | None, list[str]]:
    """(checkpoints, the newest one once verified, problems)."""
    found = numbered(layout.audit_dir(device_id), CHECKPOINT_RE)
    if not found:
        return 0, None, []
    try:
        cp = read_checkpoint(
            read_capped(layout.checkpoint(device_id, found[-1]), CHECKPOINT, "it"), key
        )
    except IntegrityError as exc:
        return len(found), None, [f"audit checkpoint {found[-1]}: {exc}"]
    if cp.device_id != device_id or cp.segment != found[-1]:
        return len(found), None, [f"audit checkpoint {found[-1]} belongs elsewhere"]
    return len(found), cp, []


def _seen_key(device_id: str) -> str:
    return f"audit_seen:{device_id}"


def _compare_seen(
    db: Database | None, device_id: str, pushes: int, cp: Checkpoint | None, journal_files: int
) -> list[str]:
    """Problems of an audit trail that vanished or went backwards; remembers a newer one."""
    seen = (
        None
        if db is None
        else db.scalar("SELECT value FROM meta WHERE key = ?", (_seen_key(device_id),))
    )
    if seen is None:
        if journal_files and not pushes:
            return [
                "it has sent changes but its audit trail on the site is missing"
                " (deleted, or its first sync was interrupted)"
            ]
    else:
        segment, last_seq = (int(x) for x in str(seen).split(":")[:2])
        if not pushes:
            return [
                f"its audit trail on the site is gone: it had reached entry {last_seq}"
                f" (checkpoint {segment}) when last checked"
            ]
        if cp is None:
            return []  # the newest checkpoint's own problem is reported
        if cp.segment < segment or cp.last_seq < last_seq:
            return [
                f"its audit trail on the site went backwards: entry {cp.last_seq}"
                f" (checkpoint {cp.segment}), after reaching entry {last_seq}"
                f" (checkpoint {segment}) when last checked"
            ]
    newest = None if cp is None else f"{cp.segment}:{cp.last_seq}:{cp.last_hash}"
    if db is not None and newest is not None and newest != seen:
        with db.transact():
            db.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?)"
                " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (_seen_key(device_id), newest),
            )
    return []


def device_health(
    layout: SiteLayout, site: SiteManifest, db: Database | None = None
) -> list[DeviceHealth]:
    """Members first (in site.json order), then removed members, then stray folders.

    With `db`, the reader's vault remembers each device's newest verified checkpoint
    there and flags a trail that is gone or went backwards since (writes to `db`)."""
    present = set(os.listdir(layout.devices)) if layout.devices.is_dir() else set()
    rows: list[DeviceHealth] = []
    known: set[str] = set()
    owners = [
        (m.device_id, m.id, m.name, m.role, MEMBER, m.sign_key, None) for m in site.members
    ] + [(r.device_id, r.id, r.name, "", REMOVED, r.sign_key, r.final_seq) for r in site.retired]
    for device_id, member_id, name, role, standing, key, final in owners:
        if device_id in known:
            continue
        known.add(device_id)
        files, changed, journal_problems = _journal(layout, site, device_id, key, final)
        pushes, cp, audit_problems = _audit(layout, device_id, key)
        audit_problems += _compare_seen(db, device_id, pushes, cp, files)
        rows.append(
            DeviceHealth(
                device_id,
                member_id,
                name,
                role,
                standing,
                files,
                changed,
                pushes,
                None if cp is None else cp.created_at,
                0 if cp is None else cp.last_seq,
                tuple(journal_problems + audit_problems),
            )
        )
    for device_id in sorted(present - known):  # a listed name: no separators, no ".."
        files = len(numbered(layout.devices / device_id / "journal", JOURNAL_RE))
        pushes = len(numbered(layout.devices / device_id / "audit", CHECKPOINT_RE))
        rows.append(
            DeviceHealth(
                device_id,
                "",
                "",
                "",
                UNKNOWN,
                files,
                None,
                pushes,
                None,
                0,
                ("not a member of the site: its files are ignored",),
            )
        )
    return rows
