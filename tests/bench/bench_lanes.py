"""Queues by kind: how long a small save takes while an import is sealing.

    python tests/bench/bench_lanes.py [--mib 300] [--runs 3]

A camera-sized file (a short video plus filler) is imported through the real
`TaskRunner` and services; once its first progress report arrives, a small save (a
helping question) is submitted on the database queue and timed to its `on_success`.
Baselines from the same run: the same save with nothing else running, and the same
save behind an import put on the database queue itself (how every heavy job ran before
issue 20). Prints times and ratios; no assertions.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from vigdesk.core.cases import PersonKind
from vigdesk.core.consent import Method, Purpose
from vigdesk.crypto.kdf import MIN_MEMORY_KIB, KdfParams
from vigdesk.media.synth import make_video
from vigdesk.render.refcounts import pin_singletons
from vigdesk.services.access import create_vault
from vigdesk.services.session import Services
from vigdesk.ui.tasks import TaskContext, TaskRunner


def wait(app: QApplication, done: Callable[[], bool]) -> None:
    while not done():
        app.processEvents()
        time.sleep(0.001)


def save_latency(app: QApplication, runner: TaskRunner, s: Services, case_id: str) -> float:
    """Submit one small database write and wait for its result on the GUI thread."""
    saved: list[object] = []
    start = time.perf_counter()
    runner.run(
        lambda _: s.helping.add_question(case_id, "Bench question", agreed_on=date(2026, 2, 1)),  # type: ignore[arg-type]
        on_success=saved.append,
        serial=True,
    )
    wait(app, lambda: bool(saved))
    return time.perf_counter() - start


def during_import(
    app: QApplication, runner: TaskRunner, s: Services, case_id: str, source: Path, heavy: bool
) -> tuple[float, float]:
    """(save latency while the import runs, the import's own time)."""
    started, finished = [], []
    with open(source, "r+b") as fh:  # new filler bytes: a repeat import is refused
        fh.seek(-8, os.SEEK_END)
        fh.write(os.urandom(8))

    def job(task: TaskContext) -> object:
        return s.media.import_footage(case_id, source, progress=lambda f: task.progress(f))  # type: ignore[arg-type]

    begin = time.perf_counter()
    runner.run(
        job,
        on_success=finished.append,
        on_progress=lambda f, _t: started.append(f),
        heavy=heavy,
        serial=not heavy,
    )
    wait(app, lambda: bool(started))
    latency = save_latency(app, runner, s, case_id)
    wait(app, lambda: bool(finished))
    return latency, time.perf_counter() - begin


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mib", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    pin_singletons()
    app = QApplication([])
    runner = TaskRunner()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        source = root / "visit.mp4"
        make_video(source, seconds=10, size=(640, 360))
        with open(source, "ab") as fh:
            fh.write(os.urandom(args.mib << 20))
        vault = create_vault(
            root / "vault",
            "benchmark passphrase here",
            display_name="B",
            role="practitioner",
            kdf=KdfParams(os.urandom(16), MIN_MEMORY_KIB, 1),
        )
        s = Services.for_vault(vault)
        case = s.cases.add_case("BB", date(2026, 1, 1))
        adult = s.cases.add_person(case.id, PersonKind.ADULT, "A B", parental_responsibility=True)
        child = s.cases.add_person(case.id, PersonKind.CHILD, "C B", date_of_birth=date(2024, 1, 1))
        s.consent.record(
            case.id,
            adult.id,
            [child.id],
            {Purpose.FILM: True, Purpose.KEEP: True},
            form_version="x",
            given_on=date(2026, 1, 2),
            method=Method.SCANNED_PAPER,
        )
        idle = min(save_latency(app, runner, s, case.id) for _ in range(5))
        now = [during_import(app, runner, s, case.id, source, heavy=True) for _ in range(args.runs)]
        old = [
            during_import(app, runner, s, case.id, source, heavy=False) for _ in range(args.runs)
        ]
        mb = source.stat().st_size / 1e6
        for label, runs in (("heavy queue (now)", now), ("one queue (before)", old)):
            save = sorted(r[0] for r in runs)[len(runs) // 2]
            imp = sorted(r[1] for r in runs)[len(runs) // 2]
            print(
                f"{label:<20} import of {mb:.0f} MB {imp:.2f} s; a small save meanwhile "
                f"{save * 1000:.0f} ms = {save / idle:.1f}x the idle save ({idle * 1000:.1f} ms)"
            )
        runner.wait_for_done()
        vault.lock()


if __name__ == "__main__":
    main()
