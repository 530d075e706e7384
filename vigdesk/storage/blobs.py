"""Sealed files under `blobs/ab/<id>`, each with its own key wrapped by its case key.

A blob is sealed and verified first and recorded in the database second, in the
caller's transaction. A crash in between leaves a file whose key was never
stored: noise, removed by `collect_garbage()` at the next unlock.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from vigdesk.core.clock import Clock, iso
from vigdesk.core.errors import IntegrityError
from vigdesk.core.ids import is_id, new_id
from vigdesk.crypto import keys
from vigdesk.crypto.streaming import SealedReader, SealedWriter, Source
from vigdesk.storage.db import Database
from vigdesk.storage.keyring import Keyring


@dataclass(frozen=True)
class SealedBlob:
    """A sealed, verified file not yet recorded (see BlobStore.record)."""

    id: str
    case_id: str
    kind: str
    size: int
    sha256: str
    wrapped_key: bytes


class _Hashing:
    """Wraps a source so the plaintext is hashed as it streams into the sealer.

    SHA-256 is the slowest step of an import (about 1.7 GB/s against 8 GB/s for
    AES-GCM), so it runs on its own thread, overlapping the read, the sealing and the
    writes; hashlib releases the GIL for large buffers. The source is read in 4 MiB
    chunks into a few reused buffers (few system calls and thread hand-offs, no
    allocation per chunk); the sealer's `readinto` calls are served from the current
    chunk while the hashing thread reads the same bytes, and a buffer is refilled only
    once both are done with it. Use as a context manager; `hexdigest` waits for the end.
    """

    _CHUNK = 4 << 20
    _DEPTH = 4  # chunks in flight: at most 16 MiB, allocated only as needed

    def __init__(self, source: Source) -> None:
        self._source = source
        self._digest = hashlib.sha256()
        self._made = 0
        self._free: queue.SimpleQueue[memoryview] = queue.SimpleQueue()
        self._hash: queue.SimpleQueue[tuple[memoryview, int] | None] = queue.SimpleQueue()
        self._unread = memoryview(b"")  # what the sealer has not taken of the current chunk
        self._fd, self._offset = _read_once(source)
        self._worker = threading.Thread(target=self._run, name="vigdesk-hash", daemon=True)
        self._worker.start()

    def __enter__(self) -> _Hashing:
        return self

    def __exit__(self, *_: object) -> None:
        self._stop()

    def _run(self) -> None:
        while (item := self._hash.get()) is not None:
            buffer, n = item
            self._digest.update(buffer[:n])
            self._free.put(buffer)

    def _stop(self) -> None:
        if self._worker.is_alive():
            self._hash.put(None)
            self._worker.join()

    def _buffer(self) -> memoryview:
        """A chunk buffer that the hashing thread is done with."""
        if self._free.empty() and self._made < self._DEPTH:
            self._made += 1
            return memoryview(bytearray(self._CHUNK))
        return self._free.get()

    def readinto(self, buffer: memoryview, /) -> int:
        if not self._unread:
            chunk = self._buffer()
            n = int(self._source.readinto(chunk) or 0)
            if not n:
                self._free.put(chunk)
                return 0
            self._hash.put((chunk, n))  # only read from here on, by both threads
            if self._fd is not None:
                _forget(self._fd, self._offset, n)
            self._offset += n
            self._unread = chunk[:n]
        take = min(len(buffer), len(self._unread))
        buffer[:take] = self._unread[:take]
        self._unread = self._unread[take:]
        return take

    def hexdigest(self) -> str:
        """The digest of everything read (waits for the hashing thread to finish)."""
        self._stop()
        return self._digest.hexdigest()


_ADVISE: Final = getattr(os, "posix_fadvise", None)
"""posix_fadvise where the OS has it (not Windows, not macOS): hints only, so skipped
where absent or refused."""


def _read_once(source: Source) -> tuple[int | None, int]:
    """(file descriptor, offset) of a file source read once, front to back, from here;
    (None, 0) for an in-memory one. Tells the OS to read ahead further (a camera card,
    a USB disk)."""
    if _ADVISE is None:
        return None, 0
    try:
        fd, offset = source.fileno(), source.tell()  # type: ignore[attr-defined]
        _ADVISE(fd, 0, 0, os.POSIX_FADV_SEQUENTIAL)
    except (OSError, AttributeError, ValueError, io.UnsupportedOperation):
        return None, 0
    return fd, offset


def _forget(fd: int, offset: int, n: int) -> None:
    """Drop source bytes already in our buffers from the OS's cache ("drop-behind"): the
    file is not read again, so the cache keeps the sealed copy, which the thumbnail and
    the decode check read next, and the memory goes straight to the sealed copy's
    writes instead of being taken fresh."""
    assert _ADVISE is not None
    with contextlib.suppress(OSError):
        _ADVISE(fd, offset, n, os.POSIX_FADV_DONTNEED)


class BlobStore:
    """Thread-safe: files are immutable once written; rows go through the Database lock."""

    def __init__(self, root: Path, db: Database, keyring: Keyring, clock: Clock) -> None:
        self.root = root
        self._db = db
        self._keyring = keyring
        self._clock = clock

    def path(self, blob_id: str) -> Path:
        """The blob's file; IntegrityError for anything but a minted id (a blob id can
        arrive from another laptop's journal, and must never name a path elsewhere)."""
        if not is_id(blob_id):
            raise IntegrityError(f"refused an unsafe blob id: {str(blob_id)[:40]!r}")
        return self.root / blob_id[:2] / blob_id

    def seal_stream(
        self,
        case_id: str,
        kind: str,
        source: Source,
        progress: Callable[[int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> SealedBlob:
        """Seal `source` (hashing it on the way), then read the sealed file back and
        authenticate every segment: its tags prove it holds exactly the bytes that were
        hashed. The check runs while the fsync waits for the disk, and before the file
        takes its name, so a copy that fails it is never visible.

        Raises Cancelled, StorageFull/StorageReadOnly, IntegrityError (verification
        failed); in every case no file is left behind.
        """
        blob_id = new_id()
        key, wrapped = self._keyring.new_blob_key(case_id, blob_id)
        target = self.path(blob_id)
        target.parent.mkdir(parents=True, exist_ok=True)
        aad = keys.blob_aad(blob_id)

        def authenticate(sealed: Path) -> None:
            with SealedReader(sealed, key, aad) as reader:
                if reader.authenticate() != size:
                    raise IntegrityError("The sealed copy does not match the original; not kept.")

        with _Hashing(source) as hashing, SealedWriter(target, key, aad) as writer:
            size = writer.write_from(hashing, progress, cancelled)
            writer.finish(verify=authenticate)  # read back while the fsync runs
            expected = hashing.hexdigest()
        return SealedBlob(blob_id, case_id, kind, size, expected, wrapped)

    def seal_bytes(self, case_id: str, kind: str, data: bytes) -> SealedBlob:
        return self.seal_stream(case_id, kind, io.BytesIO(data))

    def record(self, blob: SealedBlob) -> None:
        """Store the blob's row and wrapped key (call inside the caller's transaction)."""
        self._db.execute(
            "INSERT INTO blobs (id, case_id, kind, wrapped_key, size, sha256, created_at)"
            " VALUES (?,?,?,?,?,?,?)",
            (
                blob.id,
                blob.case_id,
                blob.kind,
                blob.wrapped_key,
                blob.size,
                blob.sha256,
                iso(self._clock()),
            ),
        )

    def discard(self, blob: SealedBlob) -> None:
        """Remove a sealed file that will not be recorded."""
        self.path(blob.id).unlink(missing_ok=True)

    def open(self, blob_id: str) -> SealedReader:
        """A random-access decrypting reader; raises NotFound once the key is shredded."""
        key = self._keyring.blob_key(blob_id)
        return SealedReader(self.path(blob_id), key, keys.blob_aad(blob_id))

    def open_unrecorded(self, blob: SealedBlob) -> SealedReader:
        """Read a sealed blob whose key is not in the database yet (before `record`)."""
        key = keys.unwrap(
            self._keyring.case_key(blob.case_id), blob.wrapped_key, keys.blob_key_aad(blob.id)
        )
        return SealedReader(self.path(blob.id), key, keys.blob_aad(blob.id))

    def read_bytes(self, blob_id: str) -> bytes:
        with self.open(blob_id) as reader:
            return reader.read()

    def collect_garbage(self) -> int:
        """Delete `.tmp` leftovers and files with no row (their keys never existed)."""
        if not self.root.exists():
            return 0
        known = {row[0] for row in self._db.execute("SELECT id FROM blobs")}
        removed = 0
        for path in self.root.glob("*/*"):
            if path.name.endswith(".tmp") or path.name not in known:
                with contextlib.suppress(OSError):
                    path.unlink()
                    removed += 1
        return removed
