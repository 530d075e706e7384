"""Sync health per device, read from the site folder (the BSO's site console).

For every member, removed member and stray folder under ``devices/``: how many journal
files the device has sent and when it wrote the newest (its header's `created_at`,
trusted only once the file's signature verifies with the device's key in site.json),
and how many audit checkpoints it has pushed and when the newest was made (checkpoints
are signed too). No keys beyond the public ones in site.json are needed, and nothing is
decrypted. Read-only, blocking file I/O; OS errors propagate (callers map them with
`vigdesk.sync.share.share_errors`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from vigdesk.core.errors import IntegrityError
from vigdesk.sync import journal
from vigdesk.sync.audit_push import CHECKPOINT_RE, read_checkpoint
from vigdesk.sync.layout import JOURNAL_RE, SiteLayout, numbered
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


def _journal(
    layout: SiteLayout, site: SiteManifest, device_id: str, key: bytes, final: int | None
) -> tuple[int, str | None, list[str]]:
    """(files, newest verified created_at, problems) of one device's journal."""
    seqs = numbered(layout.journal_dir(device_id), JOURNAL_RE)
    problems: list[str] = []
    if not seqs:
        return 0, None, problems
    if seqs != list(range(1, seqs[-1] + 1)):
        problems.append("some change files are missing (a gap)")
    if final is not None and seqs[-1] > final:
        problems.append("change files were written after the device was removed")
    newest = seqs[-1] if final is None else max((s for s in seqs if s <= final), default=0)
    if not newest:
        return len(seqs), None, problems
    try:
        header = journal.parse(layout.journal(device_id, newest).read_bytes(), key).header
    except IntegrityError as exc:
        problems.append(f"change file {newest}: {exc}")
        return len(seqs), None, problems
    if (header.site_id, header.device_id, header.seq) != (site.site_id, device_id, newest):
        problems.append(f"change file {newest} belongs to another device or site")
        return len(seqs), None, problems
    return len(seqs), header.created_at, problems


def _audit(
    layout: SiteLayout, device_id: str, key: bytes
) -> tuple[int, str | None, int, list[str]]:
    """(checkpoints, newest checkpoint's created_at, its last seq, problems)."""
    found = numbered(layout.audit_dir(device_id), CHECKPOINT_RE)
    if not found:
        return 0, None, 0, []
    try:
        cp = read_checkpoint(layout.checkpoint(device_id, found[-1]).read_bytes(), key)
    except IntegrityError as exc:
        return len(found), None, 0, [f"audit checkpoint {found[-1]}: {exc}"]
    if cp.device_id != device_id or cp.segment != found[-1]:
        return len(found), None, 0, [f"audit checkpoint {found[-1]} belongs elsewhere"]
    return len(found), cp.created_at, cp.last_seq, []


def device_health(layout: SiteLayout, site: SiteManifest) -> list[DeviceHealth]:
    """Members first (in site.json order), then removed members, then stray folders."""
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
        pushes, pushed, audited_to, audit_problems = _audit(layout, device_id, key)
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
                pushed,
                audited_to,
                tuple(journal_problems + audit_problems),
            )
        )
    for device_id in sorted(present - known):
        files = len(numbered(layout.journal_dir(device_id), JOURNAL_RE))
        pushes = len(numbered(layout.audit_dir(device_id), CHECKPOINT_RE))
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
