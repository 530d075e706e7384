"""Reading other devices' journal files: verify, open what this device may read, collect.

Per device, files are read in sequence from the cursor on; each must carry a valid
signature by that device's key in site.json and chain onto the previous file. A forged,
damaged or out-of-chain file stops that device's stream (reported; later files wait).
Sections for cases this device holds no key for are noted and read again once the key
arrives. Nothing is written here: the caller applies the result in one transaction.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from vigdesk.core.errors import IntegrityError
from vigdesk.sync import hlc, journal
from vigdesk.sync.apply import Authored
from vigdesk.sync.changes import RowChange, Shred, entry_from_json
from vigdesk.sync.codec import decode_value, sha256_hex
from vigdesk.sync.context import RunContext
from vigdesk.sync.journal import ANY_PREV
from vigdesk.sync.layout import JOURNAL_RE, numbered
from vigdesk.sync.limits import JOURNAL, read_capped
from vigdesk.sync.schema import SPECS


@dataclass
class Incoming:
    items: list[Authored] = field(default_factory=list)
    cursors: dict[str, tuple[int, str]] = field(default_factory=dict)
    deferred: list[tuple[str, int, str]] = field(default_factory=list)
    resolved: list[tuple[str, int, str]] = field(default_factory=list)
    superseded: list[tuple[str, int]] = field(default_factory=list)  # (device, up to seq)
    left: list[tuple[str, str, int]] = field(default_factory=list)  # (device, case, up to seq)
    carried: list[tuple[str, int]] = field(default_factory=list)  # a BSO carries (case, up to)
    files: int = 0


def _check_entry(
    entry: RowChange | Shred, device_id: str, scope: str, case_id: str, *, carrier: bool
) -> bool:
    """Stamped by the file's own device (or by any, in a BSO's file: carried for a
    leaver, `vigdesk.sync.handover`); site sections carry only ids (deletions, shreds);
    a case section only its case, with key fields matching the key."""
    if hlc.device_of(entry.stamp) != device_id and not carrier:
        return False
    if scope == "site":
        return isinstance(entry, Shred) or (
            entry.alive is not None and entry.alive[0] == 0 and not entry.fields
        )
    if isinstance(entry, Shred) or entry.case_id != case_id:
        return False
    spec = SPECS[entry.table]
    keys = json.loads(entry.pk)
    for column, key in zip(spec.pk, keys, strict=True):
        if column in entry.fields and decode_value(entry.fields[column][0]) != key:
            return False
    if spec.case_column is not None and spec.case_column in entry.fields:
        return decode_value(entry.fields[spec.case_column][0]) == case_id
    if entry.table == "cases":
        return bool(json.loads(entry.pk) == [case_id])
    return True


class Reader:
    def __init__(self, run: RunContext) -> None:
        self._run = run
        self.out = Incoming()
        m = run.manifest
        self._carriers = {x.device_id for x in m.members if x.role == "bso"} | {
            r.device_id for r in m.retired if r.role == "bso"
        }

    def _signers(self) -> dict[str, tuple[str, bytes, int | None]]:
        """device id → (member id, signing key, last valid seq or None)."""
        m = self._run.manifest
        found: dict[str, tuple[str, bytes, int | None]] = {
            r.device_id: (r.id, r.sign_key, r.final_seq) for r in m.retired
        }
        found.update({x.device_id: (x.id, x.sign_key, None) for x in m.members})
        found.pop(self._run.device.device_id, None)
        return found

    def read_all(self) -> Incoming:
        run = self._run
        cursors = {
            str(r[0]): (int(r[1]), str(r[2]))
            for r in run.db.execute("SELECT device_id, last_seq, last_hash FROM sync_peers")
        }
        signers = self._signers()
        for n, (device_id, (member_id, key, final)) in enumerate(sorted(signers.items())):
            run.check_cancel()
            run.report("receive", n, len(signers))
            last_seq, last_hash = cursors.get(device_id, (0, ""))
            for seq in numbered(run.layout.journal_dir(device_id), JOURNAL_RE):
                if seq <= last_seq:
                    continue
                if final is not None and seq > final:
                    break
                data = self._read(device_id, seq)
                chained = data and self._take(
                    device_id, member_id, key, seq, (last_seq, last_hash), data
                )
                if not chained:
                    break
                last_seq, last_hash = seq, chained
                self.out.cursors[device_id] = (last_seq, last_hash)
        self._read_deferred(signers)
        return self.out

    def read_own(self, after: int, prev: str) -> tuple[int, str]:
        """This device's own files after `after` (a vault restored from an older copy):
        their changes are collected like anyone's. Returns the new (seq, hash)."""
        run, dev = self._run, self._run.device
        last_seq, last_hash = after, prev
        for seq in numbered(run.layout.journal_dir(dev.device_id), JOURNAL_RE):
            if seq <= last_seq:
                continue
            data = self._read(dev.device_id, seq)
            if not data:
                break
            chained = self._take(
                dev.device_id, dev.member_id, dev.keys.sign_public, seq, (last_seq, last_hash), data
            )
            if chained is None:
                break
            # The next file this device writes names a real digest, never ANY_PREV.
            last_seq, last_hash = seq, sha256_hex(data) if chained == ANY_PREV else chained
        return last_seq, last_hash

    def _read(self, device_id: str, seq: int) -> bytes | None:
        """The file's bytes, or None: over the size cap (reported), or gone since the
        folder was listed (compacted by its author: the next sync reads on)."""
        try:
            return read_capped(self._run.layout.journal(device_id, seq), JOURNAL, "the file")
        except FileNotFoundError:
            return None
        except IntegrityError as exc:
            self._run.problems.append(
                f"Journal file {seq} of device {device_id[:8]} was rejected ({exc}); "
                "that device's changes stop there: tell the BSO."
            )
            return None

    def _take(
        self,
        device_id: str,
        member_id: str,
        key: bytes,
        seq: int,
        cursor: tuple[int, str],
        data: bytes,
    ) -> str | None:
        """Collect one verified file read after `cursor` (last seq, what it chains to);
        returns what the next file must chain to, or None (reported) when refused.

        Files follow each other by number and digest, except after a compaction marker,
        which a reader behind it may jump to: the files it supersedes may be gone."""
        run = self._run
        after, prev = cursor
        try:
            parsed = journal.parse(data, key)
            h = parsed.header
            if (h.site_id, h.device_id, h.member_id, h.seq) != (
                run.manifest.site_id,
                device_id,
                member_id,
                seq,
            ):
                raise IntegrityError("the file is out of place")
            marker = h.lost is not None or h.supersedes is not None
            if marker and h.sections:
                raise IntegrityError("a marker file carries changes")
            jump = h.supersedes is not None and after < h.supersedes == seq - 1
            if seq != after + 1 and not jump:
                run.problems.append(
                    f"Journal files {after + 1}..{seq - 1} of device {device_id[:8]} are "
                    "missing from the site; its later changes wait until they appear."
                )
                return None
            if (
                h.prev != prev
                and prev != journal.ANY_PREV
                and not jump
                and not (marker and not h.prev)
            ):
                raise IntegrityError("the file is out of sequence")
        except IntegrityError as exc:
            run.problems.append(
                f"Journal file {seq} of device {device_id[:8]} was rejected ({exc}); it was "
                "tampered with or damaged. That device's changes stop there: tell the BSO."
            )
            return None
        self.out.files += 1
        if h.supersedes is not None:
            self.out.superseded.append((device_id, h.supersedes))
        self._notes(h)
        for s in parsed.header.sections:
            self._section(parsed, device_id, member_id, s.scope, s.scope_id, deferred=False)
        return journal.chained_digest(h, data)

    def _notes(self, h: journal.Header) -> None:
        """Hand-over notes: a laptop's `left` (its own files up to a number, never
        later than this one), and a BSO's `carried` (for this laptop, or for a removed
        member, whose sections waiting here for a key are then carried instead)."""
        me = self._run.device.device_id
        for case_id, upto in h.left:
            if upto < h.seq:
                self.out.left.append((h.device_id, case_id, upto))
        if h.device_id not in self._carriers:
            return
        for device_id, case_id, upto in h.carried:
            if device_id == me and case_id != journal.ALL_CASES:
                self.out.carried.append((case_id, upto))
            elif case_id == journal.ALL_CASES and device_id != me:
                self.out.superseded.append((device_id, upto))

    def _section(
        self,
        parsed: journal.Parsed,
        device_id: str,
        member_id: str,
        scope: str,
        scope_id: str,
        *,
        deferred: bool,
    ) -> bool:
        run = self._run
        case_id = ""
        if scope == "site":
            key = run.state.site_data_key(int(scope_id)) if scope_id.isdigit() else None
        else:
            case_id, epoch = journal.split_tag(scope_id)
            key = run.state.epoch_key(case_id, epoch)
        seq = parsed.header.seq
        if key is None:
            if not deferred:
                tag = f"site:{scope_id}" if scope == "site" else scope_id
                self.out.deferred.append((device_id, seq, tag))
            return False
        try:
            raw = journal.open_section(parsed, scope, scope_id, key)
            entries = [entry_from_json(e) for e in raw]
        except (IntegrityError, ValueError) as exc:
            run.problems.append(
                f"A section of journal file {seq} of device {device_id[:8]} failed to open "
                f"({exc}); it was skipped."
            )
            return True
        for entry in entries:
            carrier = device_id in self._carriers
            if _check_entry(entry, device_id, scope, case_id, carrier=carrier):
                self.out.items.append(Authored(entry, member_id, device_id))
            else:
                run.problems.append(
                    f"Journal file {seq} of device {device_id[:8]} holds a change outside its "
                    "section; it was refused."
                )
        return True

    def _read_deferred(self, signers: dict[str, tuple[str, bytes, int | None]]) -> None:
        """Sections skipped earlier for want of a key that has arrived since (this
        device's own too, for a case withdrawn and then assigned again)."""
        run = self._run
        epochs = [f"site:{e}" for e in sorted(run.state.site_epochs())]
        marks = ",".join("?" * len(epochs)) or "''"
        rows = run.db.execute(
            "SELECT device_id, seq, scope_id FROM sync_deferred WHERE scope_id IN"
            " (SELECT case_id FROM case_keys UNION SELECT case_id FROM sync_case_keys"
            " UNION SELECT case_id || '.' || epoch FROM sync_case_epochs)"
            f" OR scope_id IN ({marks}) ORDER BY device_id, seq",
            epochs,
        )
        dev = run.device
        known = {**signers, dev.device_id: (dev.member_id, dev.keys.sign_public, None)}
        for device_id, seq, tag in rows:
            if device_id not in known:
                continue
            member_id, key, _final = known[device_id]
            try:
                path = run.layout.journal(device_id, seq)
                parsed = journal.parse(read_capped(path, JOURNAL, "a journal file"), key)
            except (IntegrityError, FileNotFoundError):
                continue
            scope, scope_id = ("site", tag[5:]) if tag.startswith("site:") else ("case", tag)
            if self._section(parsed, device_id, member_id, scope, scope_id, deferred=True):
                self.out.resolved.append((str(device_id), int(seq), str(tag)))
