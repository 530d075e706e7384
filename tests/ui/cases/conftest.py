"""Fixtures for the cases feature: the main window with the feature installed and loaded."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot

from tests.ui.conftest import WAIT_MS
from vigdesk.ui.cases import feature_of
from vigdesk.ui.cases.feature import CasesFeature
from vigdesk.ui.main_window import MainWindow

Idle = Callable[[], None]


@pytest.fixture
def idle(qtbot: QtBot, main_window: MainWindow) -> Idle:
    """Wait until every task has finished and its results were delivered."""
    runner = main_window.ctx.runner

    def wait() -> None:
        qtbot.waitUntil(lambda: runner.active_count == 0, timeout=WAIT_MS)

    return wait


@pytest.fixture
def cases(main_window: MainWindow, idle: Idle) -> CasesFeature:
    feature = feature_of(main_window)
    assert feature is not None
    idle()
    return feature
