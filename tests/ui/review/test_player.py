"""The player: exact frame steps, seconds, J/K/L, loop, rotation, help panel."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from tests.ui.conftest import WAIT_MS
from tests.ui.review.conftest import (
    FPS,
    Idle,
    Seed,
    make_footage,
    open_video,
    shown_stamp,
    stamp_of_image,
)
from vigdesk.core.media import MediaKind
from vigdesk.ui.review.canvas import BACKGROUND, display_size
from vigdesk.ui.review.page import ReviewPage
from vigdesk.ui.review.timecode import FrameClock, parse_fps, timecode


def press(
    qtbot: QtBot, page: ReviewPage, key: Qt.Key, modifier: Qt.KeyboardModifier | None = None
) -> None:
    page.panel.canvas.setFocus()
    if modifier is None:
        qtbot.keyClick(page.panel.canvas, key)
    else:
        qtbot.keyClick(page.panel.canvas, key, modifier)


def settled_on(qtbot: QtBot, page: ReviewPage, frame: int) -> None:
    """Wait until the picture in the sink is `frame` (read from the stamp in the picture)."""
    qtbot.waitUntil(
        lambda: page.panel.player.shown_frame == frame and shown_stamp(page) == frame,
        timeout=WAIT_MS,
    )


def painted_box(image: QImage) -> tuple[int, int, int, int]:
    """The bounding box of what differs from the canvas background."""
    rgb = image.convertToFormat(QImage.Format.Format_RGB888)
    data = np.array(rgb.constBits(), dtype=np.uint8, copy=True)
    rows = data.reshape(rgb.height(), rgb.bytesPerLine())[:, : rgb.width() * 3]
    pixels = rows.reshape(rgb.height(), rgb.width(), 3).astype(int)
    background = np.array([BACKGROUND.red(), BACKGROUND.green(), BACKGROUND.blue()])
    ys, xs = np.nonzero(np.abs(pixels - background).sum(axis=2) > 30)
    return int(xs.min()), int(ys.min()), int(xs.max()), int(ys.max())


def test_frame_step_moves_exactly_one_frame(qtbot: QtBot, page: ReviewPage, seed: Seed) -> None:
    open_video(qtbot, page, seed.footage_id)
    player, transport = page.panel.player, page.panel.transport
    player.seek(10)
    settled_on(qtbot, page, 10)
    before = player._media.position()

    press(qtbot, page, Qt.Key.Key_Right)
    settled_on(qtbot, page, 11)
    assert player.frame == 11
    assert player._media.position() - before == 1000 // FPS  # one frame: 40 ms
    assert transport.frame_label.text() == "frame 11 / 74"
    assert transport.timecode.text() == "00:00:00.440"

    press(qtbot, page, Qt.Key.Key_Period)
    settled_on(qtbot, page, 12)
    press(qtbot, page, Qt.Key.Key_Comma)
    settled_on(qtbot, page, 11)
    press(qtbot, page, Qt.Key.Key_Left)
    settled_on(qtbot, page, 10)
    assert player._media.position() == before


def test_seconds_and_ends(qtbot: QtBot, page: ReviewPage, seed: Seed) -> None:
    open_video(qtbot, page, seed.footage_id)
    press(qtbot, page, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    settled_on(qtbot, page, FPS)
    press(qtbot, page, Qt.Key.Key_Up)  # +5 s: clamped to the last frame
    settled_on(qtbot, page, 74)
    press(qtbot, page, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
    settled_on(qtbot, page, 74 - FPS)
    press(qtbot, page, Qt.Key.Key_Home)
    settled_on(qtbot, page, 0)
    press(qtbot, page, Qt.Key.Key_End)
    settled_on(qtbot, page, 74)
    press(qtbot, page, Qt.Key.Key_Down)
    settled_on(qtbot, page, 0)


def test_play_pause_shuttle_and_reverse(qtbot: QtBot, page: ReviewPage, seed: Seed) -> None:
    open_video(qtbot, page, seed.footage_id)
    player = page.panel.player
    press(qtbot, page, Qt.Key.Key_Space)
    assert player.playing
    assert page.panel.transport.play.accessibleName() == "Pause"
    press(qtbot, page, Qt.Key.Key_K)
    assert not player.playing
    stopped = player.frame
    settled_on(qtbot, page, stopped)  # pausing settles exactly on the frame shown

    press(qtbot, page, Qt.Key.Key_L)
    press(qtbot, page, Qt.Key.Key_L)
    assert player.shuttle == 2 and player._media.playbackRate() == 2.0
    assert page.panel.transport.shuttle_label.text() == "▶▶ 2×"
    qtbot.waitUntil(lambda: player.frame > stopped + 5, timeout=WAIT_MS)
    press(qtbot, page, Qt.Key.Key_K)
    assert player.shuttle == 0 and player._media.playbackRate() == 1.0

    at = player.frame
    press(qtbot, page, Qt.Key.Key_J)
    assert player.shuttle == -1 and player.playing
    qtbot.waitUntil(lambda: player.frame < at - 3, timeout=WAIT_MS)
    press(qtbot, page, Qt.Key.Key_K)
    assert not player.playing


def test_loop_keeps_playback_inside_the_marks(qtbot: QtBot, page: ReviewPage, seed: Seed) -> None:
    open_video(qtbot, page, seed.footage_id)
    player = page.panel.player
    player.seek(20)
    page.panel.mark_in()
    player.seek(30)
    page.panel.mark_out()
    press(qtbot, page, Qt.Key.Key_R)
    assert player.loop == (20, 30) and page.panel.transport.loop.isChecked()
    player.set_rate(2.0)
    seen: list[int] = []
    player.frame_changed.connect(seen.append)
    press(qtbot, page, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: 20 in seen[3:], timeout=WAIT_MS)  # came round again
    press(qtbot, page, Qt.Key.Key_Space)
    assert max(seen) <= 31  # at most the frame that triggers the jump back


def test_speed_keys_and_mute(qtbot: QtBot, page: ReviewPage, seed: Seed) -> None:
    open_video(qtbot, page, seed.footage_id)
    player = page.panel.player
    assert player._media.pitchCompensation()  # voices keep their pitch at other speeds
    press(qtbot, page, Qt.Key.Key_BracketLeft)
    press(qtbot, page, Qt.Key.Key_BracketLeft)
    assert player.rate == 0.5 and page.panel.transport.speed.currentText() == "0.5×"
    for _ in range(6):
        press(qtbot, page, Qt.Key.Key_BracketRight)
    assert player.rate == 2.0
    press(qtbot, page, Qt.Key.Key_M, Qt.KeyboardModifier.ShiftModifier)  # M marks a moment
    assert player.muted
    press(qtbot, page, Qt.Key.Key_M, Qt.KeyboardModifier.ShiftModifier)
    assert not player.muted


def test_typing_a_clip_name_is_not_taken_by_the_keys(
    qtbot: QtBot, page: ReviewPage, seed: Seed
) -> None:
    open_video(qtbot, page, seed.footage_id)
    edit = page.panel.trim.name_edit
    edit.setFocus()
    qtbot.keyClicks(edit, "Look, joint attention")
    assert edit.text() == "Look, joint attention"
    assert page.panel.marks == (None, None)
    assert not page.panel.player.playing


def test_help_panel_lists_the_keys(qtbot: QtBot, page: ReviewPage, seed: Seed) -> None:
    open_video(qtbot, page, seed.footage_id)
    press(qtbot, page, Qt.Key.Key_F1)
    panel = page.panel.keys_panel
    assert panel is not None and panel.isVisible()
    rows = dict(panel.rows())
    assert rows["Space K"] == "Play or pause"
    assert "Mark in" in rows["I"] and "Mark out" in rows["O"]
    panel.close()


def test_rotated_phone_video_shows_upright(
    qtbot: QtBot, page: ReviewPage, idle: Idle, tmp_path: Path
) -> None:
    """Qt's FFmpeg backend applies the display matrix: the painted picture is upright."""
    page.importer.start([make_footage(tmp_path, "phone.mp4", size=(144, 192), rotation=90)])
    qtbot.waitUntil(lambda: page.importer.offer is not None, timeout=WAIT_MS)
    page.importer.offer.reject()  # type: ignore[union-attr]
    idle()
    phone = next(m for m in page.media.items if m.rotation == 90)  # type: ignore[union-attr]
    assert phone.kind is MediaKind.FOOTAGE
    open_video(qtbot, page, phone.id)
    page.panel.player.seek(33)
    settled_on(qtbot, page, 33)  # read from the upright picture's stamp
    frame = page.panel.player.current_frame()
    shown = display_size(frame)
    assert (shown.width(), shown.height()) == (144, 192)  # portrait, as filmed
    left, top, right, bottom = painted_box(page.panel.canvas.grab().toImage())
    assert bottom - top > right - left  # drawn portrait on the landscape canvas
    assert stamp_of_image(frame.toImage()) == 33


