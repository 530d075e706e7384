"""This vault as a device of the site: its keys, and publishing a signed site.json."""

from __future__ import annotations

from vigdesk.storage.db import Database
from vigdesk.storage.sync_state import StoredIdentity, SyncState
from vigdesk.sync.codec import b64
from vigdesk.sync.context import Device
from vigdesk.sync.identity import DeviceKeys, sign
from vigdesk.sync.layout import SiteLayout
from vigdesk.sync.manifest import SIGN_DOMAIN, SiteManifest
from vigdesk.sync.sitekey import SiteSigningKey


def load_device(state: SyncState) -> Device | None:
    stored = state.identity()
    if stored is None:
        return None
    return Device(
        stored.device_id, stored.member_id, DeviceKeys.from_raw(stored.sign_raw, stored.hpke_raw)
    )


def ensure_device(
    db: Database, state: SyncState, device_id: str, member_id: str, now: str
) -> Device:
    """The device keys, made on first use (device id = vault id)."""
    found = load_device(state)
    if found is not None:
        return found
    keys = DeviceKeys.generate()
    with db.transact():
        state.save_identity(
            StoredIdentity(device_id, member_id, keys.sign_raw, keys.hpke_raw),
            keys.sign_public,
            keys.hpke_public,
            now,
        )
    return Device(device_id, member_id, keys)


def publish_manifest(layout: SiteLayout, manifest: SiteManifest, key: SiteSigningKey) -> bytes:
    """Sign and write site.json then its .sig (readers retry across the short gap)."""
    raw = manifest.to_bytes()
    sig = sign(key.key, SIGN_DOMAIN, raw)
    layout.write(layout.manifest, raw)
    layout.write(layout.signature, (b64(sig) + "\n").encode())
    return raw
