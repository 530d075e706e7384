"""Setting up the site (BSO) and enrolling laptops in it (DESIGN §6).

The BSO's vault runs `init_site`, `approve`, `remove_member` and `add_location`; each
re-signs site.json with the site key, which needs the BSO's passphrase (Argon2id: call
off the GUI thread). A laptop runs `enrol`, which pins the site key: the fingerprint it
returns must be compared with the BSO's out of band. All methods do blocking file I/O.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from vigdesk.core import messages
from vigdesk.core.clock import iso
from vigdesk.core.errors import InvalidInput, NotEnrolled, NotFound, SiteRefused, VaultExists
from vigdesk.core.ids import new_id
from vigdesk.core.retention import Policy
from vigdesk.crypto import keys
from vigdesk.services.context import Context
from vigdesk.storage.sync_state import SitePin, SyncState
from vigdesk.sync import admin, sitekey
from vigdesk.sync.check import VerifiedSite, check_site, read_verified
from vigdesk.sync.codec import sha256_hex
from vigdesk.sync.context import Device
from vigdesk.sync.device import ensure_device, publish_manifest
from vigdesk.sync.health import DeviceHealth, device_health
from vigdesk.sync.identity import fingerprint
from vigdesk.sync.layout import SiteLayout
from vigdesk.sync.manifest import Member, NetworkHints, Retired, SiteManifest
from vigdesk.sync.network import NetworkStatus, network_status
from vigdesk.sync.requests import EnrolRequest
from vigdesk.sync.share import share_errors


@dataclass(frozen=True)
class Enrolment:
    site_name: str
    site_fingerprint: str
    device_fingerprint: str
    request_id: str
    approved: bool


@dataclass(frozen=True)
class SitePreview:
    """What a laptop sees in a site folder before asking to join: compare the site key
    fingerprint with the one the BSO reads out, then `enrol` with it."""

    site_name: str
    site_fingerprint: str
    device_fingerprint: str
    already_member: bool


def _plain_fp(text: str) -> str:
    return "".join(text.split()).lower()


class SiteService:
    def __init__(self, ctx: Context, network: NetworkStatus | None = None) -> None:
        self._ctx = ctx
        self._state = SyncState(ctx.db, ctx.vault.master_key)
        self._network = network or network_status()

    def _now(self) -> str:
        return iso(self._ctx.vault.clock())

    def device(self) -> Device:
        vault = self._ctx.vault
        return ensure_device(
            self._ctx.db, self._state, vault.header.vault_id, vault.profile.member_id, self._now()
        )

    def me_as_member(self) -> Member:
        d, p = self.device(), self._ctx.vault.profile
        return Member(
            p.member_id,
            p.display_name,
            p.role,
            d.device_id,
            d.keys.sign_public,
            d.keys.hpke_public,
            self._now(),
        )

    def verified(self, share: Path | None = None, *, any_location: bool = False) -> VerifiedSite:
        """The pinned site, verified now. Raises NotEnrolled, SiteUnavailable, SiteRefused."""
        pin = self._state.pin()
        if pin is None:
            raise NotEnrolled(messages.not_enrolled())
        layout = SiteLayout(share or Path(pin.location))
        site = check_site(layout, pin, self._network, any_location=any_location)
        self._remember(site, pin)
        return site

    def use_location(self, share: Path) -> VerifiedSite:
        """Sync with the site at `share` from now on (a registered location of the site)."""
        site = self.verified(share)
        self._remember(site, self._state.pin(), os.path.abspath(share))
        return site

    def _remember(
        self, site: VerifiedSite, pin: SitePin | None, location: str | None = None
    ) -> None:
        m = site.manifest
        if pin is not None and pin.version == m.version and location is None:
            return
        with self._ctx.db.transact():
            self._state.save_pin(
                SitePin(
                    m.site_id,
                    location or (pin.location if pin else str(site.layout.share)),
                    m.site_key,
                    m.version,
                    site.digest,
                    site.raw,
                    pin.enrolled_at if pin else self._now(),
                    pin.last_sync_at if pin else None,
                )
            )

    # -- the BSO ---------------------------------------------------------------------------

    def init_site(self, share: Path, name: str, passphrase: str) -> VerifiedSite:
        """Create the site in `share`, with this (BSO) vault as its first member."""
        vault = self._ctx.vault
        if vault.profile.role != "bso":
            raise InvalidInput(messages.site_needs_bso())
        if not name.strip():
            raise InvalidInput(messages.site_needs_name())
        layout = SiteLayout(share)
        if not share.is_dir():
            raise InvalidInput(messages.not_a_folder(share))
        if layout.manifest.exists():
            raise VaultExists(messages.folder_holds_a_site(share))
        if self._state.pin() is not None:
            raise VaultExists(messages.vault_has_a_site())
        site_id = new_id()
        signing = sitekey.create(vault.home, site_id, passphrase, vault.header.kdf)
        me = self.me_as_member()
        manifest = admin.first_manifest(
            site_id, name.strip(), self._now(), signing.public, me, share
        )
        data_key = keys.new_key()
        with share_errors(layout, "setting up the site"):
            layout.make_tree()
            admin.wrap_site_key(layout, 1, me, data_key, self.device())
            raw = publish_manifest(layout, manifest, signing)
        with self._ctx.db.transact():
            self._state.save_site_data_key(1, data_key)
            self._ctx.audit.append("site.created", "site", site_id)
        site = VerifiedSite(layout, manifest, raw)
        self._remember(site, None, os.path.abspath(share))
        return site

    def _resign(
        self, passphrase: str, share: Path | None = None
    ) -> tuple[VerifiedSite, sitekey.SiteSigningKey]:
        signing = sitekey.load(self._ctx.vault.home, passphrase)
        site = self.verified(share, any_location=share is not None)
        if signing.public != site.manifest.site_key:
            raise SiteRefused(messages.site_key_does_not_sign())
        return site, signing

    def _publish(
        self, site: VerifiedSite, manifest: SiteManifest, signing: sitekey.SiteSigningKey
    ) -> VerifiedSite:
        with share_errors(site.layout, "re-signing site.json"):
            raw = publish_manifest(site.layout, manifest, signing)
        fresh = VerifiedSite(site.layout, manifest, raw)
        self._remember(fresh, self._state.pin())
        return fresh

    def requests(self) -> list[EnrolRequest]:
        """Pending, validly self-signed enrolment requests for this site."""
        site = self.verified()
        with share_errors(site.layout, "reading enrolment requests"):
            return admin.pending_requests(site.layout, site.manifest)

    def approve(self, request_id: str, passphrase: str) -> EnrolRequest:
        """Add the requesting device as a member; wrap every site data key epoch to it."""
        site, signing = self._resign(passphrase)
        matches = [r for r in self.requests() if r.device_id.startswith(request_id.strip())]
        if len(matches) != 1:
            raise NotFound(messages.no_such_request(request_id))
        req = matches[0]
        member = req.as_member(self._now())
        manifest = site.manifest.next_version(self._now(), members=(*site.manifest.members, member))
        layout, dev = site.layout, self.device()
        with share_errors(layout, "approving the member"):
            for epoch in sorted(self._state.site_epochs()):
                key = self._state.site_data_key(epoch)
                assert key is not None
                admin.wrap_site_key(layout, epoch, member, key, dev)
        self._publish(site, manifest, signing)
        with share_errors(layout, "approving the member"):
            layout.request(req.device_id).unlink(missing_ok=True)
        self._ctx.audit.append("site.member_added", "member", member.id, {"role": member.role})
        return req

    def remove_member(self, member_id: str, passphrase: str) -> Retired:
        """Remove a member: no keys for them from now on (new site data key epoch, their
        wraps deleted); their journal up to now stays valid history."""
        site, signing = self._resign(passphrase)
        m = site.manifest
        member = m.member(member_id) or next(
            (x for x in m.members if x.device_id.startswith(member_id)), None
        )
        if member is None:
            raise NotFound(messages.no_such_member(member_id))
        if member.id == self._ctx.vault.profile.member_id:
            raise InvalidInput(messages.bso_cannot_remove_self())
        layout, dev = site.layout, self.device()
        with share_errors(layout, "removing the member"):
            retired = admin.retire(layout, member, self._now())
            epoch, data_key = m.key_epoch + 1, keys.new_key()
            remaining = tuple(x for x in m.members if x.id != member.id)
            for other in remaining:
                admin.wrap_site_key(layout, epoch, other, data_key, dev)
            with self._ctx.db.transact():
                self._state.save_site_data_key(epoch, data_key)
            admin.drop_wraps(layout, member.id)
        self._publish(
            site,
            m.next_version(
                self._now(), members=remaining, retired=(*m.retired, retired), key_epoch=epoch
            ),
            signing,
        )
        self._ctx.audit.append("site.member_removed", "member", member.id)
        return retired

    def set_retention_policy(self, policy: dict[str, Any], passphrase: str) -> VerifiedSite:
        """Publish the site's retention policy (every laptop sweeps by it from its next
        sync). Checked first as every laptop will read it: raises InvalidInput for a
        policy they would refuse, WrongPassphrase, or SiteRefused if not the site's BSO."""
        checked = Policy.from_json(policy, "the new retention policy")
        site, signing = self._resign(passphrase)
        manifest = site.manifest.next_version(self._now(), retention=dict(policy))
        fresh = self._publish(site, manifest, signing)
        self._ctx.audit.append(
            "site.policy_changed", "site", site.manifest.site_id, {"version": checked.version}
        )
        return fresh

    def add_location(self, share: Path, passphrase: str) -> VerifiedSite:
        """Register another path of the same share (a mapped drive, a UNC path)."""
        site, signing = self._resign(passphrase, share)
        hints = site.manifest.hints
        place = os.path.abspath(share)
        manifest = site.manifest.next_version(
            self._now(), hints=NetworkHints((*hints.locations, place), hints.require_domain_network)
        )
        return self._publish(site, manifest, signing)

    def members(self) -> list[Member]:
        pin = self._state.pin()
        return [] if pin is None else list(SiteManifest.from_bytes(pin.manifest).members)

    def device_health(self) -> list[DeviceHealth]:
        """Each device's journal and audit pushes on the verified site (the console; this
        vault remembers how far each device's audit had reached, to flag a trail that
        vanished). Raises NotEnrolled, SiteUnavailable, SiteRefused, VigdeskError."""
        site = self.verified()
        with share_errors(site.layout, "reading the devices' sync health"):
            rows = device_health(site.layout, site.manifest, self._ctx.db)
        return [self._with_refusals(row) for row in rows]

    def _with_refusals(self, row: DeviceHealth) -> DeviceHealth:
        """Add the changes this vault's syncs refused from the device (authority table)."""
        refused = self._state.get_int(f"refused:{row.device_id}")
        if not refused:
            return row
        said = f"{refused} change{'s' if refused != 1 else ''} refused here: not allowed"
        return replace(row, problems=(*row.problems, said))

    # -- a laptop ------------------------------------------------------------------------

    def preview(self, share: Path) -> SitePreview:
        """The site in `share` as its own signature shows it; saves nothing. Raises
        SiteUnavailable (cannot reach the folder) or SiteRefused (not a genuine site)."""
        manifest, _raw = read_verified(SiteLayout(share), None)
        dev = self.device()
        return SitePreview(
            manifest.name,
            fingerprint(manifest.site_key),
            fingerprint(dev.keys.sign_public),
            manifest.member(self._ctx.vault.profile.member_id) is not None,
        )

    def joining(self) -> Enrolment | None:
        """This laptop's enrolment as last seen (None before `enrol`); no share I/O."""
        pin = self._state.pin()
        if pin is None:
            return None
        manifest = SiteManifest.from_bytes(pin.manifest)
        dev = self.device()
        return Enrolment(
            manifest.name,
            fingerprint(manifest.site_key),
            fingerprint(dev.keys.sign_public),
            dev.device_id,
            manifest.member(self._ctx.vault.profile.member_id) is not None,
        )

    def enrol(self, share: Path, expect_fingerprint: str | None = None) -> Enrolment:
        """Ask to join the site in `share`; pins its key (compare the fingerprint!)."""
        layout = SiteLayout(share)
        manifest, raw = read_verified(layout, None)
        site_fp = fingerprint(manifest.site_key)
        if expect_fingerprint and _plain_fp(expect_fingerprint) != _plain_fp(site_fp):
            raise SiteRefused(messages.wrong_site_fingerprint(site_fp))
        pin = self._state.pin()
        if pin is not None and pin.site_id != manifest.site_id:
            raise VaultExists(messages.vault_in_another_site())
        dev = self.device()
        me = self.me_as_member()
        approved = manifest.member(me.id) is not None
        if not approved:
            req = EnrolRequest(
                manifest.site_id,
                me.id,
                dev.device_id,
                me.name,
                me.role,
                me.sign_key,
                me.hpke_key,
                self._now(),
            )
            with share_errors(layout, "writing the enrolment request"):
                layout.write(layout.request(dev.device_id), req.to_bytes(dev.keys))
        if pin is None or pin.version <= manifest.version:
            with self._ctx.db.transact():
                self._state.save_pin(
                    SitePin(
                        manifest.site_id,
                        os.path.abspath(share),
                        manifest.site_key,
                        manifest.version,
                        sha256_hex(raw),
                        raw,
                        pin.enrolled_at if pin else self._now(),
                        None,
                    )
                )
                self._ctx.audit.append("site.enrol_requested", "site", manifest.site_id)
        return Enrolment(
            manifest.name, site_fp, fingerprint(dev.keys.sign_public), dev.device_id, approved
        )
