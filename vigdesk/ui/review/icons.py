"""The player's small icons, drawn in code so they match the palette at any scale."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap

INK = "#3D4650"
SIZE = 20  # logical pixels
SCALE = 3  # drawn at 3x for sharp high-DPI screens

Draw = Callable[[QPainter], None]


def icon(name: str, colour: str = INK) -> QIcon:
    """`play`, `pause`, `frame-back`, `frame-forward`, `rewind`, `forward`, `loop`,
    `sound` or `mute`, in `colour`."""
    pixmap = QPixmap(SIZE * SCALE, SIZE * SCALE)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.scale(SCALE, SCALE)
    ink = QColor(colour)
    painter.setPen(
        QPen(ink, 1.6, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
    )
    painter.setBrush(ink)
    _SHAPES[name](painter)
    painter.end()
    pixmap.setDevicePixelRatio(SCALE)
    return QIcon(pixmap)


def _triangle(painter: QPainter, left: float, right: float, pointing_right: bool = True) -> None:
    tip, base = (right, left) if pointing_right else (left, right)
    path = QPainterPath(QPointF(base, 4.5))
    path.lineTo(tip, 10)
    path.lineTo(base, 15.5)
    path.closeSubpath()
    painter.drawPath(path)


def _play(p: QPainter) -> None:
    _triangle(p, 6.5, 15.5)


def _pause(p: QPainter) -> None:
    p.setPen(Qt.PenStyle.NoPen)
    p.drawRoundedRect(QRectF(5.5, 4.5, 3.2, 11), 1, 1)
    p.drawRoundedRect(QRectF(11.3, 4.5, 3.2, 11), 1, 1)


def _frame_back(p: QPainter) -> None:
    p.drawLine(QPointF(5.5, 4.8), QPointF(5.5, 15.2))
    _triangle(p, 8, 15, pointing_right=False)


def _frame_forward(p: QPainter) -> None:
    p.drawLine(QPointF(14.5, 4.8), QPointF(14.5, 15.2))
    _triangle(p, 5, 12)


def _rewind(p: QPainter) -> None:
    _triangle(p, 2.5, 9.5, pointing_right=False)
    _triangle(p, 9.5, 16.5, pointing_right=False)


def _forward(p: QPainter) -> None:
    _triangle(p, 3.5, 10.5)
    _triangle(p, 10.5, 17.5)


def _loop(p: QPainter) -> None:
    p.setBrush(Qt.BrushStyle.NoBrush)
    path = QPainterPath(QPointF(14, 6))
    path.lineTo(6.5, 6)
    path.arcTo(QRectF(3, 6, 7, 8), 90, 180)
    path.lineTo(13.5, 14)
    path.arcTo(QRectF(10, 6, 7, 8), -90, 180)
    p.drawPath(path)
    p.setBrush(p.pen().color())
    head = QPainterPath(QPointF(12, 3.6))
    head.lineTo(15, 6)
    head.lineTo(12, 8.4)
    head.closeSubpath()
    p.drawPath(head)


def _speaker(p: QPainter) -> None:
    path = QPainterPath(QPointF(3, 8))
    path.lineTo(6, 8)
    path.lineTo(10, 4.5)
    path.lineTo(10, 15.5)
    path.lineTo(6, 12)
    path.lineTo(3, 12)
    path.closeSubpath()
    p.drawPath(path)
    p.setBrush(Qt.BrushStyle.NoBrush)


def _sound(p: QPainter) -> None:
    _speaker(p)
    p.drawArc(QRectF(9, 7, 5, 6), -60 * 16, 120 * 16)
    p.drawArc(QRectF(9, 4.5, 8, 11), -60 * 16, 120 * 16)


def _mute(p: QPainter) -> None:
    _speaker(p)
    p.drawLine(QPointF(12.5, 7.5), QPointF(17, 12.5))
    p.drawLine(QPointF(17, 7.5), QPointF(12.5, 12.5))


_SHAPES: dict[str, Draw] = {
    "play": _play,
    "pause": _pause,
    "frame-back": _frame_back,
    "frame-forward": _frame_forward,
    "rewind": _rewind,
    "forward": _forward,
    "loop": _loop,
    "sound": _sound,
    "mute": _mute,
}
