"""Main windows on the vaults of a real office (tests/sync/office.py): a site folder in
tmp_path, the BSO's vault and enrolled, approved laptops."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from tests.sync.conftest import office, office_template
from tests.sync.office import Office
from tests.ui.conftest import WAIT_MS
from vigdesk.ui.context import MainContext
from vigdesk.ui.events import AppEvents
from vigdesk.ui.idle import DEFAULT_IDLE_MS
from vigdesk.ui.main_window import MainWindow
from vigdesk.ui.sync.feature import SyncFeature
from vigdesk.ui.tasks import TaskRunner

__all__ = ["office", "office_template"]

WindowOn = Callable[[str], tuple[MainWindow, SyncFeature]]


@pytest.fixture
def window_on(
    qtbot: QtBot, office: Office, runner: TaskRunner, events: AppEvents, settings: QSettings
) -> Iterator[WindowOn]:
    """Open the main window on one office vault ("bso", "a", "b") with every feature."""

    def factory(name: str) -> tuple[MainWindow, SyncFeature]:
        services = office[name]
        ctx = MainContext(
            services.vault,
            services.vault.profile,
            services,
            runner,
            events,
            settings,
            DEFAULT_IDLE_MS,
        )
        window = MainWindow(ctx)
        qtbot.addWidget(window)
        window.show()
        feature = window.findChild(SyncFeature, "syncFeature")
        assert isinstance(feature, SyncFeature)
        return window, feature

    yield factory
    runner.cancel_all()
    assert runner.wait_for_done(WAIT_MS)


def wait_idle(qtbot: QtBot, feature: SyncFeature) -> None:
    qtbot.waitUntil(
        lambda: feature.state is not None and not feature.syncing and feature._probe_task is None,
        timeout=WAIT_MS,
    )
