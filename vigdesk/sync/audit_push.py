"""Audit to the office (DESIGN §7): each device pushes its audit chain to the site.

``devices/<id>/audit/NNNNNNNN.vja`` holds entries as JSON lines; ``NNNNNNNN.vjc`` is its
checkpoint (first and last seq, last hash, the segment's SHA-256), signed with the device
key, written after the segment: the checkpoint is the commit point. What was pushed is
read back from the site itself, so a crash or a restored vault cannot desynchronise it;
a local chain that no longer extends the pushed one is pushed from where it forks, and
the verifier reports the rollback. The laptop records it in its own log too
(`audit.rollback_detected`, reason `site_ahead`), so its `audit verify` fails: this
catches a vault whose database and head file were put back together from an old copy.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from vigdesk.core.errors import IntegrityError
from vigdesk.storage.audit import GENESIS, ROLLBACK_ACTION, AuditLog
from vigdesk.storage.db import Database
from vigdesk.sync.codec import b64, canonical, sha256_hex, unb64
from vigdesk.sync.identity import DeviceKeys, verify
from vigdesk.sync.layout import SiteLayout, numbered
from vigdesk.sync.limits import AUDIT_SEGMENT, CHECKPOINT, read_capped

SIGN_DOMAIN = b"vigdesk/audit-checkpoint/v1"
CHECKPOINT_RE = re.compile(r"^(\d{8})\.vjc$")
SEGMENT_RE = re.compile(r"^(\d{8})\.vja$")
MAX_ENTRIES = 5000


@dataclass(frozen=True)
class Checkpoint:
    device_id: str
    member_id: str
    segment: int
    first_seq: int
    last_seq: int
    last_hash: str
    segment_sha256: str
    created_at: str

    def body(self) -> dict[str, Any]:
        return dict(self.__dict__)


def read_checkpoint(data: bytes, sign_key: bytes) -> Checkpoint:
    """Parse and verify a checkpoint. Raises IntegrityError."""
    try:
        d = json.loads(data)
        sig = unb64(d.pop("sig"))
        cp = Checkpoint(
            str(d["device_id"]),
            str(d["member_id"]),
            int(d["segment"]),
            int(d["first_seq"]),
            int(d["last_seq"]),
            str(d["last_hash"]),
            str(d["segment_sha256"]),
            str(d["created_at"]),
        )
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise IntegrityError("an audit checkpoint is malformed") from exc
    if not verify(sign_key, SIGN_DOMAIN, canonical(cp.body()), sig):
        raise IntegrityError("an audit checkpoint's signature does not verify")
    return cp


def read_entries(data: bytes) -> list[dict[str, Any]]:
    try:
        return [json.loads(line) for line in data.decode().splitlines() if line.strip()]
    except (ValueError, UnicodeDecodeError) as exc:
        raise IntegrityError("an audit segment is malformed") from exc


def _local_hash(db: Database, seq: int) -> str | None:
    value = db.scalar("SELECT hash FROM audit WHERE seq = ?", (seq,))
    return None if value is None else str(value)


def _fork_point(layout: SiteLayout, device_id: str, db: Database, upto: int) -> int:
    """The newest pushed seq the local chain still agrees with (0 if none)."""
    for n in range(upto, 0, -1):
        try:
            entries = read_entries(
                read_capped(layout.segment(device_id, n), AUDIT_SEGMENT, "an audit segment")
            )
        except (FileNotFoundError, IntegrityError):
            continue
        for e in reversed(entries):
            if _local_hash(db, int(e["seq"])) == e["hash"]:
                return int(e["seq"])
    return 0


def push(
    layout: SiteLayout,
    db: Database,
    log: AuditLog,
    device_id: str,
    member_id: str,
    keys: DeviceKeys,
    created_at: str,
) -> int:
    """Push audit entries the site does not have yet; returns how many."""
    folder = layout.audit_dir(device_id)
    committed = numbered(folder, CHECKPOINT_RE)
    last_n = committed[-1] if committed else 0
    last_seq, last_hash = 0, GENESIS
    if last_n:
        cp = read_checkpoint(
            read_capped(layout.checkpoint(device_id, last_n), CHECKPOINT, "a checkpoint"),
            keys.sign_public,
        )
        last_seq, last_hash = cp.last_seq, cp.last_hash
    start = last_seq
    if last_seq and _local_hash(db, last_seq) != last_hash:
        start = _fork_point(layout, device_id, db, last_n)
        details = {"reason": "site_ahead", "site_seq": last_seq, "kept_seq": start}
        log.append(ROLLBACK_ACTION, "vault", device_id, details)
    pushed = 0
    while True:
        entries = [e.to_json() for e in log.entries(after_seq=start)][:MAX_ENTRIES]
        if not entries:
            return pushed
        last_n += 1
        data = "".join(json.dumps(e, sort_keys=True) + "\n" for e in entries).encode()
        layout.write(layout.segment(device_id, last_n), data)
        cp = Checkpoint(
            device_id,
            member_id,
            last_n,
            entries[0]["seq"],
            entries[-1]["seq"],
            entries[-1]["hash"],
            sha256_hex(data),
            created_at,
        )
        sig = keys.sign(SIGN_DOMAIN, canonical(cp.body()))
        layout.write(
            layout.checkpoint(device_id, last_n), canonical({**cp.body(), "sig": b64(sig)})
        )
        pushed += len(entries)
        start = int(entries[-1]["seq"])
