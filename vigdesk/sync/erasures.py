"""Erasures on the site: noting those that arrive, and confirming when the share is clear.

An erasure deletes a person's records on one laptop; the deletion reaches the others at
their syncs, and each one's compaction (`sync.compaction`) replaces its older change
files, which still hold the records sealed under the case's key. The erasure register
(`storage.erasures`) keeps, per erased person, which records and files went. At every
sync each pending erasure is checked against the share: every change file holding a
section of the case is opened with the keys this laptop holds (a whole case shredded:
any section of it at all counts), and the erased files must be gone. The first sync
that finds nothing records the day (`confirmed_on`); until then the devices whose files
still hold them are kept (`waiting`), for the certificate and the BSO's console.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from vigdesk.core.clock import iso
from vigdesk.core.errors import IntegrityError
from vigdesk.storage.erasures import Erasure, ErasureRepo
from vigdesk.sync import hlc, journal
from vigdesk.sync.apply import Authored
from vigdesk.sync.changes import RowChange
from vigdesk.sync.context import RunContext
from vigdesk.sync.layout import JOURNAL_RE, numbered
from vigdesk.sync.limits import JOURNAL, read_capped

SITE_FILES = "files"
"""Stands in `waiting` for erased video or documents still in the site's blob folder."""


def _deletion(item: Authored) -> RowChange | None:
    e = item.entry
    if isinstance(e, RowChange) and e.alive is not None and e.alive[0] == 0 and not e.fields:
        return e
    return None


def note_incoming(run: RunContext, items: Iterable[Authored]) -> list[str]:
    """Register erasures among changes about to be applied (a person's record deleted:
    only erasure does that), with the records and files deleted alongside them; call in
    the applying transaction, before applying (the person's initials are still here).
    Returns the people newly registered: after applying, `ErasureRepo.drop_received_if_held`
    forgets those whose deletion was refused."""
    db = run.db
    deletions = [(i.device, d) for i in items if (d := _deletion(i)) is not None]
    repo, added = ErasureRepo(db), []
    for device, person in [(dev, d) for dev, d in deletions if d.table == "people"]:
        person_id = str(json.loads(person.pk)[0])
        row = db.one(
            "SELECT p.initials, c.code FROM people p JOIN cases c ON c.id = p.case_id"
            " WHERE p.id = ?",
            (person_id,),
        )
        if row is None or repo.get(person_id) is not None:
            continue  # never held here, or already registered
        alongside = [d for dev, d in deletions if dev == device and d.case_id == person.case_id]
        rows = tuple(sorted({(d.table, d.pk) for d in alongside}))
        blobs = tuple(sorted({str(json.loads(d.pk)[0]) for d in alongside if d.table == "blobs"}))
        when = datetime.fromtimestamp((hlc.value_of(person.stamp) >> hlc.COUNTER_BITS) / 1000, UTC)
        repo.add(
            Erasure(
                person_id,
                person.case_id,
                str(row[1]),
                str(row[0]),
                iso(when),
                False,
                False,
                "",
                {},
                0,
                True,
                rows,
                blobs,
            )
        )
        added.append(person_id)
    return added


def _signers(run: RunContext) -> dict[str, bytes]:
    """device id → signing key, for every device whose folder may hold change files."""
    m = run.manifest
    keys = {r.device_id: r.sign_key for r in m.retired}
    keys.update({x.device_id: x.sign_key for x in m.members})
    keys[run.device.device_id] = run.device.keys.sign_public
    return keys


def _holds(run: RunContext, path: Path, sign_key: bytes, e: Erasure) -> bool:
    """True if this change file may still hold the erased records."""
    scopes = [
        s
        for scope, s in journal.peek_sections(path)
        if scope == "case" and journal.split_tag(s)[0] == e.case_id
    ]
    if not scopes:
        return False
    if e.whole_case:
        return True  # the case is gone: nothing of it may stay
    try:
        parsed = journal.parse(read_capped(path, JOURNAL, "a journal file"), sign_key)
    except FileNotFoundError:
        return False  # compacted away while we looked
    except IntegrityError:
        return True  # unreadable to us: it cannot be said to be clear
    erased = set(e.rows)
    for scope_id in scopes:
        key = run.state.epoch_key(e.case_id, journal.split_tag(scope_id)[1])
        if key is None:
            return True
        try:
            entries = journal.open_section(parsed, "case", scope_id, key)
        except IntegrityError:
            return True
        if any(
            isinstance(e_, dict) and e_.get("f") and (e_.get("t"), e_.get("k")) in erased
            for e_ in entries
        ):
            return True
    return False


def waiting_for(run: RunContext, e: Erasure) -> list[str]:
    """Devices (and `SITE_FILES`) whose files on the share still hold the erasure."""
    layout, found = run.layout, []
    for device_id, sign_key in sorted(_signers(run).items()):
        for seq in numbered(layout.journal_dir(device_id), JOURNAL_RE):
            run.check_cancel()
            try:
                held = _holds(run, layout.journal(device_id, seq), sign_key, e)
            except FileNotFoundError:
                continue
            if held:
                found.append(device_id)
                break
    if any(layout.blob(b).exists() for b in e.blobs):
        found.append(SITE_FILES)
    return found


def confirm(run: RunContext) -> list[Erasure]:
    """Search the share for every pending erasure; returns those confirmed clear now.
    Reads the share (call inside `share_errors`)."""
    repo = ErasureRepo(run.db)
    pending = repo.pending()
    if not pending:
        return []
    run.report("erasures")
    results = [(e, waiting_for(run, e)) for e in pending]
    at = run.now_iso()
    with run.db.transact():
        for e, waiting in results:
            repo.checked(e.person_id, at, waiting)
    return [e for e, waiting in results if not waiting]
