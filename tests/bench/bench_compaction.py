"""Journal compaction at a scale you can run in a few minutes (issue 17's benchmark).

Run: ``python tests/bench/bench_compaction.py [families] [visits]`` (default 100, 6).
A practitioner's laptop writes `families` families with `visits` sessions each, syncing
after every visit (so the journal has one file per sync, as in real use), then 10 % of
the people are erased. Prints, for the history before and after compaction: the
journal's file count and size, the time a new BSO laptop takes to read it all (its
first sync), the no-change sync time, and the peak memory of the process. Asserts
nothing. Targets from the issue: compacted journal <= 2x one snapshot of the live data,
no-change sync < 1 s, peak memory < 500 MB. County scale (2,000 families, 40 devices)
is the same code with bigger arguments and a lot more patience.
"""

from __future__ import annotations

import resource
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from tests.conftest import PASSPHRASE, add_family, fast_kdf
from tests.sync.office import Office, build_office, copy_office
from vigdesk.core.sessions import SessionKind
from vigdesk.services.access import create_vault
from vigdesk.services.session import Services
from vigdesk.services.subject_access import SubjectAccessService
from vigdesk.sync.layout import JOURNAL_RE, SiteLayout, numbered


def journal_size(office: Office, name: str) -> tuple[int, int]:
    layout = SiteLayout(office.share)
    folder = layout.journal_dir(office[name].vault.header.vault_id)
    files = numbered(folder, JOURNAL_RE)
    return len(files), sum((folder / f"{n:08d}.vjr").stat().st_size for n in files)


def new_bso_laptop(office: Office, root: Path) -> float:
    """A second enrolled BSO-approved practitioner vault reading the whole site: the
    first sync of a replacement laptop, timed."""
    home = root / "newcomer"
    shutil.rmtree(home, ignore_errors=True)
    vault = create_vault(home, PASSPHRASE, display_name="New Laptop", role="bso", kdf=fast_kdf())
    services = Services.for_vault(vault)
    services.sync.site.enrol(office.share)
    for request in office["bso"].sync.site.requests():
        office["bso"].sync.site.approve(request.device_id, PASSPHRASE)
    office.sync("bso")
    start = time.perf_counter()
    services.sync.sync()
    services.sync.sync()  # keys arrive in the first, what they open in the second
    took = time.perf_counter() - start
    vault.lock()
    return took


def main(argv: list[str]) -> int:
    families = int(argv[1]) if len(argv) > 1 else 100
    visits = int(argv[2]) if len(argv) > 2 else 6
    with tempfile.TemporaryDirectory(prefix="vigdesk-bench-") as tmp:
        root = Path(tmp)
        template = build_office(root / "template", ("a", "b"))
        with copy_office(template, root / "office") as office:
            a = office["a"]
            people = []
            for _ in range(families):
                fam = add_family(a)
                people.append(fam.mother.id)
            office.sync("a")
            cases = [c.id for c in a.cases.list_cases()]
            for v in range(visits):
                for case_id in cases:
                    a.sessions.add_session(
                        case_id, SessionKind.FILMING, date(2026, 10, 1 + v), notes=f"visit {v}"
                    )
                office.sync("a")  # one journal file (or a few) per round of visits
            office.sync("bso")
            files, size = journal_size(office, "a")
            print(f"history: {files} files, {size / 1024:.0f} KB")
            before = new_bso_laptop(office, root)
            print(f"new laptop's first sync over the history: {before:.2f} s")

            for person_id in people[: max(1, families // 10)]:
                SubjectAccessService(a.ctx).erase(person_id, "benchmark")
            report = office.sync("a")
            files, size = journal_size(office, "a")
            print(
                f"compacted: {report.compacted} files superseded -> {files} files, "
                f"{size / 1024:.0f} KB"
            )
            after = new_bso_laptop(office, root)
            print(
                f"new laptop's first sync after compaction: {after:.2f} s "
                f"({after / before:.2f}x the history's)"
            )
            start = time.perf_counter()
            office.sync("a")
            print(f"no-change sync: {time.perf_counter() - start:.3f} s (target < 1 s)")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory: {peak:.0f} MB (target < 500 MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
