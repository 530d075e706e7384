"""Qt-free probes run inside tasks: where this vault stands with the site, and the
data the dialogs show. Workers return these plain values; widgets never call services.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import Enum

from vigdesk.core.cases import CaseStatus
from vigdesk.core.errors import InvalidInput, NotEnrolled, SiteRefused, SiteUnavailable
from vigdesk.core.ids import CaseId
from vigdesk.services.doctor import examine_site_of
from vigdesk.services.doctor_findings import Report
from vigdesk.services.retention import SiteFigures
from vigdesk.services.session import Services
from vigdesk.services.subject_access import SubjectAccessService
from vigdesk.services.sync import SyncConflict
from vigdesk.storage.erasures import Erasure
from vigdesk.sync.audit_verify import SiteAudit
from vigdesk.sync.health import DeviceHealth
from vigdesk.sync.identity import fingerprint
from vigdesk.ui.records.request_warning import DueRequest, requests_due


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
class RetiredRow:
    id: str
    name: str
    removed_at: str


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
    me: str = ""  # this vault's member id
    retired: list[RetiredRow] = field(default_factory=list)
    figures: SiteFigures | None = None
    policy_label: str = ""  # the retention policy the figures count by, or why none
    figures_error: str = ""
    requests_due: list[DueRequest] = field(default_factory=list)  # subject access, in a week

    def removable(self, member_id: str) -> bool:
        """Anyone but this vault and the site's last BSO (the service re-checks)."""
        member = next((m for m in self.members if m.id == member_id), None)
        if member is None or member.id == self.me:
            return False
        return member.role != "bso" or sum(m.role == "bso" for m in self.members) > 1


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
    me = services.vault.profile.member_id
    retired = [RetiredRow(r.id, r.name, r.removed_at) for r in manifest.retired] if manifest else []
    figures, label, error = _figures(services)
    due = requests_due(services)
    try:
        requests = [
            RequestRow(r.device_id, r.name, r.role, r.fingerprint, r.requested_at)
            for r in site.requests()
        ]
    except (SiteUnavailable, SiteRefused, NotEnrolled) as exc:
        return ConsoleData(
            name, site_fp, members, [], str(exc), me, retired, figures, label, error, due
        )
    return ConsoleData(
        name, site_fp, members, requests, "", me, retired, figures, label, error, due
    )


def _figures(services: Services) -> tuple[SiteFigures | None, str, str]:
    """The site-wide retention figures over the cases this vault holds, and the policy
    they count by; or why they cannot be counted (an unreadable site policy)."""
    try:
        in_force = services.retention.policy_in_force()
        return services.retention.site_figures(), in_force.label, ""
    except InvalidInput as exc:
        return None, "", str(exc)


# -- who works on which case --------------------------------------------------------------


@dataclass(frozen=True)
class TeamMember:
    id: str
    name: str  # "" when the site does not know them (any more)
    role: str  # "" unless a current member
    removed: bool = False  # the BSO removed them from the site
    you: bool = False  # this vault's own practitioner


@dataclass(frozen=True)
class CaseTeam:
    """A case as lists show it (code and initials only) and who is assigned to it."""

    case_id: CaseId
    code: str
    initials: str
    status: CaseStatus
    members: tuple[TeamMember, ...]


@dataclass(frozen=True)
class TeamsData:
    cases: list[CaseTeam]
    people: list[TeamMember]  # who can be assigned: the site's practitioners and trainees
    enrolled: bool


def case_teams(services: Services) -> TeamsData:
    """Every case this vault holds with its assigned members (the BSO: the whole site).

    A practitioner's own families list them even before the first sync records it: the
    sync assigns whoever opened a case to it (sync/capture.py), so a case on a
    practitioner's laptop with no team yet is theirs."""
    manifest = services.sync.manifest()
    retired = {r.id: r.name for r in manifest.retired} if manifest else {}
    profile = services.vault.profile
    me = TeamMember(profile.member_id, profile.display_name, profile.role, you=True)
    teams = []
    for case in sorted(services.cases.list_cases(), key=lambda c: c.code):
        members = tuple(
            me
            if (m if isinstance(m, str) else m.id) == me.id
            else TeamMember(m, retired.get(m, ""), "", removed=True)
            if isinstance(m, str)
            else TeamMember(m.id, m.name, m.role)
            for m in services.sync.assignments(case.id)
        )
        if not members and profile.role != "bso":
            members = (me,)
        teams.append(CaseTeam(case.id, case.code, case.initials, case.status, members))
    people = (
        [TeamMember(m.id, m.name, m.role) for m in manifest.members if m.role != "bso"]
        if manifest
        else []
    )
    return TeamsData(teams, sorted(people, key=lambda p: p.name.casefold()), manifest is not None)


def case_matches(services: Services, text: str) -> frozenset[str]:
    """Ids of the cases whose names, codes or notes match `text` (full-text search)."""
    return frozenset(c.id for c in services.cases.search(text))


# -- sync health --------------------------------------------------------------------------


@dataclass(frozen=True)
class HealthData:
    """Each device's traces on the site and its audit chain check; `error` if the site
    could not be read (then both are empty)."""

    devices: list[DeviceHealth]
    audit: SiteAudit | None
    error: str = ""


def site_health(services: Services) -> HealthData:
    try:
        devices = services.sync.site.device_health()
        audit = services.sync.audit_verify()
    except (SiteUnavailable, SiteRefused, NotEnrolled) as exc:
        return HealthData([], None, str(exc))
    return HealthData(devices, audit)


# -- the site check (doctor's site half) --------------------------------------------------


@dataclass(frozen=True)
class SiteCheckData:
    """`vigdesk doctor --site` for the open vault, and the erasures not yet confirmed gone
    from the site with the names of the devices still holding them; `error` if the
    site could not be read."""

    report: Report | None
    erasures: list[Erasure]
    names: dict[str, str]
    error: str = ""


def site_check(services: Services) -> SiteCheckData:
    try:
        report = examine_site_of(services.vault)
    except (SiteUnavailable, SiteRefused, NotEnrolled) as exc:
        return SiteCheckData(None, [], {}, str(exc))
    pending = [e for e in SubjectAccessService(services.ctx).erasures() if e.pending]
    names: dict[str, str] = {}
    for finding in report.findings:
        if finding.code == "site.journals":
            names = {d["device_id"]: d["member"] for d in finding.details.get("devices", [])}
    return SiteCheckData(report, pending, names)
