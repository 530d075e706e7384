"""Throughput of sealing and opening a large file versus plain copying and reading.

Run: ``python tests/bench/bench_seal.py [megabytes]`` (default 200). Prints best-of-3
timings and the ratios; asserts nothing. Sealing includes its fsync, so a copy followed
by an fsync is timed too, as the fair baseline, and sealing without `finish` as well.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from vigdesk.crypto.streaming import SealedReader, SealedWriter

KEY = os.urandom(32)
AD = b"vigdesk/blob/v1/bench"
CHUNK = 1 << 20


def best_of_3(action: Callable[[], object], fresh: Path | None = None) -> float:
    """Best time of three runs; `fresh` is deleted (untimed) before each, as for a new blob."""
    times = []
    for _ in range(3):
        if fresh is not None:
            fresh.unlink(missing_ok=True)
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def copy_plain(src: Path, dst: Path) -> None:
    shutil.copyfile(src, dst)


def copy_plain_fsync(src: Path, dst: Path) -> None:
    shutil.copyfile(src, dst)
    with dst.open("rb+") as out:
        os.fsync(out.fileno())


def seal(src: Path, dst: Path) -> None:
    with SealedWriter(dst, KEY, AD) as writer, src.open("rb") as source:
        writer.write_from(source)


def seal_unsynced(src: Path, dst: Path) -> float:
    """Seconds spent sealing into the page cache: `finish` (fsync, rename) not included."""
    writer = SealedWriter(dst, KEY, AD)
    start = time.perf_counter()
    with src.open("rb") as source:
        writer.write_from(source)
    seconds = time.perf_counter() - start
    writer.abort()
    return seconds


def read_plain(src: Path) -> None:
    with src.open("rb", buffering=0) as source:
        while source.read(CHUNK):
            pass


def read_sealed(src: Path) -> None:
    with SealedReader(src, KEY, AD) as reader:
        while reader.read(CHUNK):
            pass


def main() -> None:
    megabytes = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    size = megabytes * 1_000_000
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        plain = folder / "plain.bin"
        with plain.open("wb") as out:
            for _ in range(0, size, 8 * CHUNK):
                out.write(os.urandom(min(8 * CHUNK, size - out.tell())))
        sealed, copy = folder / "sealed", folder / "copy.bin"
        t_copy = best_of_3(lambda: copy_plain(plain, copy), fresh=copy)
        t_copy_sync = best_of_3(lambda: copy_plain_fsync(plain, copy), fresh=copy)
        t_seal = best_of_3(lambda: seal(plain, sealed), fresh=sealed)
        t_seal_unsynced = min(seal_unsynced(plain, folder / "unsynced") for _ in range(3))
        t_read = best_of_3(lambda: read_plain(plain))
        t_open = best_of_3(lambda: read_sealed(sealed))

    def rate(seconds: float) -> str:
        return f"{size / seconds / 1e6:8.0f} MB/s ({seconds * 1000:7.1f} ms)"

    print(f"file size            {megabytes} MB, best of 3")
    print(f"copyfile             {rate(t_copy)}")
    print(f"copyfile + fsync     {rate(t_copy_sync)}")
    print(f"seal (incl. fsync)   {rate(t_seal)}")
    print(f"seal, no fsync       {rate(t_seal_unsynced)}")
    print(f"read plain           {rate(t_read)}")
    print(f"read sealed          {rate(t_open)}")
    print(f"seal / copyfile         throughput ratio {t_copy / t_seal:.2f} (target >= 0.8)")
    print(f"seal / copyfile+fsync   throughput ratio {t_copy_sync / t_seal:.2f}")
    print(f"seal without fsync / copyfile  ratio {t_copy / t_seal_unsynced:.2f}")
    print(f"read sealed / plain     throughput ratio {t_read / t_open:.2f}")


if __name__ == "__main__":
    main()
