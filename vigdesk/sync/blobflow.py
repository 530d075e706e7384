"""Moving sealed blobs: up to ``blobs/ab/<id>`` on the site, down into the vault.

Every blob the vault has is uploaded once, and again if its site copy vanishes (a
rotating check after applying the others' changes: `_vanished`). A blob whose row
arrived from another device is fetched when this member works on its case (assigned,
or its creator), or when it is small (consent scans, stills, documents: under
`SMALL`); the BSO's console fetches the rest on demand. Copies are verified and
resumable (`vigdesk.sync.transfer`). Files of deleted blobs and shredded cases are
removed from the site and the vault.
"""

from __future__ import annotations

import contextlib
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from vigdesk.core.errors import IntegrityError, NotFound
from vigdesk.crypto import keys
from vigdesk.crypto.streaming import fsync_dir
from vigdesk.sync.context import RunContext
from vigdesk.sync.layout import remove_tree
from vigdesk.sync.letters import remove_case_letters
from vigdesk.sync.transfer import copy_verified

SMALL = 2 << 20
WORKERS = 4
RECHECK = 256
"""Settled blobs whose site copy one sync checks is still there, in rotation, so a
county laptop's sync stays short and every copy is checked every few syncs."""


@dataclass
class Moved:
    up: int = 0
    down: int = 0
    bytes_up: int = 0
    bytes_down: int = 0


def _mark(run: RunContext, blob_id: str, *, uploaded: bool, present: bool) -> None:
    run.db.execute(
        "INSERT INTO sync_blobs VALUES (?, ?, ?) ON CONFLICT(blob_id) DO UPDATE SET"
        " uploaded = max(uploaded, excluded.uploaded), present = max(present, excluded.present)",
        (blob_id, int(uploaded), int(present)),
    )


def _copy(run: RunContext, blob_id: str, source: Path, target: Path, *, many: bool = False) -> int:
    return _copy_with(run, blob_id, run.keyring.blob_key(blob_id), source, target, many=many)


def _copy_with(
    run: RunContext, blob_id: str, key: bytes, source: Path, target: Path, *, many: bool
) -> int:
    """Copy one blob (any thread: touches files only, never the database)."""
    if target.is_relative_to(run.layout.root):
        run.layout.ensure_folder(target.parent)
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
    return copy_verified(
        source,
        target,
        key,
        keys.blob_aad(blob_id),
        cancelled=run.cancelled,
        sync_folder=not many,
    )


class _Marks:
    """Transfer bookkeeping, committed in batches (and folders fsynced once per batch):
    a mark lost to a crash is only redone as a cheap existence check next time."""

    BATCH = 64

    def __init__(self, run: RunContext) -> None:
        self._run = run
        self._rows: list[tuple[str, bool, bool]] = []
        self._folders: set[Path] = set()

    def add(self, blob_id: str, uploaded: bool, present: bool, *folders: Path) -> None:
        self._rows.append((blob_id, uploaded, present))
        self._folders.update(folders)
        if len(self._rows) >= self.BATCH:
            self.flush()

    def flush(self) -> None:
        for folder in self._folders:
            with contextlib.suppress(OSError):
                fsync_dir(folder)
        self._folders.clear()
        if self._rows:
            with self._run.db.transact():
                for blob_id, uploaded, present in self._rows:
                    _mark(self._run, blob_id, uploaded=uploaded, present=present)
            self._rows.clear()


@dataclass(frozen=True)
class _Job:
    blob_id: str
    up: bool
    source: Path
    target: Path
    had: tuple[bool, bool]  # (present, uploaded) as recorded
    has: tuple[bool, bool]  # (local, remote) before the copy


def _vanished(run: RunContext) -> list[str]:
    """Blobs held here and once uploaded whose site copy is gone (someone with write
    access deleted it): a rotating sample of `RECHECK` per sync. A blob is sent again
    only when it was missing at the last sync too: a deletion that removed it was
    published before its file went, so this sync has applied it and the blob is no
    longer here (sending it back would leave an erased file on the share)."""
    db, state = run.db, run.state
    after = state.get("blob_recheck_after")
    before = set(filter(None, state.get("blob_missing").split(",")))
    rows = [
        str(r[0])
        for r in db.execute(
            "SELECT s.blob_id FROM sync_blobs s JOIN blobs b ON b.id = s.blob_id"
            " WHERE s.uploaded = 1 AND s.present = 1 AND s.blob_id > ? ORDER BY s.blob_id"
            " LIMIT ?",
            (after, RECHECK),
        )
    ]
    held = {b for b in before if db.one("SELECT 1 FROM blobs WHERE id = ?", (b,)) is not None}
    missing = {
        b
        for b in set(rows) | held
        if not run.layout.blob(b).exists() and run.blobs.path(b).exists()
    }
    with db.transact():
        state.put("blob_recheck_after", rows[-1] if len(rows) == RECHECK else "")
        state.put("blob_missing", ",".join(sorted(missing - before)))
    return sorted(missing & before)


