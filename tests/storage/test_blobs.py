"""Sealing a stream into the blob store: what is kept equals what was read, or nothing is."""

from __future__ import annotations

import hashlib
import io
import os
import threading
from pathlib import Path

import pytest

from tests.conftest import Family
from tests.short_reads import ShortReads
from vigdesk.core.errors import IntegrityError
from vigdesk.crypto.segments import SEGMENT_SIZE
from vigdesk.services.session import Services

CHUNK = 4 << 20  # what the hashing reader reads at a time


def blob_files(root: Path) -> list[str]:
    return sorted(p.name for p in root.glob("*/*"))


def no_helper_threads() -> bool:
    names = {"vigdesk-hash", "vigdesk-seal-write", "vigdesk-seal-verify"}
    return not any(t.name in names for t in threading.enumerate())


@pytest.mark.parametrize("n", [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK + SEGMENT_SIZE + 3])
@pytest.mark.parametrize("step", [None, 999_983], ids=["whole", "short-reads"])
def test_sealed_blob_holds_and_hashes_exactly_the_source(
    services: Services, family: Family, n: int, step: int | None
) -> None:
    data = os.urandom(n)
    source = io.BytesIO(data) if step is None else ShortReads(data, step)
    seen: list[int] = []
    blob = services.ctx.blobs.seal_stream(family.case.id, "footage", source, seen.append)
    assert (blob.size, blob.sha256) == (n, hashlib.sha256(data).hexdigest())
    assert seen == sorted(seen) and (seen[-1:] or [0]) == [n]
    with services.ctx.blobs.open_unrecorded(blob) as reader:
        assert reader.read() == data
    assert no_helper_threads()


def test_sealing_a_file_reads_it_to_the_end(
    services: Services, family: Family, tmp_path: Path
) -> None:
    source = tmp_path / "card.mp4"
    source.write_bytes(os.urandom(CHUNK + 12_345))
    with open(source, "rb") as fh:
        blob = services.ctx.blobs.seal_stream(family.case.id, "footage", fh)
    assert blob.sha256 == hashlib.sha256(source.read_bytes()).hexdigest()


class TamperedOnDisk(io.RawIOBase):
    """Hands out `data`; at its end, once the first sealed segment has reached the
    disk, changes one byte of it there: what the read-back check must catch."""

    def __init__(self, data: bytes, blobs: Path) -> None:
        self._data, self._at, self._blobs = data, 0, blobs
        self.tampered = False

    def readable(self) -> bool:
        return True

    def readinto(self, buf: memoryview) -> int:  # type: ignore[override]
        n = min(len(buf), len(self._data) - self._at)
        buf[:n] = self._data[self._at : self._at + n]
        self._at += n
        if n == 0 and not self.tampered:
            (tmp,) = self._blobs.glob("*/*.tmp")
            while tmp.stat().st_size < SEGMENT_SIZE:  # written behind, on another thread
                threading.Event().wait(0.01)
            with open(tmp, "r+b") as fh:
                fh.seek(1000)
                byte = fh.read(1)
                fh.seek(1000)
                fh.write(bytes([byte[0] ^ 1]))
            self.tampered = True
        return n


def test_a_sealed_copy_that_reads_back_wrong_is_never_kept(
    services: Services, family: Family
) -> None:
    blobs = services.ctx.blobs
    blobs.root.mkdir(parents=True, exist_ok=True)
    before = blob_files(blobs.root)
    source = TamperedOnDisk(os.urandom(3 * SEGMENT_SIZE), blobs.root)
    with pytest.raises(IntegrityError):
        blobs.seal_stream(family.case.id, "footage", source)
    assert source.tampered
    assert blob_files(blobs.root) == before  # neither the blob nor its .tmp
    assert no_helper_threads()
