"""The viewer opens a package with no vault, plays it from memory, writes nothing."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtMultimedia import QMediaPlayer
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from tests.ui.viewer.conftest import SECRET, Package
from vigdesk.ui.tasks import TaskRunner
from vigdesk.ui.viewer.window import ViewerWindow

WAIT_MS = 30_000  # a failure deadline only; waits end when their condition holds


def files_under(root: Path) -> dict[str, int]:
    return {str(p.relative_to(root)): p.stat().st_size for p in root.rglob("*") if p.is_file()}


def viewer(qtbot: QtBot, runner: TaskRunner, package: Package, days: int = 0) -> ViewerWindow:
    window = ViewerWindow(
        package.path, runner=runner, today=lambda: package.today + timedelta(days=days)
    )
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: "opens until" in window.open_panel.facts.text(), timeout=WAIT_MS)
    return window


def test_opens_with_a_passphrase_and_plays_a_clip_to_the_end(
    qtbot: QtBot, runner: TaskRunner, package: Package, isolated_dirs: Path
) -> None:
    warm = QLabel("warm up fonts")  # font caches are Qt's business, not the viewer's
    qtbot.addWidget(warm)
    warm.grab()
    before = files_under(isolated_dirs)
    window = viewer(qtbot, runner, package)
    panel = window.open_panel
    assert not panel.open_button.isEnabled() and panel.key_field.isHidden()
    panel.passphrase_edit.setText(SECRET)
    with qtbot.waitSignal(window.opened, timeout=WAIT_MS):
        qtbot.mouseClick(panel.open_button, Qt.MouseButton.LeftButton)
    content = window.content
    assert content.list.count() == 2
    assert content.list.item(0).text().startswith("PW reaches for the cup")
    assert "MW (mother), PW (child)" in content.facts.text()
    player = content.player
    player.media.setPlaybackRate(2.0)
    player.play()
    qtbot.waitUntil(
        lambda: player.media.mediaStatus() == QMediaPlayer.MediaStatus.EndOfMedia,
        timeout=WAIT_MS,
    )
    assert player.media.error() == QMediaPlayer.Error.NoError
    assert player.canvas.frames_shown >= 10
    content.list.setCurrentRow(1)
    assert content.item_title.text() == "A shared smile"
    window.close()
    assert content.list.count() == 0  # decrypted items dropped
    assert files_under(isolated_dirs) == before


def test_wrong_passphrase_shows_one_clear_error(
    qtbot: QtBot, runner: TaskRunner, package: Package
) -> None:
    window = viewer(qtbot, runner, package)
    window.open_panel.passphrase_edit.setText("not the passphrase at all")
    qtbot.mouseClick(window.open_panel.open_button, Qt.MouseButton.LeftButton)
    message = window.open_panel.message
    qtbot.waitUntil(lambda: message.kind == "error", timeout=WAIT_MS)
    assert message.text() == "That passphrase does not open this package."
    assert window.pages.currentWidget() is window.open_panel


def test_expired_package_is_refused_before_asking(
    qtbot: QtBot, runner: TaskRunner, package: Package
) -> None:
    days = (package.expires_on - package.today).days + 1
    window = viewer(qtbot, runner, package, days=days)
    panel = window.open_panel
    assert panel.message.kind == "error" and "expired on" in panel.message.text()
    panel.passphrase_edit.setText(SECRET)
    assert not panel.passphrase_edit.isEnabled() and not panel.open_button.isEnabled()


def test_a_passphrase_given_up_front_opens_at_once(
    qtbot: QtBot, runner: TaskRunner, package: Package
) -> None:
    window = ViewerWindow(
        package.path, runner=runner, today=lambda: package.today, passphrase=SECRET
    )
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.opened, timeout=WAIT_MS):
        window.show()
    assert window.content.list.count() == 2
    assert window.open_panel.passphrase_edit.text() == ""  # not kept in the form
