"""The doctor's checks inside the vault: schema, pages, blobs, keys, sync queues, audit.

Reads only (the database is open read-only); see `vigdesk.services.doctor`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from vigdesk.core.clock import Clock, parse_iso
from vigdesk.core.errors import IntegrityError
from vigdesk.services.doctor_findings import SHOWN, Finding, Severity, agree, plural
from vigdesk.storage import audit_head, migrations, unlock_state
from vigdesk.storage.audit import ROLLBACK_ACTION, AuditLog
from vigdesk.storage.db import DbError
from vigdesk.storage.vault_reader import VaultReader

BLOBS_DIR = "blobs"
QUIET_SYNC = timedelta(days=7)  # unsent changes older than this are worth a warning


def check(reader: VaultReader, clock: Clock) -> list[Finding]:
    found = [*_schema(reader)]
    steps: tuple[tuple[str, Callable[[VaultReader, Clock], list[Finding]]], ...] = (
        ("vault.pages", lambda r, _c: _pages(r)),
        ("blobs.files", lambda r, _c: _blobs(r)),
        ("keys.keyless", lambda r, _c: _keyless(r)),
        ("sync.unsent", _unsent),
        ("sync.waiting", lambda r, _c: _waiting(r)),
        ("audit.chain", lambda r, _c: _chain(r)),
        ("audit.head", lambda r, _c: _head(r)),
    )
    for code, step in steps:
        try:
            found += step(reader, clock)
        except DbError as exc:
            found.append(
                Finding(code, Severity.ERROR, f"This check could not read the database ({exc}).")
            )
    return found


def _schema(reader: VaultReader) -> list[Finding]:
    version, latest = migrations.current(reader.db), migrations.latest()
    if version < latest:
        return [
            Finding(
                "vault.schema",
                Severity.WARNING,
                f"The vault is at schema {version}; this vigdesk upgrades it to {latest} the "
                "next time it is unlocked. Checks of newer tables may fail until then.",
                {"version": version, "latest": latest},
            )
        ]
    if version > latest:
        return [
            Finding(
                "vault.schema",
                Severity.ERROR,
                f"The vault is at schema {version}, newer than this vigdesk knows ({latest}): "
                "run the newer vigdesk.",
                {"version": version, "latest": latest},
            )
        ]
    return [Finding("vault.schema", Severity.OK, f"The vault is at schema {version}.")]


def _pages(reader: VaultReader) -> list[Finding]:
    """SQLCipher's per-page HMAC check and SQLite's structural check."""
    structure = [str(r[0]) for r in reader.db.execute("PRAGMA quick_check")]
    pages = reader.db.execute("PRAGMA cipher_integrity_check")
    if structure == ["ok"] and not pages:
        return [Finding("vault.pages", Severity.OK, "Every database page decrypts and verifies.")]
    return [
        Finding(
            "vault.pages",
            Severity.ERROR,
            "The case database is damaged: some pages fail their checks. Restore it from the "
            "council's backup and contact support.",
            {"problems": [str(r[0]) for r in [*pages, *[(s,) for s in structure]]][:SHOWN]},
        )
    ]


def _enrolled(reader: VaultReader) -> bool:
    return reader.db.one("SELECT 1 FROM sync_site") is not None


@dataclass(frozen=True)
class BlobCensus:
    """Sealed files on disk against their rows (sorted blob ids)."""

    rows: int
    orphans: list[str]  # files without a row
    missing: list[str]  # rows whose file should be here and is not
    unfetched: list[str]  # rows of an enrolled laptop whose file was never fetched


def blob_census(reader: VaultReader) -> BlobCensus:
    """On an enrolled laptop a row without a file is normal until it is fetched
    (`sync.blobflow` fetches videos of a member's own cases and small files, and marks
    each copy in `sync_blobs.present`); once marked, or without a site, it is missing."""
    root = reader.home / BLOBS_DIR
    files = {p.name for p in root.glob("*/*")} if root.is_dir() else set()
    rows = {
        str(r[0]): bool(r[1])
        for r in reader.db.execute(
            "SELECT b.id, coalesce(s.present, 0) FROM blobs b"
            " LEFT JOIN sync_blobs s ON s.blob_id = b.id"
        )
    }
    absent = sorted(b for b in rows if b not in files)
    enrolled = _enrolled(reader)
    return BlobCensus(
        len(rows),
        sorted(n for n in files if n not in rows),
        [b for b in absent if rows[b] or not enrolled],
        [b for b in absent if not rows[b] and enrolled],
    )


def _blobs(reader: VaultReader) -> list[Finding]:
    census = blob_census(reader)
    orphans, missing, unfetched = census.orphans, census.missing, census.unfetched
    enrolled = _enrolled(reader)
    found: list[Finding] = []
    if orphans:
        found.append(
            Finding(
                "blobs.orphaned",
                Severity.WARNING,
                f"{plural(len(orphans), 'file')} under blobs/ "
                f"{agree(len(orphans), 'belongs', 'belong')} to no record (left by an "
                "interrupted import or deletion): without a key, such a file is noise. "
                "Unlocking the vault removes them.",
                {"files": [f"{n[:2]}/{n}" for n in orphans[:SHOWN]], "count": len(orphans)},
            )
        )
    if missing:
        found.append(
            Finding(
                "blobs.missing",
                Severity.ERROR,
                f"{plural(len(missing), 'video or document', 'videos or documents')} recorded "
                "in the vault "
                + agree(len(missing), "has lost its file", "have lost their files")
                + " and cannot be opened"
                + (" (the site may still hold a copy)." if enrolled else "."),
                {"blobs": missing[:SHOWN], "count": len(missing)},
            )
        )
    if unfetched:
        found.append(
            Finding(
                "blobs.not_fetched",
                Severity.INFO,
                f"{plural(len(unfetched), 'file')} recorded here "
                f"{agree(len(unfetched), 'has', 'have')} not been fetched from the site; that "
                "is normal for other members' work (fetched when needed).",
                {"count": len(unfetched)},
            )
        )
    if not found:
        found.append(
            Finding(
                "blobs.files",
                Severity.OK,
                f"{plural(census.rows, 'sealed file')} recorded, each with its file; "
                "no stray files.",
            )
        )
    return found


def _keyless(reader: VaultReader) -> list[Finding]:
    """Blob rows whose case key (here or received from the site) is gone."""
    rows = reader.db.execute(
        "SELECT b.id FROM blobs b WHERE b.case_id NOT IN"
        " (SELECT case_id FROM case_keys UNION SELECT case_id FROM sync_case_keys)"
        " ORDER BY b.id"
    )
    if not rows:
        return [Finding("keys.keyless", Severity.OK, "Every sealed file's case key is here.")]
    ids = [str(r[0]) for r in rows]
    present = sum(1 for b in ids if (reader.home / BLOBS_DIR / b[:2] / b).exists())
    return [
        Finding(
            "keys.keyless",
            Severity.WARNING,
            f"{plural(len(ids), 'record')} of sealed files "
            f"{agree(len(ids), 'belongs', 'belong')} to a case whose key was destroyed "
            f"({present} with a file still on disk): they can never be opened, and "
            "a shred or erasure was probably interrupted.",
            {"blobs": ids[:SHOWN], "count": len(ids), "files_on_disk": present},
        )
    ]


def _unsent(reader: VaultReader, clock: Clock) -> list[Finding]:
    """Changes not yet on the site, deletions and erasures among them."""
    if not _enrolled(reader):
        return []
    db = reader.db
    queued = int(db.scalar("SELECT count(*) FROM sync_outbox"))
    uncaptured = int(db.scalar("SELECT count(*) FROM sync_changes"))
    deletions = int(db.scalar("SELECT count(*) FROM sync_outbox WHERE scope = 'site'"))
    site_files = int(db.scalar("SELECT count(*) FROM sync_share_deletes"))
    last = db.scalar("SELECT last_sync_at FROM sync_site")
    details = {
        "outbox": queued,
        "uncaptured": uncaptured,
        "deletions": deletions,
        "site_files_to_delete": site_files,
        "last_sync_at": last,
    }
    if not (queued or uncaptured or site_files):
        return [Finding("sync.unsent", Severity.OK, "Nothing waits to be sent to the site.")]
    stale = last is None or clock() - parse_iso(str(last)) > QUIET_SYNC
    when = "this laptop has never synced" if last is None else f"the last sync was at {last}"
    return [
        Finding(
            "sync.unsent",
            Severity.WARNING if stale else Severity.INFO,
            f"{plural(queued + uncaptured, 'change')} "
            f"{agree(queued + uncaptured, 'waits', 'wait')} to be sent to the site "
            f"({deletions} of them deletions or erasures queued, {site_files} site "
            f"{'file' if site_files == 1 else 'files'} to delete); {when}. "
            "The next sync sends them.",
            details,
        )
    ]


def _waiting(reader: VaultReader) -> list[Finding]:
    """Rows other laptops sent that cannot be written here yet (`sync_rows.pending`)."""
    if not _enrolled(reader):
        return []
    rows = reader.db.execute(
        "SELECT reason, count(*) FROM sync_rows WHERE pending = 1 GROUP BY reason ORDER BY reason"
    )
    if not rows:
        return [Finding("sync.waiting", Severity.OK, "No received rows wait to be applied.")]
    by_reason = {str(r[0]) or "unknown": int(r[1]) for r in rows}
    total = sum(by_reason.values())
    return [
        Finding(
            "sync.waiting",
            Severity.INFO,
            f"{plural(total, 'row')} from other laptops "
            f"{agree(total, 'waits', 'wait')} to be written here; "
            "'vigdesk sync waiting' says why and what to do.",
            {"count": total, "reasons": by_reason},
        )
    ]


def _chain(reader: VaultReader) -> list[Finding]:
    verdict = AuditLog(reader.db, actor="").verify()
    if verdict.ok:
        return [
            Finding(
                "audit.chain",
                Severity.OK,
                f"The audit log's {plural(verdict.entries, 'entry', 'entries')} chain correctly.",
                {"entries": verdict.entries},
            )
        ]
    return [
        Finding(
            "audit.chain",
            Severity.ERROR,
            f"The audit log is broken at entry {verdict.first_bad_seq}: {verdict.reason}.",
            {"entries": verdict.entries, "first_bad_seq": verdict.first_bad_seq},
        )
    ]


def _head(reader: VaultReader) -> list[Finding]:
    """The MAC'd head beside the vault against the chain (as unlock does, unaudited)."""
    home = reader.home
    try:
        record = audit_head.read(home, reader.master_key, reader.header.vault_id)
    except IntegrityError as exc:
        return [
            Finding(
                "audit.head",
                Severity.ERROR,
                f"The record of the newest audit entry kept beside the vault was altered "
                f"({exc}), so a rollback of the audit log cannot be ruled out.",
            )
        ]
    in_file = unlock_state.load(home).total if (home / unlock_state.STATE_NAME).exists() else None
    found = [_head_finding(f) for f in audit_head.findings(record, reader.db, in_file)]
    return found or [
        Finding(
            "audit.head",
            Severity.OK,
            "The audit log reaches the newest entry recorded beside the vault.",
            {"head_seq": record.seq if record else 0},
        )
    ]


def _head_finding(finding: audit_head.Finding) -> Finding:
    d = finding.details
    if finding.action != ROLLBACK_ACTION:
        return Finding(
            "audit.unlock_counter",
            Severity.WARNING,
            f"The failed-unlock counter was reset (it had counted {d['expected_at_least']}, "
            f"the file now says {d['found']}): unlock-state.json was deleted or replaced.",
            dict(d),
        )
    if d["reason"] == "head_missing":
        text = "The record of the newest audit entry kept beside the vault is missing"
        text += ", so a rollback of the audit log cannot be ruled out."
    elif d["reason"] == "rolled_back":
        text = (
            f"The audit log was rolled back: it had reached entry {d['head_seq']} but now "
            f"holds only {d['found_seq']}."
        )
    else:
        text = f"The audit log was rolled back and rewritten: entry {d['head_seq']} was replaced."
    return Finding("audit.head", Severity.ERROR, text, dict(d))
