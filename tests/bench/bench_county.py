"""County-scale site: compaction's gain, a new laptop's first sync, memory (issue 17).

Run: ``python tests/bench/bench_county.py [families] [devices] [erasures] [options]``
(default 2000 40 200). Options: ``--compacted-only`` skips today's history;
``--keep DIR`` leaves each generated office in DIR/<label>, and a copy as it was
before the newcomers joined in DIR/<label>-site (the temporary folder is removed
otherwise); ``--profile DIR`` runs the new BSO laptop's first sync under
cProfile and writes DIR/bso-<label>.prof; ``--replay DIR`` (with ``--profile`` if
wanted) only times new laptops' first syncs on a copy of a kept office, so the
bootstrap can be measured again without generating five years again.

A generator builds an office of `devices` practitioner laptops and a BSO on a real
temporary share. Each laptop writes its share of the families, spread over five years:
referral, two parents and a child, a consent with its signed form (sealed for real), six
sessions, baseline and end questionnaires and two clip records whose video is a small
placeholder sealed for real; it syncs after every two families, so its journal is a
history of many files. About two thirds of the cases are closed on their last session;
the BSO's retention sweep then shreds what the policy says is due, and `erasures` people
are erased, each on the laptop that holds their family.

The whole history is made twice on copies of the same office: once with compaction
switched off (today's history, what a site held before issue 17) and once as shipped.
For each it prints the site's change files (count, size) against one full snapshot of
the live data (every live row of every synced table as compressed JSON, per case: what
one laptop would send to rebuild the site), a new practitioner laptop's first sync with
50 families assigned, a new BSO laptop's first sync of every family, a no-change sync,
and the newcomers' peak memory (each runs in its own process). Asserts nothing.
Targets from the issue: compacted site <= 2x one snapshot, BSO bootstrap < 60 s,
no-change sync < 1 s, peak memory < 500 MB.
"""

from __future__ import annotations

import cProfile
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import zlib
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from tests.conftest import PASSPHRASE, fast_kdf
from tests.sync import office as office_mod
from tests.sync.office import Office, build_office
from vigdesk.core.cases import PersonKind
from vigdesk.core.consent import Method, Purpose
from vigdesk.core.ids import CaseId, MediaId, PersonId, new_id
from vigdesk.core.media import MediaItem, MediaKind
from vigdesk.core.questionnaires import Timepoint
from vigdesk.core.sessions import SessionKind
from vigdesk.services.access import create_vault, unlock_vault
from vigdesk.services.session import Services
from vigdesk.services.subject_access import SubjectAccessService
from vigdesk.storage.media import MediaRepo
from vigdesk.sync.schema import TABLES

TODAY = date.today()
START = TODAY - timedelta(days=5 * 365)
PLACEHOLDER = os.urandom(4096)  # a clip's video: small, but sealed like any other


def _no_compaction() -> None:
    """Today's history: what a site held before compaction existed."""
    from vigdesk.sync import run

    run.compact = lambda _run: 0  # type: ignore[attr-defined,assignment]