def test_frame_clock_and_timecode() -> None:
    clock = FrameClock.of(3.0, "25/1")
    assert clock.frames == 75 and clock.last == 74
    assert clock.player_ms(10) == 420 and clock.start_s(10) == 0.4 and clock.end_s(10) == 0.44
    assert clock.frame_at_s(0.4) == 10 and clock.frame_at_s(0.43) == 10
    assert clock.frame_of_us(440_000) == 11
    ntsc = FrameClock.of(2.0, "30000/1001")
    assert ntsc.frames == 60 and ntsc.frame_at_s(ntsc.start_s(31)) == 31
    assert parse_fps("") == 25 and parse_fps("0/0") == 25
    assert timecode(3725.5) == "01:02:05.500" and timecode(-1) == "00:00:00.000"


def test_pyside_refcount_workaround_is_in_place(page: ReviewPage) -> None:
    """PySide6 6.12.0 on CPython 3.11 loses a reference to None per void call (refcounts.py)."""
    import sys

    if sys.version_info < (3, 12):
        assert sys.getrefcount(None) > 1 << 39 and sys.getrefcount(True) > 1 << 39


def test_timeline_scrubs_and_drags_the_marks(qtbot: QtBot, page: ReviewPage, seed: Seed) -> None:
    open_video(qtbot, page, seed.footage_id)
    timeline = page.panel.timeline
    y = timeline.height() - 8  # on the track
    x_of = timeline.x_of
    qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=QPoint(round(x_of(40) + 2), y))
    settled_on(qtbot, page, 40)
    page.panel.player.seek(10)
    page.panel.mark_in()
    page.panel.player.seek(20)
    page.panel.mark_out()
    qtbot.mousePress(timeline, Qt.MouseButton.LeftButton, pos=QPoint(round(x_of(10)), y))
    qtbot.mouseMove(timeline, QPoint(round(x_of(5) + 2), y))
    qtbot.mouseRelease(timeline, Qt.MouseButton.LeftButton, pos=QPoint(round(x_of(5) + 2), y))
    qtbot.mousePress(timeline, Qt.MouseButton.LeftButton, pos=QPoint(round(x_of(21)), y))
    qtbot.mouseMove(timeline, QPoint(round(x_of(31) + 2), y))
    qtbot.mouseRelease(timeline, Qt.MouseButton.LeftButton, pos=QPoint(round(x_of(31) + 2), y))
    assert page.panel.marks == (5, 30)
    assert page.panel.trim.span_label.text() == "1.04 s"


def test_the_speed_box_says_what_plays(qtbot: QtBot, page: ReviewPage, seed: Seed) -> None:
    """The speed box and the shuttle indicator agree (it said 1.25× while L played 1×)."""
    open_video(qtbot, page, seed.footage_id)
    player, transport = page.panel.player, page.panel.transport
    press(qtbot, page, Qt.Key.Key_BracketRight)
    assert transport.speed.currentText() == "1.25×"
    for shown in ("1×", "2×", "4×"):
        press(qtbot, page, Qt.Key.Key_L)
        assert transport.shuttle_label.text() == f"▶▶ {shown}"
        assert transport.speed.currentText() == shown
    press(qtbot, page, Qt.Key.Key_K)
    assert transport.shuttle_label.text() == "" and transport.speed.currentText() == "1.25×"
    assert player.rate == 1.25
    press(qtbot, page, Qt.Key.Key_J)
    assert transport.shuttle_label.text() == "◀◀ 1×" and transport.speed.currentText() == "1×"
    press(qtbot, page, Qt.Key.Key_K)
    assert transport.speed.currentText() == "1.25×" and player.rate == 1.25
