"""Need-to-know keys on the site (DESIGN §6 keys/).

Every device holding a case key keeps ``keys/<case>/<member>.key`` present for exactly
the case's assigned members, every BSO and itself, and removes wraps for anyone else
(unassigned, removed from the site). Each device then collects the wraps addressed to
it: site data keys for each epoch, and case keys it does not hold yet (except the stale
wrap of a case withdrawn from it: `vigdesk.sync.withdraw`). Who may give a key is in
`vigdesk.sync.authority`: a practitioner takes case keys only from a BSO or its own
device, so a member cannot plant a wrong key for a colleague.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from vigdesk.core.errors import IntegrityError
from vigdesk.core.ids import is_id
from vigdesk.sync import keywraps, rowstore
from vigdesk.sync.codec import pk_text, sha256_hex
from vigdesk.sync.context import RunContext
from vigdesk.sync.limits import KEY_WRAP, read_capped
from vigdesk.sync.manifest import Member
from vigdesk.sync.withdraw import readmitted, stale_wrap


def wanted_members(run: RunContext) -> dict[str, set[str]]:
    """case id → members who should hold its key (assigned ∩ site members, BSOs, me)."""
    members = {m.id for m in run.manifest.members}
    always = set(run.manifest.bso_ids()) | {run.device.member_id}
    wanted: dict[str, set[str]] = {}
    for case_id, member_id in run.db.execute("SELECT case_id, member_id FROM case_members"):
        if member_id in members:
            wanted.setdefault(str(case_id), set()).add(str(member_id))
    return {case_id: wanted.get(case_id, set()) | always for case_id in _held(run)}


def _held(run: RunContext) -> set[str]:
    shredded = {str(r[0]) for r in run.db.execute("SELECT case_id FROM sync_shredded")}
    return run.state.held_case_ids() - shredded


def _never_taken_off(run: RunContext, case_id: str, member_id: str) -> bool:
    """Whether the merged history shows this member on the case and never removed: no
    deletion of the assignment, and so no re-adding over one (which names it)."""
    st = rowstore.load(run.db, "case_members", pk_text([case_id, member_id]))
    return st is not None and not st.superseded and all(st.heads.values())


def _present(run: RunContext, path: Path, case_id: str, recipient: Member) -> bool:
    """A wrap already on the site that its recipient would take (`fetch_keys`: a BSO
    any current member's, a practitioner a BSO's or its own device's): recorded, not
    written again, so a new BSO laptop does not rewrite every family's wraps.

    A practitioner taken off a case ignores the wrap it had (`withdraw.stale_wrap`)
    until a new one readmits it, so a practitioner's wrap is taken as it is only while
    the merged history shows them never taken off the case; BSOs never withdraw."""
    issuers: frozenset[str] | None = None
    if recipient.role != "bso":
        if not _never_taken_off(run, case_id, recipient.id):
            return False
        issuers = run.manifest.bso_ids() | {recipient.id}
    try:
        data = read_capped(path, KEY_WRAP, "a key wrap")
    except (FileNotFoundError, IntegrityError):
        return False
    return keywraps.acceptable(data, "case", case_id, recipient.id, run.manifest, issuers)


def publish_wraps(run: RunContext) -> int:
    """Write missing wraps and delete unwanted ones; returns files written.

    Files first, then one transaction records them: killed in between, the next run
    finds the files already there and only records them."""
    done: dict[str, set[str]] = {}
    for case_id, member_id in run.db.execute("SELECT case_id, member_id FROM sync_wraps"):
        done.setdefault(str(case_id), set()).add(str(member_id))
    written = 0
    bsos = run.manifest.bso_ids()
    mine = frozenset({run.device.member_id})
    issuer = run.device.member_id in bsos
    made: list[tuple[str, str]] = []
    dropped: list[tuple[str, str]] = []
    for case_id, want in wanted_members(run).items():
        have = done.get(case_id, set())
        # Practitioners take case keys only from a BSO (or their own device), so other
        # devices wrap only for the BSOs and themselves: see `vigdesk.sync.authority`.
        writable = want if issuer else want & (bsos | mine)
        missing, extra = writable - have, have - want
        if not missing and not extra:
            continue
        run.check_cancel()
        key = run.state.case_key(case_id)
        if key is None:
            continue
        for member_id in sorted(missing):
            member = run.manifest.member(member_id)
            if member is None:
                continue
            path = run.layout.case_key(case_id, member_id)
            if not _present(run, path, case_id, member):
                data = keywraps.make(
                    "case", case_id, member, key, run.device.keys, run.device.device_id
                )
                run.layout.write(path, data)
                written += 1
            made.append((case_id, member_id))
        for member_id in sorted(extra):
            with contextlib.suppress(FileNotFoundError):
                run.layout.case_key(case_id, member_id).unlink()
            dropped.append((case_id, member_id))
    if made or dropped:
        with run.db.transact():
            run.db.executemany("INSERT OR IGNORE INTO sync_wraps VALUES (?, ?)", made)
            run.db.executemany(
                "DELETE FROM sync_wraps WHERE case_id = ? AND member_id = ?", dropped
            )
    return written


def _refuse_wrap(run: RunContext, case_id: str, data: bytes, why: str) -> None:
    """Report a refused wrap once per file content (it stays until someone replaces it)."""
    mark = f"wrap_refused:{case_id}"
    digest = sha256_hex(data)
    if run.state.get(mark) == digest:
        return
    with run.db.transact():
        run.state.put(mark, digest)
    run.problems.append(
        f"A key for case {case_id[:8]} on the site was refused ({why}). "
        "It will open once the BSO's laptop syncs; tell the BSO if this repeats."
    )


def fetch_keys(run: RunContext) -> int:
    """Open wraps addressed to this device that bring a key it lacks; returns how many."""
    me, layout, state = run.me, run.layout, run.state
    got = 0
    have_epochs = state.site_epochs()
    for epoch in range(1, run.manifest.key_epoch + 1):
        path = layout.site_key(epoch, me.id)
        if epoch in have_epochs or not path.exists():
            continue
        try:
            data = read_capped(path, KEY_WRAP, "the site key wrap")
            key = keywraps.open_wrap(data, "site", str(epoch), me, run.device.keys, run.manifest)
        except IntegrityError as exc:
            run.problems.append(f"The site key wrap for epoch {epoch} was rejected: {exc}.")
            continue
        with run.db.transact():
            state.save_site_data_key(epoch, key)
        got += 1
    try:
        listed = set(os.listdir(layout.keys)) - {"site"}
    except FileNotFoundError:
        listed = set()
    shredded = {str(r[0]) for r in run.db.execute("SELECT case_id FROM sync_shredded")}
    bso = me.role == "bso"
    issuers = None if bso else run.manifest.bso_ids() | {me.id}
    received: list[tuple[str, bytes]] = []
    for case_id in sorted(listed - state.held_case_ids() - shredded):
        if not is_id(case_id):
            continue  # not a folder vigdesk makes: never a path to follow
        try:
            data = read_capped(layout.case_key(case_id, me.id), KEY_WRAP, "a key wrap")
        except FileNotFoundError:
            continue
        except IntegrityError as exc:
            run.problems.append(f"A case key wrap was rejected ({case_id[:8]}): {exc}.")
            continue
        if stale_wrap(run, case_id, data):
            continue  # withdrawn here; waiting for another device to remove it
        try:
            key = keywraps.open_wrap(
                data, "case", case_id, me, run.device.keys, run.manifest, issuers
            )
        except IntegrityError as exc:
            _refuse_wrap(run, case_id, data, str(exc))
            continue
        received.append((case_id, key))
    with run.db.transact():  # one commit, not one per family (a new BSO laptop gets all)
        for case_id, key in received:
            state.save_received_case_key(case_id, key)
            readmitted(run, case_id)
    return got + len(received)
