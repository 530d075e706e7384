"""Qt-free probes run inside tasks: where this vault stands with the site, and the
data the dialogs show. Workers return these plain values; widgets never call services.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum

from vigdesk.services.session import Services
from vigdesk.services.sync import SyncConflict
from vigdesk.sync.audit_verify import SiteAudit
from vigdesk.sync.errors import NotEnrolled, SiteRefused, SiteUnavailable
from vigdesk.sync.identity import fingerprint

# A sync may bring anything from the other laptops: every area refreshes.
ALL_AREAS = frozenset(
    {
        "cases",
        "people",
        "media",
        "consent",
        "sessions",
        "helping",
        "questionnaires",
        "outcomes",
        "retention",
        "holds",
        "sync",
    }
)


class Reach(Enum):
    CONNECTED = "connected"
    OFFLINE = "offline"
    NOT_ENROLLED = "not_enrolled"
    WAITING = "waiting"  # enrolled, the BSO has not approved yet
    REFUSED = "refused"


@dataclass(frozen=True)
class SiteState:
    reach: Reach
    site_name: str = ""
    reason: str = ""
    last_sync_at: str | None = None
    unsent_changes: int = 0
    open_conflicts: int = 0

    @property
    def can_sync(self) -> bool:
        return self.reach is Reach.CONNECTED


def probe(services: Services) -> SiteState:
    """Check the pinned site now (blocking file I/O: call in a task)."""
    st = services.sync.status()
    base = SiteState(
        Reach.NOT_ENROLLED,
        site_name=st.site_name,
        last_sync_at=st.last_sync_at,
        unsent_changes=st.unsent_changes,
        open_conflicts=st.open_conflicts,
    )
    if not st.enrolled:
        return base
    try:
        services.sync.site.verified()
    except NotEnrolled as exc:
        return replace(base, reason=str(exc))
    except SiteUnavailable as exc:
        return replace(base, reach=Reach.OFFLINE, reason=str(exc))
    except SiteRefused as exc:
        return replace(base, reach=Reach.REFUSED, reason=str(exc))
    st = services.sync.status()  # verifying may have refreshed the pinned site.json
    return replace(
        base,
        reach=Reach.CONNECTED if st.approved else Reach.WAITING,
        site_name=st.site_name,
        last_sync_at=st.last_sync_at,
    )


@dataclass(frozen=True)
class ConflictRow:
    conflict: SyncConflict
    case_code: str


def conflict_rows(services: Services) -> list[ConflictRow]:
    codes = {c.id: c.code for c in services.cases.list_cases()}
    return [ConflictRow(c, codes.get(c.case_id, "—")) for c in services.sync.conflicts()]


@dataclass(frozen=True)
class MemberRow:
    id: str
    name: str
    role: str
    device_id: str
    fingerprint: str


@dataclass(frozen=True)
class RequestRow:
    device_id: str
    name: str
    role: str
    fingerprint: str
    requested_at: str


@dataclass(frozen=True)
class ConsoleData:
    site_name: str
    site_fingerprint: str
    members: list[MemberRow]
    requests: list[RequestRow]
    requests_error: str = ""


def console_data(services: Services) -> ConsoleData:
    """Members from the pinned site.json; requests need the site (may be offline)."""
    site = services.sync.site
    members = [
        MemberRow(m.id, m.name, m.role, m.device_id, fingerprint(m.sign_key))
        for m in site.members()
    ]
    manifest = services.sync.manifest()
    name = manifest.name if manifest else ""
    site_fp = fingerprint(manifest.site_key) if manifest else ""
    try:
        requests = [
            RequestRow(r.device_id, r.name, r.role, r.fingerprint, r.requested_at)
            for r in site.requests()
        ]
    except (SiteUnavailable, SiteRefused, NotEnrolled) as exc:
        return ConsoleData(name, site_fp, members, [], str(exc))
    return ConsoleData(name, site_fp, members, requests)


def verify_audit(services: Services) -> SiteAudit:
    return services.sync.audit_verify()
