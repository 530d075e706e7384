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

from tests.bench.bench_import import camera_vault
from vigdesk.render.refcounts import pin_singletons
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
        source, s, case = camera_vault(root, args.mib)
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
        s.vault.lock()


if __name__ == "__main__":
    main()
