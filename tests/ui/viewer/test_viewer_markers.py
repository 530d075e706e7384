"""The viewer shows a clip's marked moments as a strip under the player; a click seeks."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtMultimedia import QMediaPlayer
from pytestqt.qtbot import QtBot

from tests.ui.viewer.conftest import SECRET, Package, make_package
from tests.ui.viewer.test_viewer import WAIT_MS, viewer
from vigdesk.services.session import Services
from vigdesk.ui.tasks import TaskRunner


@pytest.fixture
def marked_package(services: Services, footage: Path, tmp_path: Path) -> Package:
    return make_package(services, footage, tmp_path / "marked.vigpkg", markers=True)


def test_the_clips_markers_show_as_a_strip_and_a_click_seeks(
    qtbot: QtBot, runner: TaskRunner, marked_package: Package
) -> None:
    window = viewer(qtbot, runner, marked_package)
    window.open_panel.passphrase_edit.setText(SECRET)
    with qtbot.waitSignal(window.opened, timeout=WAIT_MS):
        qtbot.mouseClick(window.open_panel.open_button, Qt.MouseButton.LeftButton)
    strip, player = window.content.markers, window.content.player
    assert strip.isVisible() and strip.count == 2
    assert strip.toolTip().splitlines() == [
        "0:00.20 Child's initiative · PW",
        "0:00.80 Adult's reception · MW",
    ]
    qtbot.waitUntil(lambda: player.media.duration() > 0, timeout=WAIT_MS)
    x = round(strip.x_of(0.8))
    qtbot.mouseClick(strip, Qt.MouseButton.LeftButton, pos=QPoint(x, strip.height() // 2))
    qtbot.waitUntil(lambda: abs(player.media.position() - 800) <= 40, timeout=WAIT_MS)
    # Play to the end before moving on: a clip unloaded while the engine is still busy
    # crashes Qt's FFmpeg backend now and then (seen with or without markers).
    player.play()
    qtbot.waitUntil(
        lambda: player.media.mediaStatus() == QMediaPlayer.MediaStatus.EndOfMedia,
        timeout=WAIT_MS,
    )
    window.content.list.setCurrentRow(1)  # the still has none
    assert not strip.isVisible()
    window.close()
