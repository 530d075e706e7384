"""Draw a signature on a SignaturePad with real mouse events (tests and screenshots)."""

from __future__ import annotations

import math

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from vigdesk.ui.consent.signature_pad import SignaturePad


def _stroke(pad: SignaturePad, points: list[QPoint]) -> None:
    left = Qt.MouseButton.LeftButton
    QTest.mousePress(pad, left, Qt.KeyboardModifier.NoModifier, points[0])
    for point in points[1:]:
        QTest.mouseMove(pad, point)
    QTest.mouseRelease(pad, left, Qt.KeyboardModifier.NoModifier, points[-1])


def draw_signature(pad: SignaturePad) -> None:
    """Two strokes: a looping flourish and an underline, scaled to the pad."""
    w, h = pad.width(), pad.height()
    base = h - 48
    loops = []
    for i in range(140):
        t = i / 139
        x = 50 + t * (w * 0.55) + 14 * math.sin(t * 9 * math.pi)
        y = (
            base
            - 34 * abs(math.sin(t * 4.5 * math.pi)) * (1 - 0.4 * t)
            + 10 * math.cos(t * 9 * math.pi)
        )
        loops.append(QPoint(round(x), round(y)))
    _stroke(pad, loops)
    tail = [QPoint(round(60 + i * w * 0.006), round(base + 6 - i * 0.12)) for i in range(100)]
    _stroke(pad, tail)
