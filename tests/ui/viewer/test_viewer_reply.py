"""The supervisor answers in the viewer: comments typed at the moment showing, one sealed
reply file written where they choose and nothing else, and the practitioner imports it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtMultimedia import QMediaPlayer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from tests.conftest import CHILD, MOTHER
from tests.ui.viewer.conftest import SECRET, Package, make_package
from tests.ui.viewer.test_viewer import WAIT_MS, files_under, viewer
from vigdesk.services.session import Services
from vigdesk.ui.tasks import TaskRunner
from vigdesk.ui.viewer.reply_dialog import ReplyDialog
from vigdesk.ui.viewer.window import ViewerWindow


@pytest.fixture
def answerable(services: Services, footage: Path, tmp_path: Path) -> Package:
    """A supervision package that carries the practitioner's reply address."""
    return make_package(services, footage, tmp_path / "supervision.vigpkg", answerable=True)


def opened(qtbot: QtBot, runner: TaskRunner, package: Package) -> ViewerWindow:
    """The package open, its first clip played to the end: Qt's FFmpeg backend can crash
    when a clip is unloaded while it is still loading (see test_viewer_markers)."""
    window = viewer(qtbot, runner, package)
    window.open_panel.passphrase_edit.setText(SECRET)
    with qtbot.waitSignal(window.opened, timeout=WAIT_MS):
        window.open_panel.open_button.click()
    player = window.content.player
    player.media.setPlaybackRate(2.0)
    player.play()
    qtbot.waitUntil(
        lambda: player.media.mediaStatus() == QMediaPlayer.MediaStatus.EndOfMedia,
        timeout=WAIT_MS,
    )
    return window


def test_comments_become_one_sealed_reply_the_practitioner_imports(
    qtbot: QtBot,
    runner: TaskRunner,
    answerable: Package,
    services: Services,
    isolated_dirs: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = opened(qtbot, runner, answerable)
    before = files_under(isolated_dirs)
    pane = window.content.comments
    assert pane.isVisible()
    pane.edit.setFocus()
    qtbot.keyClicks(pane.edit, f"{MOTHER} waits for {CHILD.split()[0]}: lovely")
    qtbot.keyClick(pane.edit, Qt.Key.Key_Return)
    assert pane.list.count() == 1 and pane.edit.text() == ""
    window.content.list.setCurrentRow(1)  # the still
    qtbot.keyClicks(pane.edit, "Eye contact")
    qtbot.keyClick(pane.edit, Qt.Key.Key_Return)
    assert [c.item for c in pane.comments] == ["clip-01.mp4", "still-02.png"]

    monkeypatch.setattr(ReplyDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    reply = tmp_path / "reply.vigreply"
    assert window.save_reply(reply) == reply
    assert MOTHER.encode() not in reply.read_bytes()
    assert files_under(isolated_dirs) == before  # the reply is the only file written
    window.close()

    done = services.replies.import_reply(reply)
    assert (done.comments, done.supervisor) == (2, "Dr Ada Supervisor")
    (on_clip,) = services.replies.comments(answerable.clip_id)
    assert on_clip.text == "MW waits for PW: lovely"


def test_closing_with_unsaved_comments_asks_and_keeps_them_by_default(
    qtbot: QtBot, runner: TaskRunner, answerable: Package
) -> None:
    window = opened(qtbot, runner, answerable)
    pane = window.content.comments
    pane.edit.setFocus()
    qtbot.keyClicks(pane.edit, "A good wait")
    qtbot.keyClick(pane.edit, Qt.Key.Key_Return)
    asked: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        asked.append(box.text())
        qtbot.keyClick(box, Qt.Key.Key_Return)  # Enter: the default keeps the window open

    QTimer.singleShot(0, answer)
    window.close()
    assert asked and "not saved" in asked[0]
    assert window.isVisible() and pane.comments

    def discard() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        lose = next(b for b in box.findChildren(QPushButton) if "without" in b.text())
        lose.click()

    QTimer.singleShot(0, discard)
    window.close()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=WAIT_MS)
    assert pane.comments == []


def test_a_training_package_shows_no_comment_pane(
    qtbot: QtBot, runner: TaskRunner, package: Package
) -> None:
    window = opened(qtbot, runner, package)  # made without a reply address
    assert not window.content.comments.isVisible()
