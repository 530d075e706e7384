"""The audit head kept beside the vault, out of reach of the database key (DESIGN §7).

`audit-head.json` holds the newest audit entry (seq, hash) that the database has
committed, and how many failed unlocks the vault has counted in all. It is MAC'd
(HMAC-SHA256) under HKDF(master key, "vigdesk/audit-head/v1") and replaced atomically
after each committed audit append (so at lock too).

At unlock, before anything is appended, `findings` compares it with the database:

- Detects someone holding only the database key (or a copy of case.db) who deletes the
  newest entries, with or without forging new ones after them and repairing
  `meta.audit_head`: the head names an entry the chain no longer holds, or holds with
  another hash. Deleting or editing the file is reported too.
- Does not detect someone with the passphrase (hence the master key) who rewrites both,
  nor case.db and this file restored together from an older copy: only the signed
  checkpoints on the site, and the BSO's memory of them, catch those.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vigdesk.core.errors import IntegrityError
from vigdesk.crypto import keys
from vigdesk.storage.audit import ROLLBACK_ACTION
from vigdesk.storage.db import Database
from vigdesk.storage.files import atomic_write

HEAD_NAME = "audit-head.json"
HEAD_KEY_INFO = b"vigdesk/audit-head/v1"
COUNTER_ACTION = "unlock.counter_reset"
MAX_SIZE = 4096


@dataclass(frozen=True)
class HeadRecord:
    vault_id: str
    seq: int
    hash: str
    unlock_failures: int  # failed unlocks counted in all, as of the last write

    def body(self) -> dict[str, Any]:
        return {
            "v": 1,
            "vault_id": self.vault_id,
            "seq": self.seq,
            "hash": self.hash,
            "unlock_failures": self.unlock_failures,
        }


@dataclass(frozen=True)
class Finding:
    """An audit entry to append at unlock (action and details, ids and counts only)."""

    action: str
    details: dict[str, Any]


def _mac(master_key: bytes, body: dict[str, Any]) -> str:
    data = json.dumps(body, sort_keys=True, separators=(",", ":")).encode()
    return hmac.new(keys.hkdf(master_key, HEAD_KEY_INFO), data, hashlib.sha256).hexdigest()


def write(home: Path, master_key: bytes, record: HeadRecord) -> None:
    """Replace the file atomically. Raises StorageFull / StorageReadOnly."""
    body = record.body()
    data = json.dumps({**body, "mac": _mac(master_key, body)}, sort_keys=True).encode()
    atomic_write(home / HEAD_NAME, data, "record the audit head")


def read(home: Path, master_key: bytes, vault_id: str) -> HeadRecord | None:
    """The record, or None if there is no file. Raises IntegrityError if it was altered,
    damaged or belongs to another vault."""
    path = home / HEAD_NAME
    try:
        if path.stat().st_size > MAX_SIZE:
            raise IntegrityError("the audit head record is too large")
        d = json.loads(path.read_bytes())
        mac = d.pop("mac")
        if not isinstance(mac, str) or not hmac.compare_digest(mac, _mac(master_key, d)):
            raise IntegrityError("the audit head record's MAC does not verify")
        record = HeadRecord(d["vault_id"], d["seq"], d["hash"], d["unlock_failures"])
    except FileNotFoundError:
        return None
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise IntegrityError("the audit head record is malformed") from exc
    if record.body() != d or record.vault_id != vault_id:
        raise IntegrityError("the audit head record belongs to another vault")
    return record


def findings(
    record: HeadRecord | None, db: Database, failures_in_file: int | None
) -> list[Finding]:
    """What to audit before the unlock entry. `record` is what `read` returned (None:
    missing); `failures_in_file` the total in unlock-state.json (None: no file)."""
    found: list[Finding] = []
    if record is None:
        return [Finding(ROLLBACK_ACTION, {"reason": "head_missing"})]
    newest = db.one("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")
    newest_seq = int(newest[0]) if newest else 0
    kept = db.scalar("SELECT hash FROM audit WHERE seq = ?", (record.seq,))
    if newest_seq < record.seq:
        reason = "rolled_back"
    elif kept != record.hash:
        reason = "rewritten"
    else:
        reason = ""
    if reason:
        details = {"reason": reason, "head_seq": record.seq, "found_seq": newest_seq}
        found.append(Finding(ROLLBACK_ACTION, details))
    if (failures_in_file or 0) < record.unlock_failures:
        details = {
            "expected_at_least": record.unlock_failures,
            "found": failures_in_file or 0,
            "state_file": "missing" if failures_in_file is None else "older",
        }
        found.append(Finding(COUNTER_ACTION, details))
    return found


def altered() -> Finding:
    """The finding for a record that failed `read`."""
    return Finding(ROLLBACK_ACTION, {"reason": "head_altered"})
