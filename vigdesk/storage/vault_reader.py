"""Opening a vault to look, not to use: for `vigdesk doctor` (a health check).

`Vault.unlock` upgrades the schema, appends `unlock` (and `lock`) to the audit log,
rewrites the audit head and the failed-unlock counter; `access.unlock_vault` then
deletes upgrade backups and stray blob files. A health check must see all of those as
they are, so it opens the database read-only instead (`Database(read_only=True)`),
and nothing here writes, with one exception: a wrong passphrase is counted in
unlock-state.json and the backoff is honoured exactly as at unlock, so a health check
is no faster way to guess a passphrase.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from vigdesk.core.clock import Clock, utc_now
from vigdesk.core.errors import (
    VaultMismatch,
)
from vigdesk.crypto import keys
from vigdesk.storage.db import Database, DbError
from vigdesk.storage.header import VaultHeader
from vigdesk.storage.vault import DB_NAME, unwrap_master_key


@dataclass(frozen=True)
class VaultReader:
    """A vault opened read-only. Call `close` when done (the key references go)."""

    home: Path
    header: VaultHeader
    master_key: bytes
    db: Database

    def close(self) -> None:
        self.db.close()


def open_read_only(home: Path, passphrase: str, *, clock: Clock = utc_now) -> VaultReader:
    """Raises VaultNotFound, VaultCorrupt, VaultMismatch, UnlockBackoff, WrongPassphrase
    (after counting the failure, as `Vault.unlock` does)."""
    header, _state, master = unwrap_master_key(home, passphrase, clock)
    db_path = home / DB_NAME
    db = Database(db_path, keys.hkdf(master, keys.DB_KEY_INFO), read_only=True)
    try:
        stored = db.scalar("SELECT value FROM meta WHERE key = 'vault_id'")
    except DbError:
        db.close()
        raise VaultMismatch(f"{db_path.name} holds no vigdesk data.") from None
    if stored != header.vault_id:
        db.close()
        raise VaultMismatch(f"{db_path.name} belongs to another vault.")
    return VaultReader(home, header, master, db)
