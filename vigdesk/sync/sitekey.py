"""The site signing key: Ed25519, its private part sealed to the BSO's passphrase.

Kept in the BSO's vault folder as ``site-key.json`` (never on the share): Argon2id of
the passphrase (the vault's calibrated cost, a fresh salt) → AES-256-GCM wrap bound to
the site id. Signing site.json needs the passphrase again, so an unlocked but unattended
BSO laptop cannot add members. Calls are slow (Argon2id): not on the GUI thread.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric import ed25519

from vigdesk.core.errors import IntegrityError, NotFound, VaultExists, WrongPassphrase
from vigdesk.crypto import keys
from vigdesk.crypto.kdf import SALT_LEN, KdfParams, derive_kek
from vigdesk.storage.files import atomic_write
from vigdesk.sync.codec import b64, unb64

FILE_NAME = "site-key.json"
APP = "vigdesk-site-key"


def _aad(site_id: str) -> bytes:
    return b"vigdesk/site-signing-key/" + site_id.encode()


@dataclass(frozen=True)
class SiteSigningKey:
    site_id: str
    key: ed25519.Ed25519PrivateKey

    @property
    def public(self) -> bytes:
        return self.key.public_key().public_bytes_raw()


def create(home: Path, site_id: str, passphrase: str, cost: KdfParams) -> SiteSigningKey:
    """Generate and seal a new site key in `home`. Raises VaultExists if one is there."""
    path = home / FILE_NAME
    if path.exists():
        raise VaultExists(
            f"This vault already holds a site key ({path}); one BSO vault runs one site."
        )
    params = KdfParams(os.urandom(SALT_LEN), cost.memory_kib, cost.iterations, cost.lanes)
    key = ed25519.Ed25519PrivateKey.generate()
    wrapped = keys.wrap(derive_kek(passphrase, params), key.private_bytes_raw(), _aad(site_id))
    data = {
        "app": APP,
        "format": 1,
        "site_id": site_id,
        "public": b64(key.public_key().public_bytes_raw()),
        "kdf": params.to_json(),
        "wrapped": b64(wrapped),
    }
    atomic_write(path, json.dumps(data, indent=2).encode(), "save the site key")
    return SiteSigningKey(site_id, key)


def load(home: Path, passphrase: str) -> SiteSigningKey:
    """Unseal the site key. Raises NotFound (not the BSO's vault) or WrongPassphrase."""
    path = home / FILE_NAME
    try:
        data = json.loads(path.read_bytes())
        site_id = str(data["site_id"])
        params = KdfParams.from_json(data["kdf"])
        wrapped = unb64(data["wrapped"])
    except FileNotFoundError:
        raise NotFound(
            "This vault holds no site key: only the BSO's vault that ran 'site init' can "
            "approve or remove members."
        ) from None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise IntegrityError(f"{path} is damaged; restore it from the BSO's backup.") from exc
    try:
        raw = keys.unwrap(derive_kek(passphrase, params), wrapped, _aad(site_id))
    except IntegrityError:
        raise WrongPassphrase("That passphrase does not unlock the site key.") from None
    return SiteSigningKey(site_id, ed25519.Ed25519PrivateKey.from_private_bytes(raw))
