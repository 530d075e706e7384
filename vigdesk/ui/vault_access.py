"""The vault use cases the screens call, bundled so app.py and tests can inject them.

A thin adapter over `vigdesk.services.access`: it adds the KDF choice (tests pass a
fast one) and reads the profile while still on the worker thread, so the GUI thread
never waits on the database. Every method here is slow: call it from a task.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from vigdesk.core.clock import Clock, utc_now
from vigdesk.paths import VAULT_HEADER

if TYPE_CHECKING:  # crypto, SQLCipher and the services load in the task that unlocks
    from vigdesk.crypto.kdf import KdfParams
    from vigdesk.services.session import Services
    from vigdesk.storage.vault import Profile, Vault

KdfFactory = Callable[[], "KdfParams"]


@dataclass(frozen=True)
class Opened:
    """An unlocked vault, its services, and a snapshot of its owner's profile."""

    vault: Vault
    profile: Profile
    services: Services


class VaultAccess:
    """Create or unlock the vault at a folder. Methods run on worker threads."""

    def __init__(self, *, kdf: KdfFactory | None = None, clock: Clock = utc_now) -> None:
        self._kdf = kdf
        self._clock = clock

    @staticmethod
    def exists(home: Path) -> bool:
        """True when `home` holds a vault header (a cheap stat; fine on the GUI thread)."""
        return (home / VAULT_HEADER).exists()  # as services.access.vault_exists

    def create(self, home: Path, passphrase: str, display_name: str, role: str) -> Opened:
        """First run. Raises WeakPassphrase, VaultExists, StorageFull, ..."""
        from vigdesk.services.access import create_vault

        kdf = self._kdf() if self._kdf is not None else None
        vault = create_vault(
            home, passphrase, display_name=display_name, role=role, kdf=kdf, clock=self._clock
        )
        return _opened(vault)

    def unlock(self, home: Path, passphrase: str) -> Opened:
        """Raises WrongPassphrase, UnlockBackoff, VaultNotFound, VaultCorrupt, ..."""
        from vigdesk.services.access import unlock_vault

        return _opened(unlock_vault(home, passphrase, clock=self._clock))


def _opened(vault: Vault) -> Opened:
    try:
        from vigdesk.services.session import Services  # loaded at unlock, not at start

        return Opened(vault, vault.profile, Services.for_vault(vault))
    except BaseException:
        vault.lock()
        raise
