"""The doctor's checks of the site folder (`vigdesk doctor --site`).

The site is verified against the key pinned in the vault (`sync.check.check_site`),
each device's traces come from `sync.health.device_health`, and nothing is decrypted
or written: the BSO console remembers how far each device's audit trail reached and
flags one that went backwards; the doctor, writing nothing, reports what the site
shows now. Blocking file I/O on the share.
"""

from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from vigdesk.core.clock import Clock, utc_now
from vigdesk.core.dates import day_text
from vigdesk.core.errors import VigdeskError
from vigdesk.services.doctor_findings import SHOWN, Finding, Severity, agree, plural
from vigdesk.services.doctor_vault import blob_census
from vigdesk.storage.erasures import ErasureRepo
from vigdesk.storage.sync_state import SyncState
from vigdesk.storage.vault_reader import VaultReader
from vigdesk.sync import limits
from vigdesk.sync.check import check_site
from vigdesk.sync.erasures import SITE_FILES
from vigdesk.sync.health import MEMBER, device_health
from vigdesk.sync.layout import SiteLayout
from vigdesk.sync.manifest import SiteManifest
from vigdesk.sync.network import NetworkStatus, network_status
from vigdesk.sync.share import share_errors


def check(
    reader: VaultReader,
    share: Path | None,
    network: NetworkStatus | None,
    clock: Clock = utc_now,
) -> list[Finding]:
    pin = SyncState(reader.db, reader.master_key).pin()
    if pin is None:
        return [
            Finding(
                "site.reach",
                Severity.ERROR,
                "This vault is not enrolled in a site, so there is no site to check.",
            )
        ]
    layout = SiteLayout(share or Path(pin.location))
    try:
        site = check_site(layout, pin, network or network_status())
        with share_errors(layout, "checking the site"):
            return [
                Finding("site.reach", Severity.OK, f"The site folder {layout.share} verifies."),
                *_devices(layout, site.manifest),
                *_stale_wraps(layout, site.manifest),
                *_oversize(layout),
                *_unfetched(layout, reader),
                *_erasures(reader, site.manifest, clock().date()),
            ]
    except VigdeskError as exc:
        return [Finding("site.reach", Severity.ERROR, str(exc))]


def _size(folder: Path, suffix: str) -> tuple[int, int]:
    """(files, bytes) of the files named `*suffix` directly in `folder`."""
    try:
        entries = list(os.scandir(folder))
    except FileNotFoundError:
        return 0, 0
    sizes = [e.stat(follow_symlinks=False).st_size for e in entries if e.name.endswith(suffix)]
    return len(sizes), sum(sizes)


def _devices(layout: SiteLayout, manifest: SiteManifest) -> list[Finding]:
    """Each device's health (`sync.health`) and its journal and audit on the share."""
    found: list[Finding] = []
    sizes: list[dict[str, Any]] = []
    for h in device_health(layout, manifest, None):
        files, size = _size(layout.devices / h.device_id / "journal", ".vjr")
        audit_files, audit_size = _size(layout.devices / h.device_id / "audit", "")
        sizes.append(
            {
                "device_id": h.device_id,
                "member": h.name,
                "standing": h.standing,
                "journal_files": files,
                "journal_bytes": size,
                "audit_files": audit_files,
                "audit_bytes": audit_size,
                "last_seen_at": h.last_seen_at,
            }
        )
        if h.problems:
            who = h.name if h.standing == MEMBER else f"{h.standing} device {h.device_id[:8]}"
            found.append(
                Finding(
                    "site.device",
                    Severity.WARNING,
                    f"{who}: " + "; ".join(h.problems) + ".",
                    {"device_id": h.device_id, "standing": h.standing, "problems": h.problems},
                )
            )
    total = sum(d["journal_bytes"] + d["audit_bytes"] for d in sizes)
    found.insert(
        0,
        Finding(
            "site.journals",
            Severity.INFO,
            f"{plural(len(sizes), 'device')} on the site {agree(len(sizes), 'holds', 'hold')} "
            f"{plural(sum(d['journal_files'] for d in sizes), 'change file')} and audit files "
            f"totalling {_mb(total)}.",
            {"devices": sizes, "total_bytes": total},
        ),
    )
    return found


def _stale_wraps(layout: SiteLayout, manifest: SiteManifest) -> list[Finding]:
    """Key wraps (`keys/<case>/[<epoch>/]<member>.key`, `keys/site/<epoch>/<member>.key`)
    addressed to someone no longer a member: their device key still opens them."""
    members = {m.id for m in manifest.members}
    stale = sorted(
        p.relative_to(layout.root).as_posix()
        for pattern in ("*/*.key", "*/*/*.key")
        for p in layout.keys.glob(pattern)
        if p.stem not in members
    )
    if not stale:
        return [Finding("site.wraps", Severity.OK, "Every key wrap on the site is for a member.")]
    return [
        Finding(
            "site.wraps",
            Severity.WARNING,
            f"{plural(len(stale), 'key wrap')} on the site {agree(len(stale), 'is', 'are')} "
            "addressed to people who are no longer members; whoever holds their laptop can "
            "still unwrap them. The BSO can delete those files.",
            {"files": stale[:SHOWN], "count": len(stale)},
        )
    ]


