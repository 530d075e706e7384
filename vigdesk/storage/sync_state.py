"""The vault's own sync records: key/value state, the device identity, the pinned site,
and keys received from the site. Private keys and received keys are stored wrapped by
the master key (AAD names their place), like every other key in the vault.

Thread-safe through the Database lock; callers own transactions.
"""

from __future__ import annotations

from dataclasses import dataclass

from vigdesk.crypto import keys
from vigdesk.storage.db import Database


@dataclass(frozen=True)
class StoredIdentity:
    device_id: str
    member_id: str
    sign_raw: bytes
    hpke_raw: bytes


@dataclass(frozen=True)
class SitePin:
    """The site as pinned at enrolment, with the newest verified manifest seen since."""

    site_id: str
    location: str
    site_key: bytes
    version: int
    manifest_hash: str
    manifest: bytes
    enrolled_at: str
    last_sync_at: str | None


def _sign_aad(device_id: str) -> bytes:
    return b"vigdesk/device-sign/" + device_id.encode()


def _hpke_aad(device_id: str) -> bytes:
    return b"vigdesk/device-hpke/" + device_id.encode()


def _epoch_aad(case_id: str, epoch: int) -> bytes:
    return f"vigdesk/case-epoch/{case_id}/{epoch}".encode()


def _site_key_aad(epoch: int) -> bytes:
    return b"vigdesk/site-data-key/" + str(epoch).encode()


