"""Verified network detection (DESIGN §6): sync runs only against the genuine, current site.

The site counts as reachable only when the folder is there, site.json verifies against
the site key pinned at enrolment, it is not older than the newest version seen (no
rollback, no fork), the folder is one of the site's registered locations (a copy
elsewhere is refused) and, if the site demands it, the OS reports a domain network.
Blocking file I/O: call off the GUI thread.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from vigdesk.core.errors import IntegrityError, SiteRefused, SiteUnavailable
from vigdesk.storage.sync_state import SitePin
from vigdesk.sync.codec import sha256_hex, unb64
from vigdesk.sync.identity import fingerprint, verify
from vigdesk.sync.layout import SiteLayout
from vigdesk.sync.limits import SIGNATURE, SITE_JSON, read_capped
from vigdesk.sync.manifest import SIGN_DOMAIN, SiteManifest
from vigdesk.sync.network import NetworkStatus

RETRIES = 3
RETRY_PAUSE = 0.2  # the BSO replaces site.json and its .sig one after the other


@dataclass(frozen=True)
class VerifiedSite:
    layout: SiteLayout
    manifest: SiteManifest
    raw: bytes

    @property
    def digest(self) -> str:
        return sha256_hex(self.raw)


def same_place(a: str | Path, b: str | Path) -> bool:
    return os.path.normcase(os.path.realpath(a)) == os.path.normcase(os.path.realpath(b))


def _read(layout: SiteLayout) -> tuple[bytes, bytes]:
    if not layout.share.is_dir():
        raise SiteUnavailable(
            f"The site folder {layout.share} cannot be reached: connect to the council "
            "network (or plug in at the office) and try again."
        )
    try:
        raw = read_capped(layout.manifest, SITE_JSON, "site.json")
        sig_file = read_capped(layout.signature, SIGNATURE, "site.json.sig")
    except IntegrityError as exc:
        raise SiteRefused(
            f"The site folder {layout.share} holds a damaged or planted site.json ({exc}). "
            "Sync refused; tell the BSO."
        ) from None
    except FileNotFoundError:
        raise SiteRefused(
            f"{layout.share} is not a vigdesk site folder (no vigdesk/site.json with its "
            "signature). Check the path with the BSO."
        ) from None
    except OSError as exc:
        raise SiteUnavailable(
            f"Cannot read site.json in {layout.share} ({exc.strerror}): check the connection "
            "and ask the BSO to check your access to the folder."
        ) from exc
    try:
        return raw, unb64(sig_file.decode("ascii").strip())
    except (ValueError, UnicodeDecodeError):
        return raw, b""  # an unreadable signature verifies nothing


def read_verified(layout: SiteLayout, site_key: bytes | None) -> tuple[SiteManifest, bytes]:
    """site.json verified against `site_key` (None: against its own embedded key, which
    only proves consistency; the fingerprint must then be compared out of band)."""
    for attempt in range(RETRIES):
        raw, sig = _read(layout)
        manifest: SiteManifest | None = None
        if site_key is None or verify(site_key, SIGN_DOMAIN, raw, sig):  # before parsing
            try:
                manifest = SiteManifest.from_bytes(raw)
            except ValueError:
                manifest = None
        key = site_key if site_key is not None else (manifest.site_key if manifest else b"")
        if manifest is not None and verify(key, SIGN_DOMAIN, raw, sig):
            return manifest, raw
        if attempt + 1 < RETRIES:
            time.sleep(RETRY_PAUSE)
    pinned = f" (pinned fingerprint {fingerprint(site_key)})" if site_key else ""
    raise SiteRefused(
        f"site.json in {layout.share} is not signed by the site key{pinned}: it was forged, "
        "damaged or belongs to another site. Sync refused; tell the BSO."
    )


def check_site(
    layout: SiteLayout, pin: SitePin, network: NetworkStatus, *, any_location: bool = False
) -> VerifiedSite:
    """The verified site, or SiteUnavailable / SiteRefused with the reason.

    `any_location` skips the registered-location check (only for the BSO, who holds the
    site key, registering a new location).
    """
    manifest, raw = read_verified(layout, pin.site_key)
    if manifest.site_id != pin.site_id or manifest.site_key != pin.site_key:
        raise SiteRefused(
            f"{layout.share} holds a different site ({manifest.name}) from the one this "
            "vault enrolled in. Sync refused."
        )
    if manifest.version < pin.version:
        raise SiteRefused(
            f"site.json in {layout.share} is version {manifest.version}, older than version "
            f"{pin.version} already seen: this is a stale copy or a rollback. Sync refused; "
            "tell the BSO."
        )
    if manifest.version == pin.version and sha256_hex(raw) != pin.manifest_hash:
        raise SiteRefused(
            f"site.json in {layout.share} differs from the version {pin.version} already seen "
            "without a new version number. Sync refused; tell the BSO."
        )
    locations = manifest.hints.locations
    if (
        not any_location
        and locations
        and not any(same_place(layout.share, place) for place in locations)
    ):
        raise SiteRefused(
            f"{layout.share} is not where the site '{manifest.name}' lives (registered: "
            f"{', '.join(locations)}): it looks like a copy of the site folder. Sync refused; "
            "the BSO can register a new location with 'vigdesk site locate'."
        )
    if manifest.hints.require_domain_network and network.domain_authenticated() is False:
        raise SiteUnavailable(
            "This computer is not on the council's domain network, which the site requires "
            f"({network.describe()}). Sync when you are back at the office."
        )
    return VerifiedSite(layout, manifest, raw)
