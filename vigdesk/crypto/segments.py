"""The segment layout of Tink's AES-GCM-HKDF streaming AEAD (``AES256_GCM_HKDF_1MB``).

Wire format, byte for byte what Tink writes and reads::

    header  = 0x28 (header length, 40) ‖ salt (32 random bytes) ‖ nonce prefix (7 random bytes)
    key     = HKDF-SHA256(ikm = blob key, salt = salt, info = associated data, length = 32)
    nonce_i = nonce prefix ‖ uint32_be(i) ‖ (0x01 if segment i is the last else 0x00)
    blob    = header ‖ AES-GCM(key, nonce_0, segment 0) ‖ AES-GCM(key, nonce_1, segment 1) ‖ …

Every ciphertext segment is ``SEGMENT_SIZE`` bytes (tag included) except the last, and
the first segment is shorter by the header, so segment i > 0 starts at ``i * SEGMENT_SIZE``.
The associated data only enters through HKDF; AES-GCM itself gets none. An empty plaintext
is one empty, final segment (header plus a lone tag).

The layout functions and `SegmentCipher` are safe to share between threads; an encoder
belongs to one thread (its write-behind sink runs one helper thread of its own).
"""

from __future__ import annotations

import os
import queue
import struct
import threading
from collections.abc import Callable
from types import TracebackType
from typing import Final, Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from vigdesk.core.errors import IntegrityError

SEGMENT_SIZE: Final = 1 << 20
"""Ciphertext bytes per segment, GCM tag included (1 MiB)."""
KEY_SIZE: Final = 32
SALT_SIZE: Final = KEY_SIZE
NONCE_PREFIX_SIZE: Final = 7
TAG_SIZE: Final = 16
HEADER_LEN: Final = 1 + SALT_SIZE + NONCE_PREFIX_SIZE
"""Header bytes at the start of every blob (40); also the value of its first byte."""
FIRST_PLAIN_SIZE: Final = SEGMENT_SIZE - HEADER_LEN - TAG_SIZE
"""Plaintext bytes in a full first segment (1 048 520)."""
PLAIN_SIZE: Final = SEGMENT_SIZE - TAG_SIZE
"""Plaintext bytes in any other full segment (1 048 560)."""
MIN_BLOB_SIZE: Final = HEADER_LEN + TAG_SIZE
_MAX_SEGMENTS: Final = 1 << 32

_CORRUPT = "The sealed file is damaged, truncated or was opened with the wrong key."


