"""Queues by kind (issue 20): a small save is not stuck behind an import.

The import is the real one (the workspace's ImportFlow, real services, a real video);
it is held mid-seal at its first progress report, so the test knows it is running
without timing anything. While it is held, the clip details are saved through the
review page's own save path and must reach the vault.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from tests.ui.conftest import WAIT_MS
from tests.ui.review.conftest import Idle, Seed, make_footage
from vigdesk.ui.review import import_flow
from vigdesk.ui.review.page import ReviewPage
from vigdesk.ui.tasks import TaskContext


class HeldTask:
    """The import's task context, holding the worker at the first progress report
    past the start until `release` is set (cancel still ends the wait)."""

    def __init__(self, task: TaskContext, holding: threading.Event, release: threading.Event):
        self._task, self._holding, self._release = task, holding, release

    def progress(self, fraction: float | None, text: str = "") -> None:
        self._task.progress(fraction, text)
        if fraction and not self._holding.is_set():
            self._holding.set()
            while not self._release.wait(0.01):
                self._task.raise_if_cancelled()

    def cancelled(self) -> bool:
        return self._task.cancelled()

    def raise_if_cancelled(self) -> None:
        self._task.raise_if_cancelled()


def test_clip_details_save_while_an_import_is_sealing(
    qtbot: QtBot,
    page: ReviewPage,
    seed: Seed,
    idle: Idle,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    holding, release = threading.Event(), threading.Event()
    real_job = import_flow.import_job

    def held_job(services: Any, case_id: str, paths: Any, task: TaskContext, *rest: Any) -> Any:
        return real_job(services, case_id, paths, HeldTask(task, holding, release), *rest)  # type: ignore[arg-type]

    monkeypatch.setattr(import_flow, "import_job", held_job)
    footage = make_footage(tmp_path, "long-visit.mp4", seconds=4.0, size=(640, 360))
    services = page.ctx.services
    try:
        page.importer.start([footage])
        qtbot.waitUntil(holding.is_set, timeout=WAIT_MS)
        page.work.save_details(seed.clip_id, "Saved during the import", [], "")
        qtbot.waitUntil(
            lambda: services.media.get(seed.clip_id).title == "Saved during the import",
            timeout=WAIT_MS,
        )
        assert page.importer.busy
    finally:
        release.set()
    qtbot.waitUntil(lambda: not page.importer.busy, timeout=WAIT_MS)
    idle()
    titles = [m.title for m in services.media.list_media(seed.case_id)]
    assert "long-visit.mp4" in titles
