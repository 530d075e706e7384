"""What one sync run works with: the vault's storage, this device and the verified site."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from vigdesk.core.clock import Clock, iso
from vigdesk.core.errors import Cancelled
from vigdesk.storage.blobs import BlobStore
from vigdesk.storage.db import Database
from vigdesk.storage.keyring import Keyring
from vigdesk.storage.sync_state import SyncState
from vigdesk.sync.check import VerifiedSite
from vigdesk.sync.identity import DeviceKeys
from vigdesk.sync.layout import SiteLayout
from vigdesk.sync.manifest import Member, SiteManifest
from vigdesk.sync.share import unavailable


@dataclass(frozen=True)
class Device:
    device_id: str
    member_id: str
    keys: DeviceKeys


@dataclass(frozen=True)
class SyncProgress:
    """`phase` is one of keys, upload, journal, receive, compact, download, erasures,
    audit, done."""

    phase: str
    done: int = 0
    total: int = 0


ProgressHook = Callable[[SyncProgress], None]
CancelHook = Callable[[], bool]


@dataclass
class RunContext:
    db: Database
    state: SyncState
    keyring: Keyring
    blobs: BlobStore
    device: Device
    site: VerifiedSite
    clock: Clock
    progress: ProgressHook | None = None
    cancelled: CancelHook | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def layout(self) -> SiteLayout:
        return self.site.layout

    @property
    def manifest(self) -> SiteManifest:
        return self.site.manifest

    @property
    def me(self) -> Member:
        member = self.manifest.member(self.device.member_id)
        assert member is not None, "checked before the run starts"
        return member

    def now(self) -> datetime:
        return self.clock()

    def now_iso(self) -> str:
        return iso(self.clock())

    def report(self, phase: str, done: int = 0, total: int = 0) -> None:
        """Tell the caller where we are, then check the site is still there."""
        if self.progress is not None:
            self.progress(SyncProgress(phase, done, total))
        if phase != "done" and not self.layout.root.is_dir():
            raise unavailable(self.layout, f"syncing ({phase})")

    def check_cancel(self) -> None:
        if self.cancelled is not None and self.cancelled():
            raise Cancelled(
                "Sync was cancelled. What was already copied is kept; the next sync continues."
            )
