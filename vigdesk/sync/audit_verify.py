"""`sync audit-verify`: check every device's pushed audit chain on the site.

Flags: unsigned or forged checkpoints, edited segments, edited entries, gaps (missing
segments or seqs), and rollbacks (a chain that restarts below what was already pushed,
as after restoring a vault from an old backup). Read-only; blocking file I/O.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from typing import Any

from vigdesk.core.errors import IntegrityError
from vigdesk.storage.audit import GENESIS, entry_hash
from vigdesk.sync.audit_push import CHECKPOINT_RE, SEGMENT_RE, read_checkpoint, read_entries
from vigdesk.sync.codec import sha256_hex
from vigdesk.sync.layout import SiteLayout, numbered
from vigdesk.sync.limits import AUDIT_SEGMENT, CHECKPOINT, read_capped
from vigdesk.sync.manifest import SiteManifest


@dataclass
class DeviceAudit:
    device_id: str
    name: str
    entries: int = 0
    last_seq: int = 0
    problems: list[str] = field(default_factory=list)


@dataclass
class SiteAudit:
    devices: list[DeviceAudit]

    @property
    def ok(self) -> bool:
        return all(not d.problems for d in self.devices)


def _hash_of(e: dict[str, Any]) -> str:
    details = json.dumps(e["details"], sort_keys=True, separators=(",", ":"))
    return entry_hash(
        int(e["seq"]),
        e["ts"],
        e["actor"],
        e["action"],
        e["object_type"],
        e["object_id"],
        details,
        e["prev_hash"],
    )


def verify_device(layout: SiteLayout, device_id: str, name: str, sign_key: bytes) -> DeviceAudit:
    report = DeviceAudit(device_id, name)
    folder = layout.audit_dir(device_id)
    checkpoints = numbered(folder, CHECKPOINT_RE)
    segments = numbered(folder, SEGMENT_RE)
    for n in sorted(set(segments) - set(checkpoints)):
        if n != max(segments):  # the newest may be an interrupted push
            report.problems.append(f"segment {n} has no signed checkpoint")
    hashes: dict[int, str] = {}
    for expected, n in enumerate(checkpoints, start=1):
        if n != expected:
            report.problems.append(f"segments {expected}..{n - 1} are missing (a gap)")
        try:
            cp = read_checkpoint(
                read_capped(layout.checkpoint(device_id, n), CHECKPOINT, "the checkpoint"), sign_key
            )
            data = read_capped(layout.segment(device_id, n), AUDIT_SEGMENT, "the segment")
            if sha256_hex(data) != cp.segment_sha256 or cp.segment != n:
                raise IntegrityError("it was altered after it was signed")
            _walk(report, read_entries(data), hashes)
        except (IntegrityError, FileNotFoundError) as exc:
            report.problems.append(f"segment {n}: {exc}")
            return report
        except (KeyError, TypeError, ValueError):
            report.problems.append(f"segment {n} is malformed")
            return report
        if (cp.last_seq, cp.last_hash) != (report.last_seq, hashes.get(report.last_seq)):
            report.problems.append(f"segment {n} does not end where its checkpoint says")
    return report


def _walk(report: DeviceAudit, entries: list[dict[str, Any]], hashes: dict[int, str]) -> None:
    """Check `entries` continue the chain so far (`hashes`: seq → hash seen last)."""
    prev_seq = report.last_seq
    prev_hash = hashes.get(prev_seq, GENESIS)
    for e in entries:
        seq = int(e["seq"])
        expected_prev: str | None = prev_hash
        if seq <= prev_seq:
            report.problems.append(
                f"rollback: the chain restarts at entry {seq} after reaching {prev_seq}"
                " (vault restored from an older copy?)"
            )
            expected_prev = hashes.get(seq - 1, GENESIS)
        elif seq != prev_seq + 1:
            report.problems.append(f"entries {prev_seq + 1}..{seq - 1} are missing (a gap)")
            expected_prev = None
        if expected_prev is not None and e["prev_hash"] != expected_prev:
            report.problems.append(f"entry {seq} does not follow entry {seq - 1}")
        if _hash_of(e) != e["hash"]:
            report.problems.append(f"entry {seq} was altered")
        prev_hash, prev_seq = str(e["hash"]), seq
        hashes[seq] = prev_hash
        report.entries += 1
    report.last_seq = prev_seq


def verify_site(layout: SiteLayout, site: SiteManifest) -> SiteAudit:
    devices: list[DeviceAudit] = []
    known = {m.device_id: (m.name, m.sign_key) for m in site.members}
    known.update({r.device_id: (r.name, r.sign_key) for r in site.retired})
    present = set(os.listdir(layout.devices)) if layout.devices.is_dir() else set()
    for device_id in sorted(present | set(known)):
        if device_id not in known:
            devices.append(DeviceAudit(device_id, "?", problems=["not a member of the site"]))
            continue
        name, key = known[device_id]
        devices.append(verify_device(layout, device_id, name, key))
    return SiteAudit(devices)
