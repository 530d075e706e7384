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
    IntegrityError,
    UnlockBackoff,
    VaultCorrupt,
    VaultMismatch,
    WrongPassphrase,
)
from vigdesk.crypto import keys
from vigdesk.crypto.kdf import derive_kek
from vigdesk.storage import unlock_state
from vigdesk.storage.db import Database, DbError
from vigdesk.storage.header import VaultHeader, read_header
from vigdesk.storage.vault import DB_NAME


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
    header = read_header(home)
    db_path = home / DB_NAME
    if not db_path.exists():
        raise VaultCorrupt(f"{home} has a vault header but its case database is missing.")
    state = unlock_state.load(home)
    wait = state.wait_remaining(clock())
    if wait > 0:
        raise UnlockBackoff(wait)
    try:
        kek = derive_kek(passphrase, header.kdf)
        master = keys.unwrap(kek, header.wrapped_master_key, keys.master_aad(header.vault_id))
    except IntegrityError:
        state = unlock_state.record_failure(home, state, clock())
        raise WrongPassphrase(
            "That passphrase is not right."
            + (f" Wait {round(state.delay())} s before the next try." if state.delay() else ""),
            retry_after=state.delay(),
        ) from None
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
