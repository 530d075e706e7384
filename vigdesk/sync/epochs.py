"""Revocation rotates: a case moves to a new key epoch when someone leaves its team.

A case's journal sections are sealed under its *epoch key*: epoch 1 is the case key
itself; later epochs are fresh random keys. When the BSO's laptop sees that a member
who held the newest epoch is no longer on the case's team (unassigned, or removed from
the site), it makes the next epoch and wraps its key (``keys/<case>/<epoch>/<member>.key``)
to the current team and the BSOs only. Every laptop seals new sections under the newest
epoch it holds, so what is written after the rotation reaches the site under a key the
leaver never had. Blob keys travel only inside those sections, so new video is covered
too; what the leaver had already synced stays readable to anyone keeping a copy.

Only BSOs rotate (one writer, so two laptops never race to different keys), and a
practitioner takes epoch keys only from a BSO (see `vigdesk.sync.authority`). A member
who joins later receives every epoch, to read the case's history.
"""

from __future__ import annotations

import contextlib
import json
import os

from vigdesk.core.errors import IntegrityError
from vigdesk.crypto import keys
from vigdesk.storage.audit import AuditLog
from vigdesk.sync import keywraps
from vigdesk.sync.context import RunContext
from vigdesk.sync.journal import case_tag
from vigdesk.sync.keyexchange import wanted_members
from vigdesk.sync.limits import KEY_WRAP, read_capped


def rotate_and_wrap(run: RunContext, audit: AuditLog) -> int:
    """On a BSO's laptop: rotate cases whose team lost someone, and wrap every epoch
    for every member who should hold it. Returns the wrap files written."""
    if run.device.member_id not in run.manifest.bso_ids():
        return 0
    teams = {
        str(r[0]): (int(r[1]), frozenset(json.loads(r[2])))
        for r in run.db.execute("SELECT case_id, epoch, team FROM sync_case_teams")
    }
    newest: dict[str, tuple[int, frozenset[str]]] = {}
    with run.db.transact():  # one commit for every family's team, then the wrap files
        for case_id, wanted in sorted(wanted_members(run).items()):
            run.check_cancel()
            want = frozenset(wanted)
            epoch = run.state.newest_epoch(case_id)
            recorded = teams.get(case_id)
            given = recorded[1] if recorded is not None and recorded[0] == epoch else None
            if given != want:
                epoch = _record(run, audit, case_id, epoch, given, want)
            newest[case_id] = (epoch, want)
    written = 0
    for case_id, (epoch, want) in newest.items():
        if epoch >= 2:
            run.check_cancel()
            written += _wrap_epochs(run, case_id, epoch, want)
    return written


def _record(
    run: RunContext,
    audit: AuditLog,
    case_id: str,
    epoch: int,
    given: frozenset[str] | None,
    want: frozenset[str],
) -> int:
    """Note the team the newest epoch goes to, first rotating if someone who had it left.
    Returns the newest epoch."""
    with run.db.transact():
        if given is not None and given - want:
            epoch += 1
            run.state.save_epoch_key(case_id, epoch, keys.new_key())
            audit.append(
                "case.key_rotated", "case", case_id, {"epoch": epoch, "left": len(given - want)}
            )
            given = None
        run.db.execute(
            "INSERT INTO sync_case_teams VALUES (?, ?, ?) ON CONFLICT(case_id) DO UPDATE"
            " SET epoch = excluded.epoch, team = excluded.team",
            (case_id, epoch, json.dumps(sorted(want | (given or frozenset())))),
        )
    return epoch


def _wrap_epochs(run: RunContext, case_id: str, newest: int, want: frozenset[str]) -> int:
    """Write missing epoch wraps (2..newest) for `want`; delete ours for anyone else."""
    db, layout = run.db, run.layout
    done: dict[int, set[str]] = {}
    for epoch, member_id in db.execute(
        "SELECT epoch, member_id FROM sync_epoch_wraps WHERE case_id = ?", (case_id,)
    ):
        done.setdefault(int(epoch), set()).add(str(member_id))
    written = 0
    for epoch in range(2, newest + 1):
        have = done.get(epoch, set())
        missing, extra = want - have, have - want
        if not missing and not extra:
            continue
        key = run.state.epoch_key(case_id, epoch)
        if key is None:
            continue
        made = []
        for member_id in sorted(missing):
            member = run.manifest.member(member_id)
            if member is None:
                continue
            data = keywraps.make(
                "case",
                case_tag(case_id, epoch),
                member,
                key,
                run.device.keys,
                run.device.device_id,
            )
            layout.write(layout.case_epoch_key(case_id, epoch, member_id), data)
            made.append(member_id)
            written += 1
        for member_id in sorted(extra):
            with contextlib.suppress(FileNotFoundError):
                layout.case_epoch_key(case_id, epoch, member_id).unlink()
        with db.transact():
            db.executemany(
                "INSERT OR IGNORE INTO sync_epoch_wraps VALUES (?, ?, ?)",
                [(case_id, epoch, m) for m in made],
            )
            db.executemany(
                "DELETE FROM sync_epoch_wraps WHERE case_id = ? AND epoch = ? AND member_id = ?",
                [(case_id, epoch, m) for m in extra],
            )
    return written


def fetch_epoch_keys(run: RunContext) -> int:
    """Collect the rotated epoch keys of the cases this laptop holds, from a BSO only.
    Returns how many arrived. OS errors propagate (the caller maps them)."""
    me, layout, state = run.me, run.layout, run.state
    issuers = run.manifest.bso_ids()
    got = 0
    for case_id in sorted(state.held_case_ids()):
        try:
            listed = os.listdir(layout.case_keys_dir(case_id))
        except FileNotFoundError:
            continue
        have = state.case_epochs(case_id)
        for name in listed:
            if not (name.isdigit() and len(name) <= 6 and int(name) >= 2):
                continue
            epoch = int(name)
            if epoch in have:
                continue
            tag = case_tag(case_id, epoch)
            try:
                data = read_capped(layout.case_epoch_key(case_id, epoch, me.id), KEY_WRAP, "a key")
                key = keywraps.open_wrap(
                    data, "case", tag, me, run.device.keys, run.manifest, issuers
                )
            except FileNotFoundError:
                continue
            except IntegrityError as exc:
                run.problems.append(f"A key for case {case_id[:8]} was refused: {exc}.")
                continue
            with run.db.transact():
                state.save_epoch_key(case_id, epoch, key)
            got += 1
    return got