_CAPS: tuple[tuple[str, int], ...] = (
    ("site.json", limits.SITE_JSON),
    ("site.json.sig", limits.SIGNATURE),
    ("requests/*.json", limits.REQUEST),
    ("keys/*/*.key", limits.KEY_WRAP),
    ("keys/*/*/*.key", limits.KEY_WRAP),
    ("devices/*/journal/*.vjr", limits.JOURNAL),
    ("devices/*/audit/*.vja", limits.AUDIT_SEGMENT),
    ("devices/*/audit/*.vjc", limits.CHECKPOINT),
)


def _oversize(layout: SiteLayout) -> list[Finding]:
    """Files over the caps every reader applies (`sync.limits`): never written by
    vigdesk, refused by every laptop, so planted or damaged."""
    over = []
    for pattern, cap in _CAPS:
        for path in layout.root.glob(pattern):
            size = path.stat().st_size
            if size > cap:
                over.append({"file": path.relative_to(layout.root).as_posix(), "bytes": size})
    if not over:
        return [Finding("site.sizes", Severity.OK, "No file on the site is over its size cap.")]
    return [
        Finding(
            "site.sizes",
            Severity.ERROR,
            f"{plural(len(over), 'file')} on the site {agree(len(over), 'is', 'are')} larger "
            "than vigdesk ever writes and refused by every laptop (planted or damaged): "
            "tell the BSO.",
            {"files": over[:SHOWN], "count": len(over)},
        )
    ]


def _unfetched(layout: SiteLayout, reader: VaultReader) -> list[Finding]:
    """Files this laptop has not fetched must be on the site, or nobody can fetch them."""
    unfetched = blob_census(reader).unfetched
    if not unfetched:
        return []
    gone = [b for b in unfetched if not layout.blob(b).exists()]
    if not gone:
        return [
            Finding(
                "site.blobs",
                Severity.OK,
                f"The {plural(len(unfetched), 'file')} not fetched to this laptop "
                f"{agree(len(unfetched), 'is', 'are')} on the site.",
            )
        ]
    return [
        Finding(
            "site.blobs",
            Severity.WARNING,
            f"{plural(len(gone), 'file')} recorded here {agree(len(gone), 'is', 'are')} "
            "neither on this laptop nor on the site: the laptop that made them has not "
            "uploaded them yet, or they were lost there.",
            {"blobs": gone[:SHOWN], "count": len(gone)},
        )
    ]


ERASURE_OVERDUE_DAYS = 14
"""An erasure still on the site this long after it was made is a warning, not news."""


def _erasures(reader: VaultReader, manifest: SiteManifest, today: date) -> list[Finding]:
    """Erasures the last sync here did not find gone from every file on the share
    (`sync.erasures`): who still holds them, by device id and staff name."""
    pending = ErasureRepo(reader.db).pending()
    if not pending:
        return [
            Finding(
                "site.erasures",
                Severity.OK,
                "Every erasure this laptop knows of is confirmed gone from the site.",
            )
        ]
    names = {m.device_id: m.name for m in manifest.members}
    names.update({r.device_id: f"{r.name} (removed)" for r in manifest.retired})
    holders = sorted({names.get(d, d[:8]) for e in pending for d in e.waiting if d != SITE_FILES})
    if any(SITE_FILES in e.waiting for e in pending):
        holders.append("the site's video and document folder")
    oldest = date.fromisoformat(min(e.erased_on for e in pending)[:10])
    late = oldest < today - timedelta(ERASURE_OVERDUE_DAYS)
    who = (
        f": still in older change files of {', '.join(holders)} until they next sync"
        if holders
        else ": the next sync here checks the site again"
    )
    return [
        Finding(
            "site.erasures",
            Severity.WARNING if late else Severity.INFO,
            f"{plural(len(pending), 'erasure')} {agree(len(pending), 'is', 'are')} not yet "
            f"confirmed gone from the site (since {day_text(oldest)}){who}.",
            {
                "erasures": [
                    {
                        "person_id": e.person_id,
                        "erased_on": e.erased_on,
                        "checked_at": e.checked_at,
                        "waiting": list(e.waiting),
                    }
                    for e in pending[:SHOWN]
                ],
                "count": len(pending),
                "holders": holders,
            },
        )
    ]


def _mb(n: int) -> str:
    return f"{n / limits.MIB:.1f} MB" if n >= limits.MIB else f"{n / 1024:.0f} KB"
