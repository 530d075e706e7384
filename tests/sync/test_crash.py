"""Real `vigdesk sync` processes killed with SIGKILL at many points, then synced again:
nothing is lost, duplicated or corrupt, and every chain on the site still verifies.

Each round gives the next device fresh work (files to upload or fetch, records to send
or apply), starts `vigdesk sync`, waits for it to announce a phase on stderr, and kills
it a few milliseconds later, so kills land inside every phase of a real sync.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import date

import pytest

from tests.conftest import PASSPHRASE
from tests.sync.helpers import blob_ids, family_with_files
from tests.sync.office import Office, snapshot
from vigdesk.core.sessions import SessionKind

PHASES = ("keys", "upload", "blobs", "journal", "receive", "download", "audit")
JITTER = (0.0, 0.01)


def _kill_during(office: Office, name: str, phase: str, jitter: float) -> None:
    _ = office[name]  # pointed at this office's folder
    office.close(name)
    proc = subprocess.Popen(
        [sys.executable, "-m", "vigdesk", "--home", str(office.home(name)), "sync"],
        env={**os.environ, "VIGDESK_PASSPHRASE": PASSPHRASE},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    assert proc.stderr is not None
    for line in proc.stderr:
        if line.decode().startswith(f"sync: {phase}"):
            time.sleep(jitter)
            proc.send_signal(signal.SIGKILL)
            break
    proc.communicate()


def _work(office: Office, name: str, n: int) -> None:
    """Something to sync for `name`: files and records on A, an edit on B."""
    if name == "a":
        fam = family_with_files(office["a"], files=3, size=2 << 20)
        office["a"].sync.assign(fam.case.id, office.member_id("b"))
        office["a"].sessions.add_session(fam.case.id, SessionKind.FILMING, date(2026, 10, 5))
    elif name == "b" and office["b"].cases.list_cases():
        case = office["b"].cases.list_cases()[0]
        office["b"].sessions.add_session(
            case.id, SessionKind.FILMING, date(2026, 10, 6), notes=f"round {n}"
        )


@pytest.mark.slow
def test_killed_syncs_lose_and_duplicate_nothing(office: Office) -> None:
    rounds = [(p, j) for j in JITTER for p in PHASES]
    made = 0
    for n, (phase, jitter) in enumerate(rounds):
        name = ("a", "b", "bso")[n % 3]
        _work(office, name, n)
        made += name == "a"
        _kill_during(office, name, phase, jitter)
    office.settle(("a", "b", "bso"))
    expected = snapshot(office["a"])
    assert snapshot(office["b"]) == expected == snapshot(office["bso"])
    assert len(expected["cases"]) == made
    for name in ("a", "b"):
        for blob_id in blob_ids(office[name]):
            assert office[name].ctx.blobs.read_bytes(blob_id)
    assert not list(office.share.rglob("*.tmp"))
    report = office["bso"].sync.audit_verify()
    assert report.ok, [d.problems for d in report.devices]
    final = office.sync("b")
    assert not final.problems and not final.changed
