"""A main window on a vault with a case closed in September: its video is overdue.

The real clock is used: the case closed on 2 Sep 2026, so its footage and clip were
due on 2 Nov 2026 (close + 2 months) and are overdue from then on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.conftest import Family
from tests.ui.conftest import WAIT_MS
from vigdesk.services.session import Services
from vigdesk.ui.context import MainContext
from vigdesk.ui.events import AppEvents
from vigdesk.ui.idle import DEFAULT_IDLE_MS
from vigdesk.ui.main_window import MainWindow
from vigdesk.ui.records.feature import RecordsFeature
from vigdesk.ui.tasks import TaskRunner

CLOSED_ON = date(2026, 9, 2)


@dataclass
class ClosedCase:
    family: Family
    media_ids: list[str]
    blob_paths: list[Path]


@pytest.fixture
def closed_case(services: Services, family: Family, footage: Path) -> ClosedCase:
    source = services.media.import_footage(family.case.id, footage).item
    clip = services.media.make_clip(source.id, 1.0, 2.0)
    services.cases.close_case(family.case.id, CLOSED_ON, "goals met")
    items = [services.media.get(i) for i in (source.id, clip.id)]
    blobs = [b for m in items for b in (m.blob_id, m.thumb_blob_id) if b]
    return ClosedCase(family, [m.id for m in items], [services.ctx.blobs.path(b) for b in blobs])


WindowFactory = Callable[[], MainWindow]


@pytest.fixture
def make_window(
    qtbot: QtBot,
    services: Services,
    runner: TaskRunner,
    events: AppEvents,
    settings: QSettings,
) -> Iterator[WindowFactory]:
    """Open a main window on `services` (as at unlock); waits for its tasks afterwards."""
    made: list[MainWindow] = []

    def factory() -> MainWindow:
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
        made.append(window)
        return window

    yield factory
    runner.cancel_all()
    assert runner.wait_for_done(WAIT_MS)
    QApplication.processEvents()


def feature_of(window: MainWindow) -> RecordsFeature:
    feature = window.findChild(RecordsFeature)
    assert feature is not None
    return feature
