"""Creating and unlocking the vault, with what must happen around it."""

from __future__ import annotations

import contextlib
from pathlib import Path

from vigdesk.core.clock import Clock, utc_now
from vigdesk.core.errors import VigdeskError
from vigdesk.crypto.kdf import KdfParams
from vigdesk.services.context import Context
from vigdesk.services.documents import current_agreement
from vigdesk.services.reflections import ReflectionService
from vigdesk.storage.header import HEADER_NAME
from vigdesk.storage.migrations import backups
from vigdesk.storage.vault import Vault


def create_vault(
    home: Path,
    passphrase: str,
    *,
    display_name: str,
    role: str,
    kdf: KdfParams | None = None,
    clock: Clock = utc_now,
) -> Vault:
    """First run: a new vault whose owner accepted the current confidentiality agreement."""
    return Vault.create(
        home,
        passphrase,
        display_name=display_name.strip(),
        role=role,
        agreement_version=current_agreement().version,
        kdf=kdf,
        clock=clock,
    )


def vault_exists(home: Path) -> bool:
    """Whether `home` holds a vault (decides first run vs unlock)."""
    return (home / HEADER_NAME).exists()


def unlock_vault(home: Path, passphrase: str, *, clock: Clock = utc_now) -> Vault:
    """Unlock, then tidy what an interrupted write left (half-written or unrecorded blobs)
    and an upgrade's backup of the database, now that the upgraded vault has opened, and
    move reflections earlier versions kept in clips' notes to their review sessions."""
    vault = Vault.unlock(home, passphrase, clock=clock)
    with contextlib.suppress(VigdeskError):  # left for the next try; erasures insist
        backups.discard(vault.db.path)
    ctx = Context.of(vault)
    removed = ctx.blobs.collect_garbage()
    if removed:
        vault.audit.append("blobs.collected", "vault", vault.header.vault_id, {"files": removed})
    with contextlib.suppress(VigdeskError):  # left in the clip's note for the next try
        ReflectionService(ctx).adopt_from_clips()
    return vault
