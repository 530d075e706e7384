"""Sync with the site folder: the use cases the UI and the CLI call (DESIGN §6).

`sync()` is long-running blocking I/O: run it in a task (ui/tasks.py) and pass progress
and cancel hooks (progress is called on the calling thread; `cancelled` also from the
copy workers, so make it a thread-safe flag). It raises NotEnrolled, SiteUnavailable,
SiteRefused, SyncBusy (another sync of the vault runs), Cancelled (what finished is
kept) or VigdeskError. The other methods are quick database work and safe
to call from any thread (the Database serialises them).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vigdesk.core.clock import iso
from vigdesk.core.errors import InvalidInput, NotEnrolled, NotFound, SiteRefused
from vigdesk.core.ids import CaseId
from vigdesk.core.retention import Policy
from vigdesk.services.context import Context
from vigdesk.services.site import SiteService
from vigdesk.storage.sync_state import SyncState
from vigdesk.sync import blobflow, hlc
from vigdesk.sync.audit_verify import SiteAudit, verify_site
from vigdesk.sync.codec import decode_value
from vigdesk.sync.context import CancelHook, Device, ProgressHook, RunContext
from vigdesk.sync.manifest import Member, SiteManifest
from vigdesk.sync.network import NetworkStatus, network_status
from vigdesk.sync.run import SyncReport, run_sync
from vigdesk.sync.schema import SPECS
from vigdesk.sync.share import share_errors
from vigdesk.sync.vaultlock import sync_lock
from vigdesk.sync.waiting import WaitingRow as WaitingRow  # re-exported for the ui
from vigdesk.sync.waiting import waiting_rows


@dataclass(frozen=True)
class SyncConflict:
    """Two values written concurrently to one field; `kept` is the one now in the record."""

    id: str
    table: str
    row: str
    case_id: CaseId
    column: str
    kept: Any
    other: Any
    detected_at: str
    settled_at: str | None
    resolution: str | None
    kept_by: str = ""  # who wrote each value: a member's name, "" for this vault
    other_by: str = ""


@dataclass(frozen=True)
class SyncStatus:
    enrolled: bool
    approved: bool
    site_name: str
    location: str
    last_sync_at: str | None
    unsent_changes: int
    pending_rows: int
    open_conflicts: int


class SyncService:
    def __init__(self, ctx: Context, network: NetworkStatus | None = None) -> None:
        self._ctx = ctx
        self._network = network or network_status()
        self._state = SyncState(ctx.db, ctx.vault.master_key)
        self.site = SiteService(ctx, self._network)

    # -- syncing ---------------------------------------------------------------------------

    def _run(
        self, share: Path | None, progress: ProgressHook | None, cancelled: CancelHook | None
    ) -> RunContext:
        try:
            site = self.site.verified(share)
        except SiteRefused as exc:
            self._ctx.audit.append("sync.refused", "site", "", {"reason": type(exc).__name__})
            raise
        device: Device = self.site.device()
        if site.manifest.member(device.member_id) is None:
            if site.manifest.retired_device(device.device_id) is not None:
                raise NotEnrolled("The BSO removed this vault from the site: sync is off.")
            raise NotEnrolled(
                "The BSO has not approved this vault's enrolment yet: ask them to run "
                f"'vigdesk site approve {device.device_id[:8]}'."
            )
        return RunContext(
            self._ctx.db,
            self._state,
            self._ctx.keyring,
            self._ctx.blobs,
            device,
            site,
            self._ctx.vault.clock,
            progress,
            cancelled,
        )

    def sync(
        self,
        share: Path | None = None,
        progress: ProgressHook | None = None,
        cancelled: CancelHook | None = None,
    ) -> SyncReport:
        """Exchange everything with the site. `share` overrides the pinned location."""
        run = self._run(share, progress, cancelled)
        started = iso(self._ctx.vault.clock())
        with sync_lock(self._ctx.vault.home):
            report = run_sync(run, self._ctx.audit)
        with self._ctx.db.transact():
            self._ctx.db.execute(
                "INSERT INTO sync_runs (started_at, finished_at, ok, summary) VALUES (?,?,?,?)",
                (
                    started,
                    iso(self._ctx.vault.clock()),
                    int(not report.problems),
                    f"sent {report.sent}, received {report.received}, problems "
                    f"{len(report.problems)}",
                ),
            )
            self._ctx.db.execute("UPDATE sync_site SET last_sync_at = ?", (started,))
            # A row deleted for good (an erasure elsewhere) has forgotten its values; the
            # conflicts listing them go too, so nobody is shown an erased name to settle.
            self._ctx.db.execute(
                "DELETE FROM sync_conflicts WHERE EXISTS (SELECT 1 FROM sync_rows r"
                " WHERE r.tbl = sync_conflicts.tbl AND r.pk = sync_conflicts.pk"
                " AND r.alive = 0 AND r.fields = '{}')"
            )
            if report.changed or report.problems:
                self._ctx.audit.append(
                    "sync.completed",
                    "site",
                    run.manifest.site_id,
                    {
                        "sent": report.sent,
                        "received": report.received,
                        "up": report.uploaded,
                        "down": report.downloaded,
                        "conflicts": report.conflicts,
                        "problems": len(report.problems),
                    },
                )
        if report.received or report.shredded or report.withdrawn:
            # Rows another laptop deleted or erased: no page holding them stays in the WAL.
            self._ctx.db.checkpoint()
        return report

    def fetch_blob(self, blob_id: str, share: Path | None = None) -> None:
        """Fetch one blob the policy left on the site (the BSO opening a video)."""
        run = self._run(share, None, None)
        with share_errors(run.layout, "fetching the file"):
            blobflow.fetch_one(run, blob_id)

    def audit_verify(self, share: Path | None = None) -> SiteAudit:
        """Check every device's audit chain on the (verified) site."""
        site = self.site.verified(share)
        with share_errors(site.layout, "verifying the audit"):
            return verify_site(site.layout, site.manifest)

    # -- state ------------------------------------------------------------------------------

    def manifest(self) -> SiteManifest | None:
        pin = self._state.pin()
        return None if pin is None else SiteManifest.from_bytes(pin.manifest)

    def site_policy(self) -> Policy | None:
        """The retention policy in the newest verified site.json (None before enrolment)."""
        manifest = self.manifest()
        if manifest is None or not manifest.retention:
            return None
        return Policy.from_json(manifest.retention, "the site's retention policy")

    def status(self) -> SyncStatus:
        pin, manifest = self._state.pin(), self.manifest()
        db = self._ctx.db
        member = self._ctx.vault.profile.member_id
        return SyncStatus(
            enrolled=pin is not None,
            approved=manifest is not None and manifest.member(member) is not None,
            site_name=manifest.name if manifest else "",
            location=pin.location if pin else "",
            last_sync_at=pin.last_sync_at if pin else None,
            unsent_changes=int(db.scalar("SELECT count(*) FROM sync_outbox"))
            + int(db.scalar("SELECT count(*) FROM sync_changes")),
            pending_rows=int(db.scalar("SELECT count(*) FROM sync_rows WHERE pending = 1")),
            open_conflicts=int(
                db.scalar("SELECT count(*) FROM sync_conflicts WHERE settled_at IS NULL")
            ),
        )

    # -- conflicts ---------------------------------------------------------------------------

    def conflicts(self, *, open_only: bool = True) -> list[SyncConflict]:
        rows = self._ctx.db.execute(
            "SELECT id, tbl, pk, case_id, col, kept_value, other_value, detected_at,"
            " settled_at, resolution, kept_hlc, other_hlc FROM sync_conflicts"
            + (" WHERE settled_at IS NULL" if open_only else "")
            + " ORDER BY detected_at, id"
        )
        author = self._author_of()
        return [
            SyncConflict(
                r[0],
                r[1],
                r[2],
                r[3],
                r[4],
                json.loads(r[5]),
                json.loads(r[6]),
                r[7],
                r[8],
                r[9],
                author(r[10]),
                author(r[11]),
            )
            for r in rows
        ]

    def _author_of(self) -> Callable[[str], str]:
        """stamp → the name of the member whose device wrote it ("" for this vault)."""
        manifest = self.manifest()
        ident = self._state.identity()
        mine = ident.device_id if ident else ""

        def author(stamp: str) -> str:
            device = hlc.device_of(stamp)
            if device == mine or manifest is None:
                return ""
            found = manifest.by_device(device) or manifest.retired_device(device)
            return found.name if found else "another laptop"

        return author

    def settle(self, conflict_id: str, choice: str) -> SyncConflict:
        """Settle a conflict: `choice` "kept" confirms the current value, "other" writes the
        other one back (it syncs as a normal edit). Raises NotFound, InvalidInput."""
        if choice not in ("kept", "other"):
            raise InvalidInput("Choose 'kept' or 'other'.")
        found = [c for c in self.conflicts() if c.id.startswith(conflict_id)]
        if len(found) != 1:
            raise NotFound(f"No single open conflict matches {conflict_id!r}.")
        c = found[0]
        spec = SPECS[c.table]
        with self._ctx.db.transact() as db:
            if choice == "other":
                where = " AND ".join(f"{k} = ?" for k in spec.pk)
                db.execute(
                    f"UPDATE {c.table} SET {c.column} = ? WHERE {where}",
                    (decode_value(c.other), *json.loads(c.row)),
                )
            now = iso(self._ctx.vault.clock())
            db.execute(
                "UPDATE sync_conflicts SET settled_at = ?, resolution = ? WHERE id = ?",
                (now, choice, c.id),
            )
            db.execute(  # syncs, so the other devices close it too
                "INSERT OR IGNORE INTO conflict_settlements VALUES (?, ?, ?, ?, ?)",
                (c.id, c.case_id, choice, self._ctx.vault.profile.member_id, now),
            )
            self._ctx.audit.append(
                "sync.conflict_settled",
                "case",
                c.case_id,
                {"table": c.table, "column": c.column, "choice": choice},
            )
        return next(x for x in self.conflicts(open_only=False) if x.id == c.id)

    # -- rows waiting to apply -------------------------------------------------------------

    def waiting(self) -> list[WaitingRow]:
        """Rows received but not written yet, parents first, each with a human reason."""
        return waiting_rows(self._ctx.db)

    # -- assignment --------------------------------------------------------------------------

    def assign(self, case_id: CaseId, member_id: str) -> None:
        """Give a member the case: its key is wrapped to them at the next sync."""
        manifest = self.manifest()
        member = manifest.member(member_id) if manifest else None
        if member is None:
            raise NotFound("That person is not a member of the site.")
        if self._ctx.db.one("SELECT 1 FROM cases WHERE id = ?", (case_id,)) is None:
            raise NotFound(f"No case with id {case_id}.")
        with self._ctx.db.transact() as db:
            db.execute(
                "INSERT OR IGNORE INTO case_members VALUES (?, ?, ?, ?)",
                (
                    case_id,
                    member.id,
                    self._ctx.vault.profile.member_id,
                    iso(self._ctx.vault.clock()),
                ),
            )
            self._ctx.audit.append("case.assigned", "case", case_id, {"member": member.id})

    def unassign(self, case_id: CaseId, member_id: str) -> None:
        """Take a member off a case: their key wrap is removed at the next sync."""
        with self._ctx.db.transact() as db:
            db.execute(
                "DELETE FROM case_members WHERE case_id = ? AND member_id = ?", (case_id, member_id)
            )
            self._ctx.audit.append("case.unassigned", "case", case_id, {"member": member_id})

    def assignments(self, case_id: CaseId) -> list[Member | str]:
        manifest = self.manifest()
        ids = [
            r[0]
            for r in self._ctx.db.execute(
                "SELECT member_id FROM case_members WHERE case_id = ? ORDER BY assigned_at",
                (case_id,),
            )
        ]
        return [(manifest.member(i) if manifest else None) or i for i in ids]
