"""The BSO's file work on the site: first manifest, site data key wraps, requests, removal.

Blocking file I/O on the share; callers map OS errors (`vigdesk.sync.share`).
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

from vigdesk.core.errors import IntegrityError
from vigdesk.paths import resources_dir
from vigdesk.sync import keywraps
from vigdesk.sync.context import Device
from vigdesk.sync.layout import JOURNAL_RE, SiteLayout, numbered
from vigdesk.sync.limits import REQUEST, read_capped
from vigdesk.sync.manifest import Member, NetworkHints, Retired, SiteManifest
from vigdesk.sync.requests import EnrolRequest


def first_manifest(
    site_id: str, name: str, now: str, site_key: bytes, bso: Member, share: Path
) -> SiteManifest:
    """Version 1: the BSO as the only member, the default retention policy, this path."""
    policy = json.loads((resources_dir() / "retention" / "policy.json").read_text("utf-8"))
    hints = NetworkHints((os.path.abspath(share),))
    return SiteManifest(site_id, name, 1, now, site_key, 1, (bso,), (), policy, hints)


def wrap_site_key(
    layout: SiteLayout, epoch: int, member: Member, key: bytes, device: Device
) -> None:
    """Write ``keys/site/<epoch>/<member>.key``, signed by the BSO's device."""
    data = keywraps.make("site", str(epoch), member, key, device.keys, device.device_id)
    layout.write(layout.site_key(epoch, member.id), data)


def pending_requests(layout: SiteLayout, site: SiteManifest) -> list[EnrolRequest]:
    """Validly self-signed requests for this site from vaults not yet members."""
    found = []
    for path in sorted(layout.requests.glob("*.json")):
        with contextlib.suppress(IntegrityError):
            req = EnrolRequest.from_bytes(read_capped(path, REQUEST, "an enrolment request"))
            if req.site_id == site.site_id and site.member(req.member_id) is None:
                found.append(req)
    return found


def retire(layout: SiteLayout, member: Member, now: str) -> Retired:
    """The removed member's record: their journal so far stays valid history."""
    final = numbered(layout.journal_dir(member.device_id), JOURNAL_RE)
    return Retired(
        member.id,
        member.name,
        member.device_id,
        member.sign_key,
        final[-1] if final else 0,
        now,
        member.role,
    )


def drop_wraps(layout: SiteLayout, member_id: str) -> None:
    """Delete every key wrap addressed to a member (cases and site data keys)."""
    for pattern in (f"*/{member_id}.key", f"site/*/{member_id}.key"):
        for wrap in layout.keys.glob(pattern):
            wrap.unlink(missing_ok=True)