class SyncState:
    def __init__(self, db: Database, master_key: bytes) -> None:
        self._db = db
        self._mk = master_key

    # -- key/value ---------------------------------------------------------------------

    def get(self, key: str, default: str = "") -> str:
        value = self._db.scalar("SELECT value FROM sync_state WHERE key = ?", (key,))
        return default if value is None else str(value)

    def get_int(self, key: str) -> int:
        return int(self.get(key, "0"))

    def put(self, key: str, value: str | int) -> None:
        self._db.execute(
            "INSERT INTO sync_state VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET"
            " value = excluded.value",
            (key, str(value)),
        )

    # -- identity ------------------------------------------------------------------------

    def identity(self) -> StoredIdentity | None:
        row = self._db.one(
            "SELECT device_id, member_id, sign_private, hpke_private FROM sync_identity"
        )
        if row is None:
            return None
        device_id = str(row[0])
        return StoredIdentity(
            device_id,
            str(row[1]),
            keys.unwrap(self._mk, bytes(row[2]), _sign_aad(device_id)),
            keys.unwrap(self._mk, bytes(row[3]), _hpke_aad(device_id)),
        )

    def save_identity(
        self,
        ident: StoredIdentity,
        sign_public: bytes,
        hpke_public: bytes,
        created_at: str,
    ) -> None:
        self._db.execute(
            "INSERT INTO sync_identity VALUES (1, ?, ?, ?, ?, ?, ?, ?)",
            (
                ident.device_id,
                ident.member_id,
                keys.wrap(self._mk, ident.sign_raw, _sign_aad(ident.device_id)),
                keys.wrap(self._mk, ident.hpke_raw, _hpke_aad(ident.device_id)),
                sign_public,
                hpke_public,
                created_at,
            ),
        )

    # -- the pinned site --------------------------------------------------------------------

    def pin(self) -> SitePin | None:
        row = self._db.one(
            "SELECT site_id, location, site_key, version, manifest_hash, manifest,"
            " enrolled_at, last_sync_at FROM sync_site"
        )
        if row is None:
            return None
        return SitePin(
            str(row[0]),
            str(row[1]),
            bytes(row[2]),
            int(row[3]),
            str(row[4]),
            str(row[5]).encode(),
            str(row[6]),
            row[7],
        )

    def save_pin(self, pin: SitePin) -> None:
        self._db.execute(
            "INSERT INTO sync_site VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE"
            " SET site_id = excluded.site_id, location = excluded.location,"
            " site_key = excluded.site_key, version = excluded.version,"
            " manifest_hash = excluded.manifest_hash, manifest = excluded.manifest,"
            " enrolled_at = excluded.enrolled_at, last_sync_at = excluded.last_sync_at",
            (
                pin.site_id,
                pin.location,
                pin.site_key,
                pin.version,
                pin.manifest_hash,
                pin.manifest.decode(),
                pin.enrolled_at,
                pin.last_sync_at,
            ),
        )

    # -- keys received from the site ------------------------------------------------------

    def site_data_key(self, epoch: int) -> bytes | None:
        wrapped = self._db.scalar(
            "SELECT wrapped_key FROM sync_site_keys WHERE epoch = ?", (epoch,)
        )
        return (
            None if wrapped is None else keys.unwrap(self._mk, bytes(wrapped), _site_key_aad(epoch))
        )

    def site_epochs(self) -> set[int]:
        return {int(r[0]) for r in self._db.execute("SELECT epoch FROM sync_site_keys")}

    def save_site_data_key(self, epoch: int, key: bytes) -> None:
        self._db.execute(
            "INSERT OR IGNORE INTO sync_site_keys VALUES (?, ?)",
            (epoch, keys.wrap(self._mk, key, _site_key_aad(epoch))),
        )

    def case_key(self, case_id: str) -> bytes | None:
        """The case key from the vault's own keyring or, failing that, from the site."""
        wrapped = self._db.scalar(
            "SELECT wrapped_key FROM case_keys WHERE case_id = ?", (case_id,)
        ) or self._db.scalar("SELECT wrapped_key FROM sync_case_keys WHERE case_id = ?", (case_id,))
        if wrapped is None:
            return None
        return keys.unwrap(self._mk, bytes(wrapped), keys.case_key_aad(case_id))

    def held_case_ids(self) -> set[str]:
        return {
            r[0]
            for r in self._db.execute(
                "SELECT case_id FROM case_keys UNION SELECT case_id FROM sync_case_keys"
            )
        }

    def save_received_case_key(self, case_id: str, key: bytes) -> None:
        """Keep a case key from the site; it joins `case_keys` once the case row exists."""
        self._db.execute(
            "INSERT OR IGNORE INTO sync_case_keys VALUES (?, ?)",
            (case_id, keys.wrap(self._mk, key, keys.case_key_aad(case_id))),
        )
        self.adopt_case_key(case_id)

    def epoch_key(self, case_id: str, epoch: int) -> bytes | None:
        """The key of a case's epoch: the case key for epoch 1, else a rotated key."""
        if epoch == 1:
            return self.case_key(case_id)
        wrapped = self._db.scalar(
            "SELECT wrapped_key FROM sync_case_epochs WHERE case_id = ? AND epoch = ?",
            (case_id, epoch),
        )
        if wrapped is None:
            return None
        return keys.unwrap(self._mk, bytes(wrapped), _epoch_aad(case_id, epoch))

    def newest_epoch(self, case_id: str) -> int:
        found = self._db.scalar(
            "SELECT max(epoch) FROM sync_case_epochs WHERE case_id = ?", (case_id,)
        )
        return int(found) if found else 1

    def case_epochs(self, case_id: str) -> set[int]:
        rows = self._db.execute("SELECT epoch FROM sync_case_epochs WHERE case_id = ?", (case_id,))
        return {int(r[0]) for r in rows}

    def save_epoch_key(self, case_id: str, epoch: int, key: bytes) -> None:
        self._db.execute(
            "INSERT OR IGNORE INTO sync_case_epochs VALUES (?, ?, ?)",
            (case_id, epoch, keys.wrap(self._mk, key, _epoch_aad(case_id, epoch))),
        )

    def adopt_case_key(self, case_id: str) -> None:
        """Copy a received case key into `case_keys` if its case row exists (same wrap)."""
        self._db.execute(
            "INSERT OR IGNORE INTO case_keys (case_id, wrapped_key)"
            " SELECT s.case_id, s.wrapped_key FROM sync_case_keys s"
            " JOIN cases c ON c.id = s.case_id WHERE s.case_id = ?",
            (case_id,),
        )
