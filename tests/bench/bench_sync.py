"""Sync at office scale: 50 families, 500 sealed files, a BSO and two laptops.

Run: ``python tests/bench/bench_sync.py [kib_per_file]`` (default 256). Prints timings
and ratios; asserts nothing. Targets: a sync with nothing to do under 1 s; the first
upload of the files at >= 0.8 of a plain copy of the same files (copy + fsync each,
since every sealed file is fsynced too).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from tests.conftest import add_family
from tests.sync.office import build_office, copy_office
from vigdesk.core.consent import Method, Purpose
from vigdesk.sync.context import SyncProgress

FAMILIES = 50
FILES_PER_FAMILY = 10


def populate(office, kib: int) -> int:  # type: ignore[no-untyped-def]
    s = office["a"]
    for _ in range(FAMILIES):
        fam = add_family(s)
        s.sync.assign(fam.case.id, office.member_id("b"))
        for _ in range(FILES_PER_FAMILY - 1):
            s.consent.record(
                fam.case.id,
                fam.mother.id,
                [fam.child.id],
                {Purpose.FILM: True},
                form_version="2026.1",
                given_on=date(2026, 9, 11),
                method=Method.SCANNED_PAPER,
                evidence=os.urandom(kib * 1024),
            )
    return int(s.vault.db.scalar("SELECT count(*) FROM blobs"))


def plain_copy(files: list[Path], target: Path) -> float:
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir()
    start = time.perf_counter()
    for i, path in enumerate(files):
        out = target / f"{i}"
        shutil.copyfile(path, out)
        with open(out, "rb+") as fh:
            os.fsync(fh.fileno())
    return time.perf_counter() - start


def timed_sync(office, name: str) -> tuple[float, float, object]:  # type: ignore[no-untyped-def]
    marks: dict[str, float] = {}

    def progress(event: SyncProgress) -> None:
        marks.setdefault(event.phase, time.perf_counter())

    start = time.perf_counter()
    report = office[name].sync.sync(progress=progress)
    total = time.perf_counter() - start
    blobs = marks.get("journal", start) - marks.get("upload", start)
    return total, blobs, report


def main() -> None:
    kib = int(sys.argv[1]) if len(sys.argv) > 1 else 256
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        os.environ.setdefault("VIGDESK_HOME", str(root / "unused"))
        template = build_office(root / "template", ("a", "b"))
        with copy_office(template, root / "office") as office:
            count = populate(office, kib)
            vault_blobs = sorted(
                p for p in office.home("a").joinpath("blobs").rglob("*") if p.is_file()
            )
            size = sum(p.stat().st_size for p in vault_blobs)
            print(f"{FAMILIES} families, {count} files, {size / 1e6:.1f} MB sealed")
            plain = min(plain_copy(vault_blobs, root / "plain") for _ in range(3))
            first, blob_phase, report = timed_sync(office, "a")
            for _ in range(2):  # the files again: wipe them from the site, best of three
                shutil.rmtree(office.share / "vigdesk" / "blobs")
                (office.share / "vigdesk" / "blobs").mkdir()
                office["a"].vault.db.execute("DELETE FROM sync_blobs")
                blob_phase = min(blob_phase, timed_sync(office, "a")[1])
            print(
                f"plain copy + fsync : {plain:6.2f} s  {size / plain / 1e6:7.1f} MB/s (best of 3)"
            )
            print(
                f"first sync (upload): {first:6.2f} s  whole run (records too); files alone "
                f"{blob_phase:.2f} s  {size / blob_phase / 1e6:7.1f} MB/s (best of 3)"
            )
            print(f"  ratio files/plain  : {plain / blob_phase:.2f}  (target >= 0.8)")
            print(f"  ratio whole/plain  : {plain / first:.2f}")
            print(f"  report: sent {report.sent}, uploaded {report.uploaded}")  # type: ignore[attr-defined]
            office.sync("bso")  # Ben's keys come from the BSO's laptop
            b_first, _b_blobs, _ = timed_sync(office, "b")
            print(
                f"laptop B first sync (receive 50 families, fetch {count} files): {b_first:.2f} s"
            )
            for name in ("a", "b", "bso"):
                times = [timed_sync(office, name)[0] for _ in range(3)]
                print(
                    f"no-change sync {name:<3}: best {min(times) * 1000:6.1f} ms "
                    f"(target < 1000 ms, ratio {min(times):.3f} s/1 s)"
                )


if __name__ == "__main__":
    main()
