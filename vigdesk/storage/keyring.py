"""Case keys (wrapped by the master key) and blob keys (wrapped by their case key).

Destroying a case key row makes every blob of that case undecryptable, wherever
copies of the sealed files went (crypto-shredding, DESIGN §3).
"""

from __future__ import annotations

from vigdesk.core.errors import NotFound
from vigdesk.crypto import keys
from vigdesk.storage.db import Database


class Keyring:
    """Thread-safe through the Database lock. Keys are returned, never cached here."""

    def __init__(self, db: Database, master_key: bytes) -> None:
        self._db = db
        self._master_key = master_key

    def create_case_key(self, case_id: str) -> None:
        wrapped = keys.wrap(self._master_key, keys.new_key(), keys.case_key_aad(case_id))
        self._db.execute(
            "INSERT INTO case_keys (case_id, wrapped_key) VALUES (?, ?)", (case_id, wrapped)
        )

    def case_key(self, case_id: str) -> bytes:
        wrapped = self._db.scalar("SELECT wrapped_key FROM case_keys WHERE case_id = ?", (case_id,))
        if wrapped is None:
            raise NotFound("This case's key has been destroyed: its media can no longer be read.")
        return keys.unwrap(self._master_key, bytes(wrapped), keys.case_key_aad(case_id))

    def new_blob_key(self, case_id: str, blob_id: str) -> tuple[bytes, bytes]:
        """A fresh blob key and its wrap under the case key (stored by the caller)."""
        key = keys.new_key()
        return key, keys.wrap(self.case_key(case_id), key, keys.blob_key_aad(blob_id))

    def blob_key(self, blob_id: str) -> bytes:
        row = self._db.one("SELECT case_id, wrapped_key FROM blobs WHERE id = ?", (blob_id,))
        if row is None:
            raise NotFound("This item's key has been destroyed: it can no longer be read.")
        return keys.unwrap(self.case_key(row[0]), bytes(row[1]), keys.blob_key_aad(blob_id))