def family(s: Services, n: int) -> PersonId:
    """One family's five-year record on this laptop; returns a parent's id."""
    referred = START + timedelta(days=(n * 37) % (5 * 365 - 400))
    case = s.cases.add_case("AB", referred, referral_source="health visitor")
    mother = s.cases.add_person(
        case.id, PersonKind.ADULT, f"Mother {n}", parental_responsibility=True
    )
    s.cases.add_person(case.id, PersonKind.ADULT, f"Father {n}", parental_responsibility=True)
    child = s.cases.add_person(
        case.id, PersonKind.CHILD, f"Child {n}", date_of_birth=referred - timedelta(days=400)
    )
    s.consent.record(
        case.id,
        mother.id,
        [child.id],
        dict.fromkeys(tuple(Purpose), True),
        form_version="2026.1",
        given_on=referred + timedelta(days=7),
        method=Method.SIGNED_ON_SCREEN,
        evidence=b"\x89PNG signature " + os.urandom(512),
    )
    s.cases.activate(case.id)
    last = referred
    for v in range(6):
        last = referred + timedelta(days=14 + 21 * v)
        kind = SessionKind.FILMING if v % 2 == 0 else SessionKind.SHARED_REVIEW
        s.sessions.add_session(case.id, kind, last, notes=f"visit {v} of family {n}")
    goals = "goal-based-outcomes"
    for point, at, score in ((Timepoint.BASELINE, 10, 3), (Timepoint.END, 130, 7)):
        s.questionnaires.record(
            case.id,
            goals,
            mother.id,
            point,
            {"goal1": score},
            completed_on=referred + timedelta(at),
        )
    with s.ctx.db.transact():
        for c in range(2):
            blob = s.ctx.blobs.seal_bytes(case.id, "video", PLACEHOLDER)
            s.ctx.blobs.record(blob)
            MediaRepo(s.ctx.db).insert(
                MediaItem(
                    MediaId(new_id()),
                    case.id,
                    blob.id,
                    MediaKind.CLIP,
                    f"Clip {c}",
                    8.0,
                    1280,
                    720,
                    0,
                    "25",
                    "h264",
                    "aac",
                    (referred + timedelta(days=14)).isoformat(),
                    (referred + timedelta(days=14)).isoformat(),
                    appears=(mother.id, child.id),
                )
            )
    if n % 3 and last < TODAY - timedelta(days=30):
        s.cases.close_case(case.id, last, "work finished")
    return mother.id


def site_files(share: Path) -> tuple[int, int]:
    """(files, bytes) of every change file on the share."""
    found = list(share.rglob("*.vjr"))
    return len(found), sum(p.stat().st_size for p in found)


def snapshot_bytes(s: Services) -> int:
    """One full snapshot of the live data held by this (the BSO's) vault: each case's
    live rows of every synced table as JSON, compressed per case like a section."""
    db = s.ctx.db
    per_case: dict[str, list[Any]] = {}
    for spec in TABLES:
        cols = [str(r[1]) for r in db.execute(f"PRAGMA table_info({spec.name})")]
        case_col = "id" if spec.name == "cases" else spec.case_column
        for row in db.execute(f"SELECT * FROM {spec.name}"):
            values = dict(zip(cols, row, strict=True))
            key = str(values.get(case_col or "", "")) if case_col else ""
            per_case.setdefault(key, []).append(
                {c: (v.hex() if isinstance(v, bytes) else v) for c, v in values.items()}
            )
    return sum(len(zlib.compress(json.dumps(rows).encode())) for rows in per_case.values())


def newcomer(
    office: Office, root: Path, role: str, families: list[CaseId], off: bool, profile: str = ""
) -> str:
    """Enrol a new laptop, have the BSO let it in (and assign `families`), then time its
    first sync in a process of its own (under cProfile into `profile` if given);
    returns the child's report line."""
    home = root / f"new-{role}"
    shutil.rmtree(home, ignore_errors=True)
    vault = create_vault(home, PASSPHRASE, display_name=f"New {role}", role=role, kdf=fast_kdf())
    services = Services.for_vault(vault)
    services.sync.site.enrol(office.share)
    device = vault.header.vault_id
    vault.lock()
    bso = office["bso"]
    for request in bso.sync.site.requests():
        bso.sync.site.approve(request.device_id, PASSPHRASE)
    office.sync("bso")
    member = next(m.id for m in bso.sync.site.members() if m.device_id == device)
    for case_id in families:
        bso.sync.assign(case_id, member)
    office.sync("bso")
    child = subprocess.run(
        [sys.executable, __file__, "--newcomer", str(home), "1" if off else "0", profile],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])},
    )
    return child.stdout.strip()


