"""What every service needs from an unlocked vault, built once by the composition root."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from vigdesk.storage.audit import AuditLog
from vigdesk.storage.blobs import BlobStore
from vigdesk.storage.db import Database
from vigdesk.storage.keyring import Keyring
from vigdesk.storage.vault import Vault


@dataclass
class Context:
    vault: Vault
    keyring: Keyring
    blobs: BlobStore

    @classmethod
    def of(cls, vault: Vault) -> Context:
        keyring = Keyring(vault.db, vault.master_key)
        return cls(vault, keyring, BlobStore(vault.home / "blobs", vault.db, keyring, vault.clock))

    @property
    def db(self) -> Database:
        return self.vault.db

    @property
    def audit(self) -> AuditLog:
        return self.vault.audit

    def today(self) -> date:
        return self.vault.clock().date()
