"""The export register (rows ↔ core.packages.ExportRecord, migration 0010) and package
files on disk: written new and durable, read and opened in memory, recipient key files.

The file functions need no vault (the viewer and `vigdesk view` use them).
"""

from __future__ import annotations

import base64
import contextlib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from vigdesk.core.consent import Purpose
from vigdesk.core.errors import InvalidInput, NotFound, PackageTampered, storage_error
from vigdesk.core.ids import MediaId, new_id
from vigdesk.core.packages import CaseFile, ExportRecord, Manifest, unpack
from vigdesk.core.passphrase import passphrase_problem
from vigdesk.core.replies import Comment, Reply, reply_bytes
from vigdesk.crypto.kdf import KdfParams, calibrate
from vigdesk.crypto.package import (
    PackageHeader,
    RecipientKey,
    RecipientSecret,
    open_package,
    read_header,
    seal_package,
)
from vigdesk.crypto.streaming import fsync_dir
from vigdesk.storage.db import Database

REPLY_DAYS = 365  # a reply holds comments only; the practitioner has a year to import it
_COLS = (
    "id, case_id, purpose, recipient, lock_mode, recipient_key, made_by, created_at,"
    " expires_on, size, sha256, recalled_on, recall_note"
)


class ExportRepo:
    """Call writes inside the caller's `transact()`."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def insert(self, r: ExportRecord) -> None:
        self._db.execute(
            f"INSERT INTO exports ({_COLS}) VALUES ({','.join('?' * 13)})",
            (
                r.id,
                r.case_id,
                r.purpose.value,
                r.recipient,
                r.lock_mode,
                r.recipient_key,
                r.made_by,
                r.created_at,
                r.expires_on.isoformat(),
                r.size,
                r.sha256,
                r.recalled_on.isoformat() if r.recalled_on else None,
                r.recall_note,
            ),
        )
        self._db.executemany(
            "INSERT INTO export_media (export_id, position, media_id) VALUES (?,?,?)",
            [(r.id, n, m) for n, m in enumerate(r.media_ids)],
        )

    def get(self, export_id: str) -> ExportRecord:
        rows = self._select("WHERE id = ?", (export_id,))
        if not rows:
            raise NotFound(f"No package {export_id} in the export register.")
        return rows[0]

    def for_case(self, case_id: str) -> list[ExportRecord]:
        return self._select("WHERE case_id = ?", (case_id,))

    def all(self) -> list[ExportRecord]:
        return self._select("", ())

    def mark_recalled(self, export_id: str, on: date, note: str) -> None:
        self._db.execute(
            "UPDATE exports SET recalled_on = ?, recall_note = ? WHERE id = ?",
            (on.isoformat(), note, export_id),
        )

    def _select(self, where: str, params: tuple[Any, ...]) -> list[ExportRecord]:
        rows = self._db.execute(f"SELECT {_COLS} FROM exports {where} ORDER BY created_at", params)
        media: dict[str, list[str]] = {}
        for export_id, media_id in self._db.execute(
            "SELECT export_id, media_id FROM export_media WHERE export_id IN"
            f" (SELECT id FROM exports {where}) ORDER BY export_id, position",
            params,
        ):
            media.setdefault(export_id, []).append(media_id)
        return [_record(r, tuple(media.get(r[0], []))) for r in rows]


def _record(r: tuple[Any, ...], media_ids: tuple[str, ...]) -> ExportRecord:
    return ExportRecord(
        id=r[0],
        case_id=r[1],
        purpose=CaseFile(r[2]) if r[2] == CaseFile.CASE_FILE else Purpose(r[2]),
        recipient=r[3],
        lock_mode=r[4],
        recipient_key=r[5],
        made_by=r[6],
        created_at=r[7],
        expires_on=date.fromisoformat(r[8]),
        media_ids=tuple(MediaId(m) for m in media_ids),
        size=r[9],
        sha256=r[10],
        recalled_on=date.fromisoformat(r[11]) if r[11] else None,
        recall_note=r[12],
    )


# --- without a vault: files, keys and opening ---------------------------------------


@dataclass(frozen=True)
class OpenedPackage:
    """A decrypted package in memory: header, manifest and each item's bytes by name."""

    header: PackageHeader
    manifest: Manifest
    items: dict[str, bytes]


