"""Sealed files under `blobs/ab/<id>`, each with its own key wrapped by its case key.

A blob is sealed and verified first and recorded in the database second, in the
caller's transaction. A crash in between leaves a file whose key was never
stored: noise, removed by `collect_garbage()` at the next unlock.
"""

from __future__ import annotations

import contextlib
import hashlib
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from vigdesk.core.clock import Clock, iso
from vigdesk.core.errors import IntegrityError
from vigdesk.core.ids import is_id, new_id
from vigdesk.crypto import keys
from vigdesk.crypto.streaming import SealedReader, SealedWriter
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
    writes; hashlib releases the GIL for large buffers. Chunks are copied, as the
    sealer reuses its buffers. Use as a context manager; `hexdigest` waits for the end.
    """

    _DEPTH = 8  # chunks of up to 1 MiB in flight: bounded memory

    def __init__(self, source: IO[bytes]) -> None:
        self._source = source
        self._digest = hashlib.sha256()
        self._chunks: queue.Queue[bytes | None] = queue.Queue(self._DEPTH)
        self._worker = threading.Thread(target=self._run, name="vigdesk-hash", daemon=True)
        self._worker.start()

    def __enter__(self) -> _Hashing:
        return self

    def __exit__(self, *_: object) -> None:
        self._stop()

    def _run(self) -> None:
        while (chunk := self._chunks.get()) is not None:
            self._digest.update(chunk)

    def _stop(self) -> None:
        if self._worker.is_alive():
            self._chunks.put(None)
            self._worker.join()

    def read(self, n: int = -1, /) -> bytes:
        data = self._source.read(n)
        if data:
            self._chunks.put(data)
        return data

    def readinto(self, buffer: memoryview, /) -> int:
        got = self._source.readinto(buffer)  # type: ignore[attr-defined]
        count = int(got or 0)
        if count:
            self._chunks.put(bytes(buffer[:count]))
        return count

    def hexdigest(self) -> str:
        """The digest of everything read (waits for the hashing thread to finish)."""
        self._stop()
        return self._digest.hexdigest()


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
        source: IO[bytes],
        progress: Callable[[int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> SealedBlob:
        """Seal `source` (hashing it on the way), then authenticate every segment of the
        sealed copy: its tags prove it holds exactly the bytes that were hashed.

        Raises Cancelled, StorageFull/StorageReadOnly, IntegrityError (verification
        failed); in every case no file is left behind.
        """
        blob_id = new_id()
        key, wrapped = self._keyring.new_blob_key(case_id, blob_id)
        target = self.path(blob_id)
        target.parent.mkdir(parents=True, exist_ok=True)
        with (
            _Hashing(source) as hashing,
            SealedWriter(target, key, keys.blob_aad(blob_id)) as writer,
        ):
            size = writer.write_from(hashing, progress, cancelled)
            writer.finish()
            expected = hashing.hexdigest()
        try:
            with SealedReader(target, key, keys.blob_aad(blob_id)) as reader:
                if reader.authenticate() != size:
                    raise IntegrityError("The sealed copy does not match the original; not kept.")
        except BaseException:
            target.unlink(missing_ok=True)
            raise
        return SealedBlob(blob_id, case_id, kind, size, expected, wrapped)

    def seal_bytes(self, case_id: str, kind: str, data: bytes) -> SealedBlob:
        import io

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