def segment_count(plaintext_len: int) -> int:
    """Segments Tink (and we) write for `plaintext_len` bytes: no empty trailing segment."""
    if plaintext_len < 0:
        raise ValueError("plaintext length must be >= 0")
    if plaintext_len <= FIRST_PLAIN_SIZE:
        return 1
    return 1 + -(-(plaintext_len - FIRST_PLAIN_SIZE) // PLAIN_SIZE)


def ciphertext_size(plaintext_len: int) -> int:
    """Size of the blob that seals `plaintext_len` bytes. Raises ValueError if negative."""
    return HEADER_LEN + plaintext_len + TAG_SIZE * segment_count(plaintext_len)


def plaintext_size(ciphertext_len: int) -> int:
    """Plaintext size of a blob of `ciphertext_len` bytes.

    Accepts every length Tink's decrypter accepts (including a final tag-only segment).
    Raises IntegrityError if no blob can have that length.
    """
    if ciphertext_len < MIN_BLOB_SIZE:
        raise IntegrityError(_CORRUPT)
    segments = -(-ciphertext_len // SEGMENT_SIZE)
    last_len = ciphertext_len - (segments - 1) * SEGMENT_SIZE - (HEADER_LEN if segments == 1 else 0)
    if last_len < TAG_SIZE or segments > _MAX_SEGMENTS:
        raise IntegrityError(_CORRUPT)
    return ciphertext_len - HEADER_LEN - TAG_SIZE * segments


def plain_start(index: int) -> int:
    """Plaintext offset where segment `index` begins."""
    return 0 if index == 0 else FIRST_PLAIN_SIZE + (index - 1) * PLAIN_SIZE


def cipher_start(index: int) -> int:
    """Blob offset where ciphertext segment `index` begins."""
    return HEADER_LEN if index == 0 else index * SEGMENT_SIZE


def locate(offset: int) -> tuple[int, int]:
    """(segment index, offset inside its plaintext) of plaintext byte `offset`."""
    if offset < FIRST_PLAIN_SIZE:
        return 0, offset
    index, within = divmod(offset - FIRST_PLAIN_SIZE, PLAIN_SIZE)
    return index + 1, within


def new_header() -> bytes:
    """A fresh header: length byte, random salt, random nonce prefix."""
    return bytes([HEADER_LEN]) + os.urandom(SALT_SIZE + NONCE_PREFIX_SIZE)


class SegmentCipher:
    """AES-GCM for the segments of one blob, keyed from its header. Thread-safe."""

    __slots__ = ("_aead", "_prefix")

    def __init__(self, key: bytes, associated_data: bytes, header: bytes) -> None:
        """Raises ValueError for a key under 32 bytes, IntegrityError for a bad header."""
        if len(key) < KEY_SIZE:
            raise ValueError(f"blob key must be at least {KEY_SIZE} bytes")
        if len(header) != HEADER_LEN or header[0] != HEADER_LEN:
            raise IntegrityError(_CORRUPT)
        salt = header[1 : 1 + SALT_SIZE]
        hkdf = HKDF(algorithm=SHA256(), length=KEY_SIZE, salt=salt, info=associated_data)
        self._aead = AESGCM(hkdf.derive(key))
        self._prefix = header[1 + SALT_SIZE :]

    def nonce(self, index: int, last: bool) -> bytes:
        """The 12-byte nonce of segment `index`."""
        if not 0 <= index < _MAX_SEGMENTS:
            raise ValueError("too many segments")
        return self._prefix + struct.pack(">IB", index, 1 if last else 0)

    def encrypt_into(self, index: int, last: bool, plain: memoryview, out: memoryview) -> None:
        """Seal `plain` into `out`, which must be exactly ``len(plain) + TAG_SIZE`` bytes."""
        self._aead.encrypt_into(self.nonce(index, last), plain, None, out)

    def decrypt(self, index: int, last: bool, cipher: bytes | bytearray) -> bytearray:
        """Open one ciphertext segment. Raises IntegrityError if it fails authentication."""
        if len(cipher) < TAG_SIZE:
            raise IntegrityError(_CORRUPT)
        out = bytearray(len(cipher) - TAG_SIZE)
        try:
            self._aead.decrypt_into(self.nonce(index, last), cipher, None, out)
        except InvalidTag:
            raise IntegrityError(_CORRUPT) from None
        return out


class SegmentSink(Protocol):
    """Where a `SegmentEncoder` puts sealed segments."""

    def buffer(self) -> memoryview:
        """A `SEGMENT_SIZE` buffer to seal the next segment into."""
        ...

    def submit(self, sealed: memoryview) -> None:
        """Write `sealed`, a prefix of the latest `buffer()`; raises what writing raises."""
        ...


class DirectSink:
    """Writes each sealed segment at once, reusing one buffer."""

    def __init__(self, write: Callable[[memoryview], object]) -> None:
        self._write = write
        self._buffer = memoryview(bytearray(SEGMENT_SIZE))

    def buffer(self) -> memoryview:
        return self._buffer

    def submit(self, sealed: memoryview) -> None:
        self._write(sealed)


class WriteBehindSink:
    """Writes sealed segments on a helper thread while the caller seals the next ones.

    A context manager around a burst of writes, cycling `depth` preallocated buffers.
    The helper's first error is raised by the next `buffer()` and by a normal exit, which
    also waits for every queued write.
    """

    def __init__(self, write: Callable[[memoryview], object], depth: int = 3) -> None:
        self._write = write
        self._free: queue.SimpleQueue[memoryview] = queue.SimpleQueue()
        for _ in range(depth):
            self._free.put(memoryview(bytearray(SEGMENT_SIZE)))
        self._queued: queue.SimpleQueue[tuple[memoryview, int] | None] = queue.SimpleQueue()
        self._current: memoryview | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="vigdesk-seal-write", daemon=True)

    def __enter__(self) -> WriteBehindSink:
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._queued.put(None)
        self._thread.join()
        if kind is None:
            self._raise_error()

    def buffer(self) -> memoryview:
        self._raise_error()
        self._current = self._free.get()
        return self._current

    def submit(self, sealed: memoryview) -> None:
        assert self._current is not None, "submit() follows buffer()"
        self._queued.put((self._current, len(sealed)))
        self._current = None

    def _run(self) -> None:
        while (item := self._queued.get()) is not None:
            buffer, size = item
            if self._error is None:
                try:
                    self._write(buffer[:size])
                except BaseException as error:  # handed to the caller's thread
                    self._error = error
            self._free.put(buffer)

    def _raise_error(self) -> None:
        if self._error is not None:
            raise self._error


class SegmentEncoder:
    """Cuts a plaintext stream into segments and hands each sealed one to `sink`.

    Keeps one full segment back until more data arrives, so the last segment is known
    without an empty trailer (as Tink does). `sink` may be swapped between calls.
    Not thread-safe.
    """

    def __init__(self, key: bytes, associated_data: bytes, sink: SegmentSink) -> None:
        header = new_header()
        self._cipher = SegmentCipher(key, associated_data, header)
        self.sink = sink
        self._plain = memoryview(bytearray(PLAIN_SIZE))
        self._spare: memoryview | None = None
        self._fill = 0
        self._index = 0
        self._finished = False
        self.bytes_in = 0
        """Plaintext bytes accepted so far."""
        out = sink.buffer()[:HEADER_LEN]
        out[:] = header
        sink.submit(out)

    def _capacity(self) -> int:
        return FIRST_PLAIN_SIZE if self._index == 0 else PLAIN_SIZE

    def _seal(self, last: bool) -> None:
        n = self._fill
        out = self.sink.buffer()[: n + TAG_SIZE]
        self._cipher.encrypt_into(self._index, last, self._plain[:n], out)
        self.sink.submit(out)
        self._index += 1
        self._fill = 0

    def _check_open(self) -> None:
        if self._finished:
            raise ValueError("the sealed blob is already finished")

    def write(self, data: bytes | bytearray | memoryview) -> int:
        """Accept `data`; returns its length."""
        self._check_open()
        view = memoryview(data).cast("B")
        done = 0
        while done < len(view):
            if self._fill == self._capacity():
                self._seal(last=False)  # more data follows, so this one is not the last
            take = min(self._capacity() - self._fill, len(view) - done)
            self._plain[self._fill : self._fill + take] = view[done : done + take]
            self._fill += take
            done += take
        self.bytes_in += done
        return done

    def fill_from(self, readinto: Callable[[memoryview], int | None], limit: int) -> int:
        """Read at most `limit` bytes straight into a segment buffer; 0 means end of input.

        When the current segment is full the data goes into a spare buffer first, so a
        full segment is sealed as non-last only once more input is known to exist.
        """
        self._check_open()
        room = self._capacity() - self._fill
        if room:
            got = readinto(self._plain[self._fill : self._fill + min(room, limit)]) or 0
            self._fill += got
        else:
            if self._spare is None:
                self._spare = memoryview(bytearray(PLAIN_SIZE))
            spare = self._spare
            got = readinto(spare[: min(PLAIN_SIZE, limit)]) or 0
            if got:
                self._seal(last=False)
                self._plain, self._spare = spare, self._plain
                self._fill = got
        self.bytes_in += got
        return got

    def finish(self) -> None:
        """Seal the buffered data as the last segment. Further calls raise ValueError."""
        self._check_open()
        self._seal(last=True)
        self._finished = True


def seal_bytes(key: bytes, associated_data: bytes, data: bytes | bytearray | memoryview) -> bytes:
    """Seal a small in-memory item in the blob format. Raises ValueError for a short key."""
    view = memoryview(data).cast("B")
    n = len(view)
    header = new_header()
    cipher = SegmentCipher(key, associated_data, header)
    out = bytearray(ciphertext_size(n))
    out[:HEADER_LEN] = header
    sealed = memoryview(out)
    count = segment_count(n)
    for index in range(count):
        lo, hi = plain_start(index), min(n, plain_start(index + 1))
        at = cipher_start(index)
        end = at + hi - lo + TAG_SIZE
        cipher.encrypt_into(index, index == count - 1, view[lo:hi], sealed[at:end])
    return bytes(out)
