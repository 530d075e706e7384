"""vault.json: the public header. Holds no personal data, only what unlocking needs."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from vigdesk.core.errors import VaultCorrupt, VaultNotFound
from vigdesk.crypto.kdf import KdfParams
from vigdesk.paths import VAULT_HEADER
from vigdesk.storage.files import atomic_write

HEADER_NAME = VAULT_HEADER
FORMAT = 1


@dataclass(frozen=True)
class VaultHeader:
    vault_id: str
    created_at: str
    kdf: KdfParams
    wrapped_master_key: bytes
    recovery_wrap: bytes | None = None
    format: int = FORMAT

    def with_wrap(self, kdf: KdfParams, wrapped: bytes) -> VaultHeader:
        return replace(self, kdf=kdf, wrapped_master_key=wrapped)

    def to_json(self) -> dict[str, Any]:
        return {
            "app": "vigdesk",
            "format": self.format,
            "vault_id": self.vault_id,
            "created_at": self.created_at,
            "kdf": self.kdf.to_json(),
            "wrapped_master_key": base64.b64encode(self.wrapped_master_key).decode(),
            "recovery_wrap": (
                base64.b64encode(self.recovery_wrap).decode() if self.recovery_wrap else None
            ),
        }


def read_header(home: Path) -> VaultHeader:
    """Parse vault.json; VaultNotFound if absent, VaultCorrupt if unreadable."""
    path = home / HEADER_NAME
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise VaultNotFound(
            f"No vigdesk vault at {home}. Run 'vigdesk init' to create one."
        ) from exc
    except OSError as exc:
        raise VaultCorrupt(f"Cannot read {path}: {exc.strerror}.") from exc
    try:
        data = json.loads(raw)
        if data.get("app") != "vigdesk":
            raise ValueError("not a vigdesk header")
        if int(data["format"]) > FORMAT:
            raise VaultCorrupt(
                f"{path} was written by a newer vigdesk (format {data['format']}); update vigdesk."
            )
        recovery = data.get("recovery_wrap")
        return VaultHeader(
            vault_id=str(data["vault_id"]),
            created_at=str(data["created_at"]),
            kdf=KdfParams.from_json(data["kdf"]),
            wrapped_master_key=base64.b64decode(data["wrapped_master_key"], validate=True),
            recovery_wrap=base64.b64decode(recovery, validate=True) if recovery else None,
            format=int(data["format"]),
        )
    except VaultCorrupt:
        raise
    except (ValueError, KeyError, TypeError) as exc:
        raise VaultCorrupt(
            f"{path} is damaged and cannot be read. Restore it from a backup; "
            "the case database has not been touched."
        ) from exc


def write_header(home: Path, header: VaultHeader) -> None:
    """Atomically replace vault.json (the commit point of init and passwd)."""
    data = json.dumps(header.to_json(), indent=2).encode()
    atomic_write(home / HEADER_NAME, data, "save the vault header")
