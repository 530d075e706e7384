"""Shared review made for the meeting with the parent: a scrubber, Space, slow motion,
frame steps, a loop, pausing on a frame, buttons that stay put, a 1280×720 screen."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from tests.ui.conftest import WAIT_MS
from tests.ui.review.conftest import Idle, Seed
from tests.ui.review.test_shared_review import start_review
from vigdesk.ui.look import apply_look
from vigdesk.ui.review.page import ReviewPage
from vigdesk.ui.review.shared.window import ReviewWindow


def paused(qtbot: QtBot, window: ReviewWindow) -> int:
    """Pause the clip with Space and wait until the picture settles on the frame."""
    qtbot.waitUntil(lambda: window.player.playing, timeout=WAIT_MS)
    qtbot.keyClick(window, Qt.Key.Key_Space)
    assert not window.player.playing
    frame = window.player.frame
    qtbot.waitUntil(lambda: window.player.shown_frame == frame, timeout=WAIT_MS)
    return frame


def checked(buttons: list[QPushButton]) -> str:
    [text] = [b.text() for b in buttons if b.isChecked()]
    return text


def place(widget: QWidget, window: QWidget) -> QRect:
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


def test_space_plays_and_pauses_and_pausing_invites_talk(
    qtbot: QtBot, page: ReviewPage, seed: Seed, idle: Idle
) -> None:
    window = start_review(qtbot, page, seed, idle)
    frame = paused(qtbot, window)
    assert window.stage.play.text() == "Play"
    assert "talk" in window.stage.hint.text() and window.stage.hint.isVisible()
    window.stage.canvas.clicked.emit()  # a click on the picture plays on
    qtbot.waitUntil(lambda: window.player.playing, timeout=WAIT_MS)
    assert window.stage.play.text() == "Pause"
    window.stage.canvas.clicked.emit()
    assert not window.player.playing and window.player.frame >= frame
    window.close()


def test_scrubber_follows_the_clip_and_moves_it(
    qtbot: QtBot, page: ReviewPage, seed: Seed, idle: Idle
) -> None:
    window = start_review(qtbot, page, seed, idle)
    scrubber = window.stage.scrubber
    assert window.player.clock is not None
    assert (scrubber.minimum(), scrubber.maximum()) == (0, window.player.clock.last)
    frame = paused(qtbot, window)
    assert scrubber.value() == frame
    target = 3 if frame > 6 else frame + 5
    scrubber.setValue(target)  # as a drag or a click on the groove does
    assert window.player.frame == target and not window.player.playing
    qtbot.waitUntil(lambda: window.player.shown_frame == target, timeout=WAIT_MS)
    assert window.stage.position.text().startswith("0:0")
    window.close()


def test_slow_motion_and_back_to_normal(
    qtbot: QtBot, page: ReviewPage, seed: Seed, idle: Idle
) -> None:
    window = start_review(qtbot, page, seed, idle)
    speeds = window.stage.speeds
    assert [b.text() for b in speeds] == ["1×", "0.5×", "0.25×"]
    assert window.player.rate == 1.0 and checked(speeds) == "1×"
    qtbot.keyClick(window, Qt.Key.Key_S)
    assert window.player.rate == 0.5 and checked(speeds) == "0.5×"
    qtbot.keyClick(window, Qt.Key.Key_S)
    assert window.player.rate == 0.25 and checked(speeds) == "0.25×"
    qtbot.keyClick(window, Qt.Key.Key_S)
    assert window.player.rate == 1.0
    speeds[1].click()
    assert window.player.rate == 0.5
    window.close()


def test_arrows_step_one_frame_when_paused_but_not_while_typing(
    qtbot: QtBot, page: ReviewPage, seed: Seed, idle: Idle
) -> None:
    window = start_review(qtbot, page, seed, idle)
    frame = paused(qtbot, window)
    if not 2 <= frame < window.player.clock.last:  # type: ignore[union-attr]
        window.stage.scrubber.setValue(frame := 5)
    qtbot.keyClick(window, Qt.Key.Key_Right)
    assert window.player.frame == frame + 1
    qtbot.waitUntil(lambda: window.player.shown_frame == frame + 1, timeout=WAIT_MS)
    qtbot.keyClick(window, Qt.Key.Key_Left)
    qtbot.keyClick(window, Qt.Key.Key_Left)
    assert window.player.frame == frame - 1
    box = window.stage.reflection
    box.setFocus()
    qtbot.keyClicks(box, "Slip, look, in, on, kin ")
    qtbot.keyClick(box, Qt.Key.Key_Left)
    assert box.toPlainText() == "Slip, look, in, on, kin "  # S, L, I, O, K, N, P are text here
    assert box.textCursor().position() == len(box.toPlainText()) - 1
    assert window.player.frame == frame - 1 and not window.player.playing
    assert window.player.rate == 1.0 and window.player.loop is None and window.index == 0
    window.close()


def test_l_loops_the_clip_or_the_marked_moment(
    qtbot: QtBot, page: ReviewPage, seed: Seed, idle: Idle
) -> None:
    window = start_review(qtbot, page, seed, idle)
    last = window.player.clock.last  # type: ignore[union-attr]
    qtbot.keyClick(window, Qt.Key.Key_L)
    assert window.player.loop == (0, last) and window.stage.loop.isChecked()
    qtbot.keyClick(window, Qt.Key.Key_L)
    assert window.player.loop is None and not window.stage.loop.isChecked()
    paused(qtbot, window)
    window.stage.scrubber.setValue(4)
    qtbot.keyClick(window, Qt.Key.Key_I)
    window.stage.scrubber.setValue(9)
    qtbot.keyClick(window, Qt.Key.Key_O)
    assert window.stage.scrubber.span == (4, 9)  # the marked moment shows on the scrubber
    qtbot.keyClick(window, Qt.Key.Key_L)
    assert window.player.loop == (4, 9)
    assert "Looping" in window.stage.hint.text()
    window.stage.loop.click()
    assert window.player.loop is None
    qtbot.keyClick(window, Qt.Key.Key_PageDown)
    assert window.stage.scrubber.span == (None, None)  # marks belong to their clip
    window.close()


def test_buttons_stay_put_between_clip_and_still_steps(
    qtbot: QtBot, page: ReviewPage, seed: Seed, idle: Idle
) -> None:
    window = start_review(qtbot, page, seed, idle)
    window.resize(1280, 720)
    s = window.stage
    steady = (s.previous, s.play, s.next, s.leave, s.reflection, s.hint)
    qtbot.waitUntil(lambda: window.player.playing, timeout=WAIT_MS)
    clip_places = [place(w, window) for w in steady]
    qtbot.keyClick(window, Qt.Key.Key_Space)
    assert [place(w, window) for w in steady] == clip_places  # Play ↔ Pause
    qtbot.keyClick(window, Qt.Key.Key_PageDown)
    qtbot.waitUntil(lambda: window.stage.canvas.has_picture, timeout=WAIT_MS)
    assert s.next.text().startswith("Finish")
    assert [place(w, window) for w in steady] == clip_places
    assert not s.play.isVisible() and not s.scrubber.isVisible()
    hint = s.hint.text()
    assert "picture" in hint and "Next" not in hint and "Finish" in hint
    window.close()


@pytest.fixture
def styled(qapp: QApplication) -> Iterator[None]:
    """The app's own look: its stylesheet pads the stage's big buttons."""
    apply_look(qapp)
    yield
    qapp.setStyleSheet("")


def test_it_fits_1280x720_and_works_from_the_keyboard(
    styled: None, qtbot: QtBot, page: ReviewPage, seed: Seed, idle: Idle
) -> None:
    window = start_review(qtbot, page, seed, idle)
    window.resize(1280, 720)
    qtbot.waitUntil(lambda: window.size().height() == 720, timeout=WAIT_MS)
    s = window.stage
    bounds = window.rect()
    controls = [s.previous, s.play, s.next, s.leave, s.loop, s.scrubber, s.reflection]
    controls += s.speeds
    for widget in controls:
        assert bounds.contains(place(widget, window)), widget
    for widget in [s.previous, s.play, s.next, s.leave, s.loop, *s.speeds]:
        assert widget.width() >= widget.sizeHint().width(), widget.text()  # no clipped text
    assert s.canvas.height() >= 300
    assert not any(b.isDefault() for b in window.findChildren(QPushButton))
    seen = set()
    window.activateWindow()
    s.play.setFocus()
    qtbot.waitUntil(lambda: window.focusWidget() is s.play, timeout=WAIT_MS)
    for _ in range(12):
        seen.add(window.focusWidget())
        qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Tab)
    assert {s.play, s.next, s.leave, s.loop, s.reflection, *s.speeds} <= seen
    slow = s.speeds[2]
    slow.setFocus()
    qtbot.keyClick(slow, Qt.Key.Key_Space)
    assert window.player.rate == 0.25 and [b.isChecked() for b in s.speeds] == [
        False,
        False,
        True,
    ]
    window.close()