def _newcomer_main(home: Path, off: bool, profile: str) -> int:
    if off:
        _no_compaction()
    vault = unlock_vault(home, PASSPHRASE)
    services = Services.for_vault(vault)
    profiler = cProfile.Profile() if profile else None
    start = time.perf_counter()
    if profiler:
        profiler.enable()
    services.sync.sync()
    services.sync.sync()  # keys arrive in the first, what they open in the second
    took = time.perf_counter() - start
    if profiler:
        profiler.disable()
        profiler.dump_stats(profile)
    cases = len(services.cases.list_cases())
    vault.lock()
    print(f"{took:.2f} s for {cases} families, peak memory {_peak_mb():.0f} MB")
    return 0


def _peak_mb() -> float:
    """This process's own peak resident memory. ru_maxrss is not: on Linux a child keeps
    its parent's high-water mark across fork and exec (the generator's, with forty vaults
    open), so VmHWM, which belongs to the process's own memory map, is read first."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    line = next(x for x in status.splitlines() if x.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024


def history(template: Path, root: Path, names: list[str], people: int, erase: int, off: bool):  # type: ignore[no-untyped-def]
    """Build the five years on a copy of the office; returns the open office."""
    if off:
        _no_compaction()
    shutil.copytree(template, root)
    office = Office(root)
    office.located.add("bso")  # the copy's own share, as `copy_office` does
    office["bso"].sync.site.add_location(office.share, PASSPHRASE)
    office["bso"].sync.site.use_location(office.share)
    mothers: dict[str, list[PersonId]] = {}
    n = 0
    per = max(1, people // len(names))
    for name in names:
        s = office[name]
        for i in range(per):
            mothers.setdefault(name, []).append(family(s, n))
            n += 1
            if i % 2 == 1:
                office.sync(name)
        office.sync(name)
        office.close(name)
    office.sync("bso")
    swept = office["bso"].retention.sweep()
    shredded = len({d.case_id for d in swept.deleted if d.kind == "case_record"})
    print(
        f"  retention sweep on the BSO's laptop: {len(swept.deleted)} items deleted, "
        f"{shredded} whole cases shredded"
    )
    office.sync("bso")
    done = 0
    for name in names:
        for mother in mothers[name][: max(1, erase // len(names))]:
            SubjectAccessService(office[name].ctx).erase(mother, "benchmark")
            done += 1
        office.sync(name)
        office.close(name)
    print(f"  {done} people erased on their laptops")
    for _ in range(2):  # every laptop sees the others' deletions and (if on) compacts
        for name in ("bso", *names):
            office.sync(name)
            office.close(name) if name != "bso" else None
    return office


def main(argv: list[str]) -> int:
    if argv[1:2] == ["--newcomer"]:
        return _newcomer_main(Path(argv[2]), argv[3] == "1", argv[4] if len(argv) > 4 else "")
    args, options = _options(argv[1:])
    if options["replay"]:
        return replay(Path(options["replay"]), options["profile"])
    families = int(args[0]) if len(args) > 0 else 2000
    devices = int(args[1]) if len(args) > 1 else 40
    erasures = int(args[2]) if len(args) > 2 else 200
    names = [f"d{i:02d}" for i in range(devices)]
    for name in names:
        office_mod.PEOPLE[name] = (f"Practitioner {name}", "practitioner")
    print(f"county bench: {families} families, {devices} laptops, {erasures} erasures")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="vigdesk-county-") as tmp:
        root = Path(tmp)
        template = build_office(root / "template", tuple(names))
        print(f"office of {devices} laptops built in {time.perf_counter() - started:.0f} s")
        runs = (("today's uncompacted history", True), ("compacted", False))
        for label, off in runs[1:] if options["compacted-only"] else runs:
            t0 = time.perf_counter()
            out = Path(options["keep"]) if options["keep"] else root
            code = (
                "import sys; from tests.bench.bench_county import run_one;"
                f" sys.exit(run_one({str(template)!r}, {str(out / label[:5])!r},"
                f" {names!r}, {families}, {erasures}, {off}, {options['profile']!r},"
                f" {bool(options['keep'])}))"
            )
            subprocess.run(
                [sys.executable, "-c", code],
                check=True,
                env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])},
            )
            print(f"[{label}: {time.perf_counter() - t0:.0f} s of wall time]")
    print(f"total wall time {time.perf_counter() - started:.0f} s")
    return 0


def _options(argv: list[str]) -> tuple[list[str], dict[str, str]]:
    """(positional arguments, options); flags without a value are "1" when given."""
    options = {"compacted-only": "", "keep": "", "profile": "", "replay": ""}
    args: list[str] = []
    rest = iter(argv)
    for arg in rest:
        name = arg.removeprefix("--")
        if name == arg:
            args.append(arg)
        elif name not in options:
            raise SystemExit(f"unknown option {arg}")
        else:
            options[name] = "1" if name == "compacted-only" else next(rest)
    return args, options


def replay(kept: Path, profile: str) -> int:
    """Time a new practitioner's (50 families) and a new BSO laptop's first sync against
    a copy of an office kept by `--keep`."""
    with tempfile.TemporaryDirectory(prefix="vigdesk-county-") as tmp:
        root = Path(tmp) / "office"
        shutil.copytree(kept, root, ignore=shutil.ignore_patterns("new-*"))
        office = Office(root)
        office.located.add("bso")
        office["bso"].sync.site.add_location(office.share, PASSPHRASE)
        office["bso"].sync.site.use_location(office.share)
        cases = [c.id for c in office["bso"].cases.list_cases()]
        t0 = time.perf_counter()
        office.sync("bso")
        took = time.perf_counter() - t0
        print(f"BSO's own no-change sync {took:.3f} s ({len(cases)} families)")
        line = newcomer(office, root, "practitioner", cases[:50], False)
        print(f"new practitioner laptop, first sync (50 families assigned): {line}")
        prof = str(Path(profile).resolve() / "bso-replay.prof") if profile else ""
        line = newcomer(office, root, "bso", [], False, prof)
        print(f"new BSO laptop, first sync (every family): {line}")
        office.close_all()
    return 0


def run_one(
    template: str,
    root: str,
    names: list[str],
    families: int,
    erase: int,
    off: bool,
    profile: str = "",
    keep: bool = False,
) -> int:
    label = "uncompacted history" if off else "compacted"
    for name in names:
        office_mod.PEOPLE[name] = (f"Practitioner {name}", "practitioner")
    t0 = time.perf_counter()
    office = history(Path(template), Path(root), names, families, erase, off)
    print(f"{label}: generated and synced in {time.perf_counter() - t0:.0f} s")
    files, size = site_files(office.share)
    snap = snapshot_bytes(office["bso"])
    print(
        f"{label}: site change files {files}, {size / 1e6:.2f} MB; one full snapshot of the "
        f"live data {snap / 1e6:.2f} MB; ratio {size / snap:.2f}x (target <= 2x)"
    )
    start = time.perf_counter()
    office.sync(names[0])
    print(f"{label}: no-change sync {time.perf_counter() - start:.3f} s (target < 1 s)")
    root_path = Path(root)
    if keep:
        office.close_all()
        shutil.copytree(root_path, f"{root}-site")
    cases = [c.id for c in office["bso"].cases.list_cases()]
    line = newcomer(office, root_path, "practitioner", cases[:50], off)
    print(f"{label}: new practitioner laptop, first sync (50 families assigned): {line}")
    prof = str(Path(profile).resolve() / f"bso-{label[:5]}.prof") if profile else ""
    line = newcomer(office, root_path, "bso", [], off, prof)
    print(f"{label}: new BSO laptop, first sync (every family): {line} (target < 60 s, < 500 MB)")
    office.close_all()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