def write_new_file(path: Path, data: bytes, mode: int = 0o644) -> None:
    """Write `data` to `path` durably and atomically; refuse to replace an existing file."""
    if path.exists():
        raise InvalidInput(f"{path.name} already exists: choose another file name.")
    tmp = path.with_name(f".{path.name}.{new_id()[:8]}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.link(tmp, path)  # fails rather than replacing a file made meanwhile
        fsync_dir(path.parent)
    except FileExistsError as exc:
        raise InvalidInput(f"{path.name} already exists: choose another file name.") from exc
    except OSError as exc:
        raise storage_error(exc, f"write {path.name}") from exc
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


def _read(path: Path, what: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InvalidInput(f"Cannot read the {what} {path.name}: {exc.strerror}.") from exc


def create_recipient_key(
    name: str, passphrase: str, out: Path, kdf: KdfParams | None = None
) -> RecipientKey:
    """Write a new key pair: `out` (private, passphrase-protected, mode 0600) and
    `out` + ".pub" (public, to send to practitioners). Returns the public key."""
    if not name.strip():
        raise InvalidInput("Give the name the key belongs to.")
    problem = passphrase_problem(passphrase)
    if problem:
        raise InvalidInput(f"Key passphrase: {problem}")
    secret = RecipientSecret.generate(name.strip())
    public = out.with_name(out.name + ".pub")
    if public.exists():
        raise InvalidInput(f"{public.name} already exists: choose another file name.")
    write_new_file(out, secret.protect(passphrase, kdf or calibrate()), mode=0o600)
    write_new_file(public, secret.public().to_file())
    return secret.public()


def load_recipient_key(path: Path) -> RecipientKey:
    """A supervisor's public key file; raises NotAPackage for anything else."""
    return RecipientKey.from_file(_read(path, "key file"))


def peek_package(path: Path) -> PackageHeader:
    """The public header only (lock mode, dates), without any secret: for the viewer's
    open form. Raises NotAPackage / PackageTampered / InvalidInput (unreadable file)."""
    try:
        with path.open("rb") as fh:
            head = fh.read(24 * 1024)
    except OSError as exc:
        raise InvalidInput(f"Cannot read the package {path.name}: {exc.strerror}.") from exc
    return read_header(head)[0]


def open_package_file(
    path: Path,
    *,
    today: date,
    passphrase: str | None = None,
    key_file: Path | None = None,
) -> OpenedPackage:
    """Read, check expiry, authenticate and decrypt a package entirely in memory.

    With `key_file`, `passphrase` unlocks that private key file; without it, `passphrase`
    opens the package. Raises NotAPackage, PackageExpired, WrongPackageSecret or
    PackageTampered, each with one clear sentence; writes nothing anywhere.
    """
    data = _read(path, "package")
    secret = None
    if key_file is not None:
        secret = RecipientSecret.unlock(_read(key_file, "key file"), passphrase or "")
    header, content = open_package(
        data, passphrase=None if secret else passphrase, secret=secret, today=today
    )
    manifest, items = unpack(content)
    return OpenedPackage(header, manifest, {name: bytes(v) for name, v in items.items()})


def write_reply(
    path: Path,
    manifest: Manifest,
    supervisor: str,
    minutes: int,
    comments: Sequence[Comment],
    today: date,
) -> None:
    """Seal a supervisor's comments to the practitioner who made `manifest`'s package and
    write them to `path` (a new file); the only file the viewer ever writes."""
    reply_to = manifest.reply_to
    if reply_to is None:
        raise InvalidInput("This package does not take a reply: it was made for training.")
    name = " ".join(supervisor.split())
    if not name or len(name) > 120:
        raise InvalidInput("Give your name as the supervisor (at most 120 characters).")
    if not 1 <= minutes <= 24 * 60:
        raise InvalidInput("Say how long you spent, between 1 minute and 24 hours.")
    if not comments:
        raise InvalidInput("Add at least one comment before saving a reply.")
    try:
        key = RecipientKey.from_json(reply_to.name, reply_to.to_json())
        token = base64.b64decode(reply_to.token, validate=True)
    except (ValueError, KeyError) as exc:
        raise PackageTampered("The package's reply address is damaged.") from exc
    reply = Reply(manifest.package_id, name, today, minutes, tuple(comments))
    blob = seal_package(
        reply_bytes(reply, token),
        package_id=manifest.package_id,
        created_on=today,
        expires_on=today + timedelta(days=REPLY_DAYS),
        to=key,
    )
    write_new_file(path, blob, mode=0o600)
