"""Sealed blobs: Tink's AES-GCM-HKDF streaming AEAD (``AES256_GCM_HKDF_1MB``) on files.

`SealedWriter` seals a stream into ``<final>.tmp`` and renames it into place when done;
`SealedReader` is a random-access, thread-safe file object over a sealed blob (PyAV and
`vigdesk.ui.sealed_device` read through it); `seal_bytes` / `open_bytes` do the same
format in memory for small items. The layout lives in `vigdesk.crypto.segments`.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from pathlib import Path
from types import TracebackType
from typing import IO, TYPE_CHECKING, Final, Protocol

from vigdesk.core.errors import Cancelled, IntegrityError, StorageFull, StorageReadOnly
from vigdesk.crypto.segments import (
    HEADER_LEN,
    KEY_SIZE,
    SEGMENT_SIZE,
    DirectSink,
    SegmentCipher,
    SegmentEncoder,
    WriteBehindSink,
    cipher_start,
    ciphertext_size,
    locate,
    plaintext_size,
    seal_bytes,
)

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

__all__ = [
    "HEADER_LEN",
    "SEGMENT_SIZE",
    "SealedReader",
    "SealedWriter",
    "ciphertext_size",
    "open_bytes",
    "plaintext_size",
    "seal_bytes",
]

CHUNK_SIZE: Final = 1 << 20
"""`SealedWriter.write_from` reads its source in chunks of this many bytes."""
_FULL: Final = frozenset({errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)})
_READ_ONLY: Final = frozenset({errno.EROFS, errno.EACCES})


class Source(Protocol):
    """What `SealedWriter.write_from` reads: any binary file object."""

    def readinto(self, buffer: memoryview, /) -> int | None: ...


class SealedWriter:
    """Seals a plaintext stream into `final_path`, atomically.

    Writes ``<final_path>.tmp``; `finish` seals the last segment, fsyncs, renames it onto
    `final_path` and fsyncs the folder, so `final_path` only ever holds a complete blob.
    `abort` (or leaving a ``with`` block by an exception) removes the temporary file.
    OS errors abort first, then raise StorageFull (disk or quota full, file too large) or
    StorageReadOnly (read-only or forbidden folder); others propagate as OSError.
    Use from one thread at a time.
    """

    def __init__(self, final_path: Path, key: bytes, associated_data: bytes) -> None:
        if len(key) < KEY_SIZE:
            raise ValueError(f"blob key must be at least {KEY_SIZE} bytes")
        self.final_path = final_path
        self.tmp_path = final_path.with_suffix(final_path.suffix + ".tmp")
        self._file: IO[bytes] | None = None
        self._done = False
        with self._mapped_errors():
            self._file = open(self.tmp_path, "wb")  # noqa: SIM115 - closed by finish/abort
            self._direct = DirectSink(self._file.write)
            self._encoder = SegmentEncoder(key, associated_data, self._direct)

    def __enter__(self) -> SealedWriter:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if kind is not None:
            self.abort()
        elif not self._done:
            self.finish()

    @property
    def bytes_written(self) -> int:
        """Plaintext bytes accepted so far."""
        return self._encoder.bytes_in

    def write(self, data: bytes | bytearray | memoryview) -> int:
        """Seal `data` (buffered into 1 MiB segments); returns its length."""
        self._check_open()
        with self._mapped_errors():
            return self._encoder.write(data)

    def write_from(
        self,
        source: Source,
        progress: Callable[[int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> int:
        """Seal everything `source` yields, 1 MiB at a time; returns the bytes read.

        Checks `cancelled` before each chunk (true: abort, raise Cancelled) and calls
        ``progress(bytes_so_far)`` after it. Writes on a helper thread while sealing the
        next segment. Does not finish the blob. Errors reading `source` abort and
        propagate unchanged.
        """
        self._check_open()
        assert self._file is not None
        source_errors: list[OSError] = []

        def pull(buffer: memoryview) -> int | None:
            try:
                return source.readinto(buffer)
            except OSError as error:  # kept apart from the destination's error mapping
                source_errors.append(error)
                return 0

        total, chunk = 0, CHUNK_SIZE
        with self._mapped_errors(), WriteBehindSink(self._file.write) as sink:
            self._encoder.sink = sink
            while chunk == CHUNK_SIZE:
                if cancelled is not None and cancelled():
                    raise Cancelled("Sealing was cancelled; nothing was saved.")
                chunk = 0
                while chunk < CHUNK_SIZE and (
                    got := self._encoder.fill_from(pull, CHUNK_SIZE - chunk)
                ):
                    chunk += got
                total += chunk
                if progress is not None and chunk:
                    progress(total)
        self._encoder.sink = self._direct
        if source_errors:
            self.abort()
            raise source_errors[0]
        return total

    def finish(self, verify: Callable[[Path], object] | None = None) -> None:
        """Seal the last segment, make the blob durable and move it to `final_path`.

        ``verify(tmp_path)`` (reading the sealed file back, say) runs on a helper thread
        while the fsync waits for the disk, so checking costs no extra time; if it
        raises, nothing is renamed, the temporary file is removed and its error
        propagates (OSErrors mapped as for writing).
        """
        self._check_open()
        file = self._file
        assert file is not None
        with self._mapped_errors():
            self._encoder.finish()
            file.flush()
            with _Beside(verify, self.tmp_path):
                os.fsync(file.fileno())
            file.close()
            os.replace(self.tmp_path, self.final_path)
            fsync_dir(self.final_path.parent)
        self._done = True

    def abort(self) -> None:
        """Close and delete the temporary file. Never raises; safe to call twice."""
        self._done = True
        with contextlib.suppress(OSError):
            if self._file is not None:
                self._file.close()
        with contextlib.suppress(OSError):
            self.tmp_path.unlink(missing_ok=True)

    def _check_open(self) -> None:
        if self._done:
            raise ValueError("the sealed writer is already finished or aborted")

    @contextlib.contextmanager
    def _mapped_errors(self) -> Iterator[None]:
        try:
            yield
        except BaseException as error:
            self.abort()
            folder, code = self.final_path.parent, getattr(error, "errno", None)
            if isinstance(error, OSError) and code in _FULL:
                message = f"The disk holding {folder} is full: free some space and try again."
                raise StorageFull(message) from error
            if isinstance(error, OSError) and code in _READ_ONLY:
                message = (
                    f"Cannot write to {folder}: check that it is not read-only "
                    "and that you may write there."
                )
                raise StorageReadOnly(message) from error
            raise


class _Beside:
    """Runs ``check(path)`` on a helper thread for the length of a ``with`` block.

    Leaving the block waits for the check (so the file is closed again before anyone
    renames or deletes it, as Windows requires), then raises the block's error if any,
    else the check's.
    """

    def __init__(self, check: Callable[[Path], object] | None, path: Path) -> None:
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None
        if check is not None:
            self._thread = threading.Thread(
                target=self._run, args=(check, path), name="vigdesk-seal-verify", daemon=True
            )

    def _run(self, check: Callable[[Path], object], path: Path) -> None:
        try:
            check(path)
        except BaseException as error:  # handed to the caller's thread
            self._error = error

    def __enter__(self) -> None:
        if self._thread is not None:
            self._thread.start()

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        if self._thread is not None:
            self._thread.join()
        if kind is None and self._error is not None:
            raise self._error


def fsync_dir(folder: Path) -> None:
    """Make a rename in `folder` durable (POSIX; Windows has no folder handles to sync)."""
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError as error:
        if error.errno != errno.EINVAL:  # some file systems cannot sync a folder
            raise
    finally:
        os.close(fd)


class SealedReader(io.RawIOBase):
    """Random-access, read-only file object over a sealed blob.

    Opening reads the header and authenticates the last segment (so `size` is trusted and
    truncation at a segment boundary is caught) without reading the rest; each other
    segment is authenticated when first read and kept in a small LRU cache. Any tampering,
    truncation, wrong key or wrong associated data raises IntegrityError.

    Thread-safe: file access and the cache sit behind a lock, `read`/`readinto`/`seek`
    share one position behind another, and `read_at` ignores the position entirely.
    A path `source` is opened and closed by the reader; a file object is left open.
    """

    def __init__(
        self,
        source: Path | IO[bytes],
        key: bytes,
        associated_data: bytes,
        cache_segments: int = 4,
    ) -> None:
        super().__init__()
        self._io_lock = threading.Lock()
        self._pos_lock = threading.Lock()
        self._cache: OrderedDict[int, bytearray] = OrderedDict()
        self._cache_segments = cache_segments
        self._pos = 0
        self._owns = False
        if cache_segments < 1:
            raise ValueError("cache_segments must be at least 1")
        if isinstance(source, os.PathLike):
            self._file: IO[bytes] = open(source, "rb", buffering=0)  # noqa: SIM115
            self._owns = True
        else:
            self._file = source
        try:
            self._blob_len = self._file.seek(0, io.SEEK_END)
            self._size = plaintext_size(self._blob_len)
            self._last = -(-self._blob_len // SEGMENT_SIZE) - 1
            self._cipher = SegmentCipher(key, associated_data, self._read_exact(0, HEADER_LEN))
            self._segment(self._last)
        except BaseException:
            self.close()
            raise

    @property
    def size(self) -> int:
        """Plaintext size in bytes (authenticated at open)."""
        return self._size

    def authenticate(self) -> int:
        """Decrypt every segment in order, caching none; returns the plaintext size.

        Proves the whole file is exactly what was sealed under this key and associated
        data (each segment's tag, its index and the last-segment flag); IntegrityError
        otherwise.
        """
        self._check_open()
        for index in range(self._last + 1):
            with self._io_lock:
                start = cipher_start(index)
                end = min((index + 1) * SEGMENT_SIZE, self._blob_len)
                sealed = self._read_exact(start, end - start)
            self._cipher.decrypt(index, index == self._last, sealed)
        return self._size

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def read_at(self, offset: int, n: int) -> bytes:
        """Up to `n` plaintext bytes from `offset` (short only at the end); thread-safe."""
        if offset < 0 or n < 0:
            raise ValueError("offset and n must be >= 0")
        self._check_open()
        end = min(offset + n, self._size)
        pieces: list[memoryview] = []
        while offset < end:
            index, within = locate(offset)
            segment = self._segment(index)
            take = min(len(segment) - within, end - offset)
            pieces.append(memoryview(segment)[within : within + take])
            offset += take
        return pieces[0].tobytes() if len(pieces) == 1 else b"".join(pieces)

    def read(self, size: int = -1, /) -> bytes:
        with self._pos_lock:
            n = max(0, self._size - self._pos) if size < 0 else size
            data = self.read_at(self._pos, n)
            self._pos += len(data)
            return data

    def readall(self) -> bytes:
        return self.read(-1)

    def readinto(self, buffer: WriteableBuffer, /) -> int:
        out = memoryview(buffer).cast("B")
        with self._pos_lock:
            data = self.read_at(self._pos, len(out))
            out[: len(data)] = data
            self._pos += len(data)
            return len(data)

    def seek(self, offset: int, whence: int = io.SEEK_SET, /) -> int:
        self._check_open()
        with self._pos_lock:
            bases = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: self._size}
            if whence not in bases:
                raise ValueError(f"invalid whence ({whence})")
            target = bases[whence] + offset
            if target < 0:
                raise ValueError("negative seek position")
            self._pos = target
            return target

    def close(self) -> None:
        """Drop the cached plaintext; close the file if the reader opened it."""
        if not self.closed:
            with self._io_lock:
                self._cache.clear()
                if self._owns:
                    self._file.close()
        super().close()

    def _check_open(self) -> None:
        if self.closed:
            raise ValueError("I/O operation on closed sealed blob")

    def _segment(self, index: int) -> bytearray:
        with self._io_lock:
            cached = self._cache.get(index)
            if cached is not None:
                self._cache.move_to_end(index)
                return cached
            start = cipher_start(index)
            end = min((index + 1) * SEGMENT_SIZE, self._blob_len)
            sealed = self._read_exact(start, end - start)
        plain = self._cipher.decrypt(index, index == self._last, sealed)
        with self._io_lock:
            self._cache[index] = plain
            self._cache.move_to_end(index)
            while len(self._cache) > self._cache_segments:
                self._cache.popitem(last=False)
        return plain

    def _read_exact(self, start: int, n: int) -> bytes:
        """Read `n` blob bytes at `start`; the caller holds `_io_lock` (or is `__init__`)."""
        self._file.seek(start)
        data = self._file.read(n)
        while len(data) < n and (more := self._file.read(n - len(data))):
            data += more
        if len(data) != n:
            raise IntegrityError("The sealed file was truncated or changed while open.")
        return data


def open_bytes(key: bytes, associated_data: bytes, blob: bytes) -> bytes:
    """Open a blob from `seal_bytes` (or any sealed blob). Raises IntegrityError if tampered."""
    with SealedReader(io.BytesIO(blob), key, associated_data) as reader:
        return reader.read_at(0, reader.size)