def _plan(run: RunContext, recheck: bool) -> tuple[list[_Job], list[_Job]]:
    """(copies to make, bookkeeping-only updates) for blobs not yet settled, and with
    `recheck`, uploads of settled blobs whose site copy vanished."""
    mine = {
        str(r[0])
        for r in run.db.execute(
            "SELECT case_id FROM case_members WHERE member_id = ?", (run.device.member_id,)
        )
    }
    copies, marks = [], []
    for blob_id, case_id, size, uploaded, present in run.db.execute(
        "SELECT b.id, b.case_id, b.size, coalesce(s.uploaded, 0), coalesce(s.present, 0)"
        " FROM blobs b LEFT JOIN sync_blobs s ON s.blob_id = b.id"
        " WHERE s.blob_id IS NULL OR s.uploaded = 0 OR s.present = 0"
    ):
        local, remote = run.blobs.path(blob_id), run.layout.blob(blob_id)
        has = (local.exists(), remote.exists())
        had = (bool(present), bool(uploaded))
        if has == (True, False):
            copies.append(_Job(blob_id, True, local, remote, had, has))
        elif has == (False, True) and (case_id in mine or size <= SMALL):
            copies.append(_Job(blob_id, False, remote, local, had, has))
        elif has != had:
            marks.append(_Job(blob_id, False, local, remote, had, has))
    if recheck:
        lost = _vanished(run)
        for blob_id in lost:
            local, remote = run.blobs.path(blob_id), run.layout.blob(blob_id)
            copies.append(_Job(blob_id, True, local, remote, (True, True), (True, False)))
        if lost:
            run.problems.append(
                f"{len(lost)} sealed file(s) had vanished from the site and were uploaded "
                "again from this laptop. Tell the BSO: someone deleted files in the site folder."
            )
    return copies, marks


def transfer(run: RunContext, *, recheck: bool = False) -> Moved:
    """Upload what the site lacks and fetch what this device should hold.

    Copies run on a few worker threads (fsync latency dominates small files); the
    bookkeeping stays on the calling thread. OS errors propagate after every worker
    stopped; a verification failure is reported and skipped. `recheck` (after this
    sync applied the others' changes): also put back site copies that vanished.
    """
    moved = Moved()
    copies, updates = _plan(run, recheck)
    marks = _Marks(run)
    for job in updates:
        marks.add(job.blob_id, job.has[1], job.has[0])
    pool = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="vigdesk-sync")
    try:
        futures = {}
        for j in copies:
            try:
                key = run.keyring.blob_key(j.blob_id)  # on this thread: workers skip the db
            except NotFound:
                continue  # its case key was shredded meanwhile
            futures[pool.submit(_copy_with, run, j.blob_id, key, j.source, j.target, many=True)] = j
        for n, future in enumerate(as_completed(futures)):
            job = futures[future]
            run.report("blobs", n + 1, len(copies))
            try:
                copied = future.result()
            except IntegrityError:
                where = "on the site" if job.up is False else "in the vault"
                run.problems.append(
                    f"Blob {job.blob_id[:8]} {where} failed verification (tampered or "
                    "damaged); it was not copied."
                )
                continue
            except NotFound:
                continue  # its case key was shredded meanwhile
            if job.up:
                moved.up, moved.bytes_up = moved.up + 1, moved.bytes_up + copied
            else:
                moved.down, moved.bytes_down = moved.down + 1, moved.bytes_down + copied
            marks.add(job.blob_id, True, True, job.source.parent, job.target.parent)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        marks.flush()
    return moved


def fetch_one(run: RunContext, blob_id: str) -> None:
    """Fetch one blob now (the BSO opening a video). Raises NotFound/IntegrityError."""
    local, remote = run.blobs.path(blob_id), run.layout.blob(blob_id)
    if local.exists():
        return
    if not remote.exists():
        raise NotFound("That video is not on the site yet: its practitioner has not synced it.")
    _copy(run, blob_id, remote, local)
    with run.db.transact():
        _mark(run, blob_id, uploaded=True, present=True)


def clean_site(run: RunContext) -> int:
    """Delete site files of deleted blobs, erased letters and shredded cases (their key
    wraps and outbox letters); returns how many.

    A shredded case's key folder and files go only from a BSO's laptop, once it
    accepted the shred: a practitioner taken off the family may shred it offline and be
    refused, and the folder holds the wraps of the key epochs the team still needs. A deleted
    blob's file goes at once (an erasure is not left waiting); if the deletion is
    refused, a laptop holding the file puts it back (`_vanished`)."""
    rows = run.db.execute("SELECT kind, ref FROM sync_share_deletes")
    bso = run.me.role == "bso"
    for kind, ref in rows:
        if kind == "blob" or (kind == "case_blob" and bso):
            for path in (run.layout.blob(ref), run.layout.blob(ref).with_suffix(".tmp")):
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
        elif kind == "letter":
            with contextlib.suppress(FileNotFoundError):
                run.layout.letter(ref).unlink()
        elif kind == "case" and bso:
            remove_tree(run.layout.case_keys_dir(ref))
            remove_case_letters(run.layout, ref)
    if rows:
        with run.db.transact():
            run.db.executemany(
                "DELETE FROM sync_share_deletes WHERE kind = ? AND ref = ?",
                [(k, r) for k, r in rows],
            )
    return len(rows)


def forget_local(run: RunContext, blob_ids: list[str]) -> None:
    """Unlink vault files of blobs whose rows (and keys) are gone."""
    for blob_id in blob_ids:
        with contextlib.suppress(FileNotFoundError):
            run.blobs.path(blob_id).unlink()
        run.db.execute("DELETE FROM sync_blobs WHERE blob_id = ?", (blob_id,))
