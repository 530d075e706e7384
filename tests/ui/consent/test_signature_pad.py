"""The signature pad takes a mouse, a pen and a finger, and renders a cropped PNG."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QImage, QPointingDevice, QTabletEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.ui.conftest import WAIT_MS
from tests.ui.consent.drawing import draw_signature
from vigdesk.ui.consent.signature_pad import SignaturePad


def shown_pad(qtbot: QtBot) -> SignaturePad:
    pad = SignaturePad()
    qtbot.addWidget(pad)
    pad.resize(560, 190)
    pad.show()
    qtbot.waitExposed(pad)
    return pad


def test_mouse_strokes_render_a_cropped_png_and_clear_empties(qtbot: QtBot) -> None:
    pad = shown_pad(qtbot)
    assert pad.is_empty() and pad.to_png() == b""
    with qtbot.waitSignal(pad.changed, timeout=WAIT_MS):
        draw_signature(pad)
    png = pad.to_png()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    image = QImage.fromData(png)
    box = pad.bounds()
    assert image.width() < pad.width() * 2 and abs(image.width() - (box.width() + 24) * 2) <= 2
    with qtbot.waitSignal(pad.changed, timeout=WAIT_MS):
        pad.clear()
    assert pad.is_empty() and pad.to_png() == b""


def test_a_tap_leaves_a_dot(qtbot: QtBot) -> None:
    pad = shown_pad(qtbot)
    QTest.mouseClick(pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(80, 80))
    assert not pad.is_empty()


def test_a_pen_draws_with_pressure(qtbot: QtBot) -> None:
    pad = shown_pad(qtbot)
    device = QPointingDevice.primaryPointingDevice()
    for kind, x, pressure in (
        (QEvent.Type.TabletPress, 40.0, 0.2),
        (QEvent.Type.TabletMove, 120.0, 0.6),
        (QEvent.Type.TabletMove, 200.0, 1.0),
        (QEvent.Type.TabletRelease, 220.0, 0.0),
    ):
        point = QPointF(x, 90.0)
        event = QTabletEvent(
            kind,
            device,
            point,
            pad.mapToGlobal(point),
            pressure,
            0.0,
            0.0,
            0.0,
            0.0,
            0.0,
            Qt.KeyboardModifier.NoModifier,
            Qt.MouseButton.LeftButton,
            Qt.MouseButton.LeftButton,
        )
        QApplication.sendEvent(pad, event)
    assert not pad.is_empty()
    widths = [w for _, w in pad._strokes[0]]
    assert widths[0] < widths[-2]  # harder pressing, thicker line


def test_a_finger_draws(qtbot: QtBot) -> None:
    pad = shown_pad(qtbot)
    screen = QTest.createTouchDevice()
    QTest.touchEvent(pad, screen).press(0, QPoint(40, 60)).commit()
    QTest.touchEvent(pad, screen).move(0, QPoint(140, 90)).commit()
    QTest.touchEvent(pad, screen).move(0, QPoint(240, 70)).commit()
    QTest.touchEvent(pad, screen).release(0, QPoint(260, 70)).commit()
    assert not pad.is_empty()
