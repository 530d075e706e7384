"""A pad to sign on with a mouse, a pen (pressure-sensitive) or a finger.

The strokes live in memory only; `to_png()` renders them, cropped, on white, for the
consent service to seal as evidence. GUI thread only.
"""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QEvent,
    QIODevice,
    QPointF,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QImage,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QTabletEvent,
    QTouchEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

INK = QColor("#14213D")
_GUIDE = QColor("#AEB6BF")
_HINT = QColor("#8A939D")
_WIDTH = 2.6
_EXPORT_SCALE = 2.0
_MARGIN = 12.0

Stroke = list[tuple[QPointF, float]]  # (point, pen width)


class SignaturePad(QWidget):
    """Emits `changed` after every finished stroke and after `clear()`."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._strokes: list[Stroke] = []
        self._drawing = False
        self.hint = self.tr("Sign here")
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents)
        self.setMinimumSize(360, 150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(self.tr("Signature pad"))
        self.setAccessibleDescription(
            self.tr("Draw a signature with a mouse, pen or finger; Clear starts again.")
        )

    def sizeHint(self) -> QSize:
        return QSize(560, 190)

    def is_empty(self) -> bool:
        return not any(len(s) > 1 for s in self._strokes)

    def clear(self) -> None:
        self._strokes.clear()
        self._drawing = False
        self.update()
        self.changed.emit()

    # -- input -----------------------------------------------------------------------

    def _begin(self, point: QPointF, width: float) -> None:
        self._strokes.append([(point, width)])
        self._drawing = True
        self.update()

    def _extend(self, point: QPointF, width: float) -> None:
        if self._drawing:
            last = self._strokes[-1][-1][0]
            if (point - last).manhattanLength() >= 0.8:
                self._strokes[-1].append((point, width))
                self.update()

    def _end(self, point: QPointF, width: float) -> None:
        if self._drawing:
            self._extend(point, width)
            if len(self._strokes[-1]) == 1:  # a tap: make it a dot
                self._strokes[-1].append((point + QPointF(0.6, 0.6), width))
            self._drawing = False
            self.update()
            self.changed.emit()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._begin(event.position(), _WIDTH)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        self._extend(event.position(), _WIDTH)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._end(event.position(), _WIDTH)

    def tabletEvent(self, event: QTabletEvent) -> None:
        width = _WIDTH * (0.45 + 0.9 * event.pressure())
        kind = event.type()
        if kind == QEvent.Type.TabletPress:
            self._begin(event.position(), width)
        elif kind == QEvent.Type.TabletMove:
            self._extend(event.position(), width)
        elif kind == QEvent.Type.TabletRelease:
            self._end(event.position(), width)
        event.accept()  # no synthesised mouse events: the pen draws once

    def event(self, event: QEvent) -> bool:
        kind = event.type()
        touch = (QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd)
        if kind in touch and isinstance(event, QTouchEvent):
            points = event.points()
            if points:
                where = points[0].position()
                if kind == QEvent.Type.TouchBegin:
                    self._begin(where, _WIDTH)
                elif kind == QEvent.Type.TouchUpdate:
                    self._extend(where, _WIDTH)
                else:
                    self._end(where, _WIDTH)
            event.accept()
            return True
        if kind == QEvent.Type.TouchCancel:
            self._drawing = False
            event.accept()
            return True
        return super().event(event)

    # -- drawing ---------------------------------------------------------------------

    def _paint_strokes(self, painter: QPainter) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for stroke in self._strokes:
            for (a, width), (b, _) in pairwise(stroke):
                pen = QPen(INK, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
                pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
                painter.setPen(pen)
                painter.drawLine(a, b)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        frame = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        painter.setPen(QPen(QColor("#1F6F78") if self.hasFocus() else _GUIDE, 1))
        painter.setBrush(QColor("#FFFFFF"))
        painter.drawRoundedRect(frame, 10, 10)
        baseline = self.height() - 42.0
        painter.setPen(QPen(_GUIDE, 1, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(40, baseline), QPointF(self.width() - 28.0, baseline))
        cross = QPainterPath()
        cross.moveTo(22, baseline - 8)
        cross.lineTo(32, baseline + 2)
        cross.moveTo(32, baseline - 8)
        cross.lineTo(22, baseline + 2)
        painter.setPen(QPen(_HINT, 1.6))
        painter.drawPath(cross)
        if self.is_empty() and not self._drawing:
            painter.setPen(_HINT)
            painter.drawText(
                QRectF(0, baseline + 8, self.width(), 24), Qt.AlignmentFlag.AlignCenter, self.hint
            )
        self._paint_strokes(painter)

    def bounds(self) -> QRectF:
        """The strokes' bounding box in widget coordinates (empty when nothing is drawn)."""
        box = QRectF()
        for stroke in self._strokes:
            for point, _ in stroke:
                box = box.united(QRectF(point, QSize(1, 1)))
        return box

    def to_image(self) -> QImage:
        """The signature cropped to its strokes, on white, at twice the screen size."""
        box = self.bounds().adjusted(-_MARGIN, -_MARGIN, _MARGIN, _MARGIN)
        size = QSize(
            max(1, round(box.width() * _EXPORT_SCALE)), max(1, round(box.height() * _EXPORT_SCALE))
        )
        image = QImage(size, QImage.Format.Format_RGB32)
        image.fill(QColor("#FFFFFF"))
        painter = QPainter(image)
        painter.scale(_EXPORT_SCALE, _EXPORT_SCALE)
        painter.translate(-box.topLeft())
        self._paint_strokes(painter)
        painter.end()
        return image

    def to_png(self) -> bytes:
        """PNG bytes in memory; b"" when nothing is drawn."""
        if self.is_empty():
            return b""
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        self.to_image().save(buffer, "PNG")  # type: ignore[call-overload]
        buffer.close()
        return bytes(data.data())
