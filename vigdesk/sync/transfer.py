"""Copying sealed blobs between the vault and the site, verified and resumable.

The copy goes to ``<target>.tmp``; every segment is authenticated (AES-GCM with the
blob's key) before it is written, so only genuine ciphertext lands there. After an
interruption the copy resumes after the last whole segment already in the ``.tmp`` that
still authenticates. Then fsync and rename: the target only ever holds a verified blob.
A tampered or truncated source raises IntegrityError and leaves no file.
"""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Callable
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from vigdesk.core.errors import Cancelled, IntegrityError
from vigdesk.crypto.segments import (
    HEADER_LEN,
    KEY_SIZE,
    SEGMENT_SIZE,
    TAG_SIZE,
    SegmentCipher,
    plaintext_size,
)
from vigdesk.crypto.streaming import fsync_dir

Progress = Callable[[int], None]


def _segments(size: int) -> int:
    return -(-size // SEGMENT_SIZE)


def _span(index: int, count: int, size: int) -> tuple[int, int]:
    """Byte range of segment `index` in the file (the first includes the header)."""
    start = index * SEGMENT_SIZE
    end = size if index == count - 1 else start + SEGMENT_SIZE
    return start, end


class _Verifier:
    """Authenticates segments into one reused buffer (the plaintext is thrown away).

    Same keys and nonces as `SegmentCipher` (Tink's layout); avoids a fresh 1 MiB
    allocation and a copy per segment on the transfer path.
    """

    def __init__(self, key: bytes, associated_data: bytes, header: bytes) -> None:
        self._cipher = SegmentCipher(key, associated_data, header)  # validates the header
        salt = header[1 : 1 + KEY_SIZE]
        derived = HKDF(algorithm=SHA256(), length=KEY_SIZE, salt=salt, info=associated_data)
        self._aead = AESGCM(derived.derive(key))
        self._out = bytearray(SEGMENT_SIZE)

    def check(self, index: int, count: int, chunk: bytes | memoryview) -> None:
        body = memoryview(chunk)[HEADER_LEN:] if index == 0 else memoryview(chunk)
        if len(body) < TAG_SIZE:
            raise IntegrityError("The sealed file is damaged or truncated.")
        out = memoryview(self._out)[: len(body) - TAG_SIZE]
        try:
            self._aead.decrypt_into(self._cipher.nonce(index, index == count - 1), body, None, out)
        except InvalidTag:
            raise IntegrityError(
                "The sealed file is damaged, truncated or not this blob."
            ) from None


def _read_full(src: io.FileIO, view: memoryview) -> int:
    """Fill `view` (network file systems may return short reads); bytes read."""
    got = 0
    while got < len(view):
        n = src.readinto(view[got:])
        if not n:
            break
        got += n
    return got


def _resume_point(tmp: Path, header: bytes, cipher: _Verifier, count: int, size: int) -> int:
    """Whole, authentic segments already in `tmp` (0 if none or a different blob)."""
    try:
        have = tmp.stat().st_size
    except FileNotFoundError:
        return 0
    done = 0
    with open(tmp, "rb") as fh:
        if fh.read(HEADER_LEN) != header:
            return 0
        fh.seek(0)
        while done < count - 1:
            start, end = _span(done, count, size)
            if end > have:
                break
            try:
                cipher.check(done, count, fh.read(end - start))
            except IntegrityError:
                break
            done += 1
    return done


def copy_verified(
    source: Path,
    target: Path,
    key: bytes,
    associated_data: bytes,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    *,
    sync_folder: bool = True,
) -> int:
    """Copy the sealed blob `source` to `target`; returns bytes copied now.

    The target's folder must exist. Raises IntegrityError (source tampered, truncated or
    the wrong key: no target written),
    Cancelled (the ``.tmp`` is kept for resuming), OSError from either side.
    """
    tmp = target.with_name(target.name + ".tmp")
    with open(source, "rb", buffering=0) as src:
        size = os.fstat(src.fileno()).st_size
        plaintext_size(size)  # raises IntegrityError for an impossible length
        header = src.read(HEADER_LEN)
        cipher = _Verifier(key, associated_data, header)
        count = _segments(size)
        done = _resume_point(tmp, header, cipher, count, size)
        copied = 0
        buffer = bytearray(SEGMENT_SIZE)
        with open(tmp, "r+b" if done else "wb") as out:
            start = _span(done, count, size)[0]
            out.seek(start)
            out.truncate(start)
            src.seek(start)
            for index in range(done, count):
                if cancelled is not None and cancelled():
                    raise Cancelled("Sync was cancelled; the copy resumes next time.")
                lo, hi = _span(index, count, size)
                chunk = memoryview(buffer)[: hi - lo]
                if _read_full(src, chunk) != hi - lo:
                    raise IntegrityError("The sealed file changed while it was copied.")
                try:
                    cipher.check(index, count, chunk)
                except IntegrityError:
                    out.close()
                    with contextlib.suppress(OSError):
                        tmp.unlink()
                    raise
                out.write(chunk)
                copied += len(chunk)
                if progress is not None:
                    progress(len(chunk))
            out.flush()
            os.fsync(out.fileno())
    os.replace(tmp, target)
    if sync_folder:  # callers copying many files fsync each folder once instead
        with contextlib.suppress(OSError):
            fsync_dir(target.parent)
    return copied
