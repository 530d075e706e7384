"""TaskRunner: results on the GUI thread, failures mapped, progress, cancel, serial order."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QObject, QThread
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.ui.conftest import WAIT_MS
from vigdesk.core.changes import Changed
from vigdesk.core.errors import Cancelled, StorageFull
from vigdesk.ui.events import AppEvents
from vigdesk.ui.failures import Failure
from vigdesk.ui.tasks import TaskContext, TaskRunner


def gui_thread() -> QThread:
    app = QApplication.instance()
    assert app is not None
    return app.thread()


def test_result_arrives_on_the_gui_thread(qtbot: QtBot, runner: TaskRunner) -> None:
    seen: dict[str, object] = {}

    def work(ctx: TaskContext) -> int:
        seen["worker"] = QThread.currentThread()
        return 42

    def done(value: int) -> None:
        seen["value"] = value
        seen["delivered_on"] = QThread.currentThread()

    with qtbot.waitSignal(
        runner.busy_changed, check_params_cb=lambda busy: not busy, timeout=WAIT_MS
    ):
        runner.run(work, on_success=done)
    assert seen["value"] == 42
    assert seen["delivered_on"] is gui_thread()
    assert seen["worker"] is not gui_thread()


def test_expected_errors_keep_their_message_others_are_generic(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    failures: list[Failure] = []

    def full(ctx: TaskContext) -> None:
        raise StorageFull("Could not save: the disk is full.")

    def bug(ctx: TaskContext) -> None:
        raise KeyError("Rosalind Ashdown")  # a bug whose text could hold personal data

    for fn in (full, bug):
        runner.run(fn, on_success=lambda _: None, on_failure=failures.append)
    qtbot.waitUntil(lambda: len(failures) == 2, timeout=WAIT_MS)
    by_type = {type(f.error): f for f in failures}
    assert by_type[StorageFull].message == "Could not save: the disk is full."
    assert by_type[StorageFull].expected and not by_type[StorageFull].details
    generic = by_type[KeyError]
    assert generic.message.startswith("Something went wrong")
    assert "Rosalind" not in generic.message
    assert "KeyError" in generic.details and not generic.expected


def test_progress_and_cancel(qtbot: QtBot, runner: TaskRunner) -> None:
    started = threading.Event()
    progress: list[tuple[float | None, str]] = []
    failures: list[Failure] = []

    def work(ctx: TaskContext) -> None:
        ctx.progress(0.5, "half way")
        started.set()
        while not ctx.cancelled():
            threading.Event().wait(0.005)
        ctx.raise_if_cancelled()

    handle = runner.run(
        work,
        on_success=lambda _: None,
        on_failure=failures.append,
        on_progress=lambda f, t: progress.append((f, t)),
    )
    qtbot.waitUntil(lambda: progress == [(0.5, "half way")], timeout=WAIT_MS)
    assert started.is_set()
    handle.cancel()
    qtbot.waitUntil(lambda: bool(failures), timeout=WAIT_MS)
    assert failures[0].cancelled and isinstance(failures[0].error, Cancelled)
    assert handle.finished


def test_serial_tasks_run_one_at_a_time_in_order(qtbot: QtBot, runner: TaskRunner) -> None:
    order: list[int] = []
    running = 0
    overlap = False
    lock = threading.Lock()

    def step(n: int) -> object:
        def work(ctx: TaskContext) -> None:
            nonlocal running, overlap
            with lock:
                running += 1
                overlap = overlap or running > 1
            threading.Event().wait(0.01)
            with lock:
                order.append(n)
                running -= 1

        return work

    for n in range(5):
        runner.run(step(n), on_success=lambda _: None, serial=True)  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: runner.active_count == 0, timeout=WAIT_MS)
    assert order == [0, 1, 2, 3, 4]
    assert not overlap


def test_a_database_write_completes_while_a_heavy_job_holds_its_worker(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    """Queues by kind: heavy work (import, cut, export, sync) has its own worker, so a
    small save on the database queue never waits behind it; heavy jobs keep progress
    and cancel, and run one at a time in order."""
    holding, release = threading.Event(), threading.Event()
    order: list[str] = []
    progress: list[float | None] = []

    def heavy(ctx: TaskContext) -> str:
        ctx.progress(0.5, "half")
        holding.set()
        while not release.wait(0.01):
            ctx.raise_if_cancelled()
        order.append("first heavy")
        return "sealed"

    sealed: list[str] = []
    first = runner.run(
        heavy,
        on_success=sealed.append,
        on_progress=lambda f, _t: progress.append(f),
        heavy=True,
    )
    second = runner.run(
        lambda _: order.append("second heavy"), on_success=lambda _: None, heavy=True
    )
    saved: list[str] = []
    try:
        qtbot.waitUntil(holding.is_set, timeout=WAIT_MS)
        runner.run(lambda _: "saved", on_success=saved.append, serial=True)
        qtbot.waitUntil(lambda: saved == ["saved"], timeout=WAIT_MS)
        assert not first.finished and not second.finished and order == []
        qtbot.waitUntil(lambda: progress == [0.5], timeout=WAIT_MS)
    finally:
        release.set()
    qtbot.waitUntil(lambda: runner.active_count == 0, timeout=WAIT_MS)
    assert sealed == ["sealed"] and order == ["first heavy", "second heavy"]

    holding.clear()
    release.clear()
    failures: list[Failure] = []
    cancelled = runner.run(heavy, on_success=sealed.append, on_failure=failures.append, heavy=True)
    qtbot.waitUntil(holding.is_set, timeout=WAIT_MS)
    cancelled.cancel()
    qtbot.waitUntil(lambda: len(failures) == 1, timeout=WAIT_MS)
    assert failures[0].cancelled and sealed == ["sealed"]


def test_cancel_all_drops_outcomes(qtbot: QtBot, runner: TaskRunner) -> None:
    gate = threading.Event()
    delivered: list[object] = []
    runner.run(
        lambda ctx: gate.wait(WAIT_MS / 1000),
        on_success=delivered.append,
        on_failure=delivered.append,
    )
    runner.cancel_all()
    gate.set()
    qtbot.waitUntil(lambda: runner.active_count == 0, timeout=WAIT_MS)
    assert delivered == []


def test_deleted_owner_gets_nothing(qtbot: QtBot, runner: TaskRunner) -> None:
    gate = threading.Event()
    delivered: list[object] = []
    owner = QObject()
    runner.run(lambda ctx: gate.wait(WAIT_MS / 1000), on_success=delivered.append, owner=owner)
    owner.deleteLater()
    qtbot.waitUntil(lambda: not _valid(owner), timeout=WAIT_MS)
    gate.set()
    qtbot.waitUntil(lambda: runner.active_count == 0, timeout=WAIT_MS)
    assert delivered == []


def test_success_announces_changes(qtbot: QtBot, runner: TaskRunner, events: AppEvents) -> None:
    with qtbot.waitSignal(events.data_changed, timeout=WAIT_MS) as blocker:
        runner.run(
            lambda ctx: None, on_success=lambda _: None, changes={Changed.CASES, Changed.MEDIA}
        )
    assert blocker.args == [frozenset({Changed.CASES, Changed.MEDIA})]


def test_failure_without_handler_shows_a_message(qtbot: QtBot, runner: TaskRunner) -> None:
    def bad(ctx: TaskContext) -> None:
        raise StorageFull("The disk is full.")

    runner.run(bad, on_success=lambda _: None)
    qtbot.waitUntil(lambda: runner.active_count == 0, timeout=WAIT_MS)
    boxes = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    assert any("The disk is full." in getattr(w, "text", lambda: "")() for w in boxes)
    for box in boxes:
        box.close()


def _valid(obj: QObject) -> bool:
    import shiboken6

    return bool(shiboken6.isValid(obj))


@pytest.mark.parametrize("fraction", [None, 0.0, 1.0])
def test_context_reports_final_progress_immediately(fraction: float | None) -> None:
    seen: list[tuple[float | None, str]] = []
    ctx = TaskContext(lambda f, t: seen.append((f, t)), threading.Event())
    ctx.progress(0.1, "first")
    ctx.progress(fraction, "second")
    assert seen[0] == (0.1, "first")
    if fraction == 1.0:
        assert seen[-1] == (1.0, "second")  # the end is never throttled away
