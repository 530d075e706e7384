"""Where the picture is drawn: video frames the player hands over, or a still image.

A plain painted widget rather than QVideoWidget: it can be grabbed (screenshots,
tests), it draws over a calm dark background, and `QVideoFrame.paint` honours the
stream's display matrix with Qt's FFmpeg backend, so phone video shot upright shows
upright (tests/ui/review/test_player.py plays a 90°-rotated file to prove it).
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtMultimedia import QVideoFrame
from PySide6.QtWidgets import QSizePolicy, QWidget

BACKGROUND = QColor("#15191E")
HINT = QColor("#9AA3AD")


class VideoCanvas(QWidget):
    """Emits `clicked` on a mouse press (the page gives the player keyboard focus)."""

    clicked = Signal()

    def __init__(self, parent: QWidget | None = None, background: QColor = BACKGROUND) -> None:
        super().__init__(parent)
        self._background = background
        self._frame = QVideoFrame()
        self._image: QImage | None = None
        self._hint = ""
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(240, 135)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def sizeHint(self) -> QSize:
        return QSize(640, 360)

    def show_hint(self, text: str) -> None:
        """Nothing to show: a line of text on the dark background."""
        self._frame = QVideoFrame()
        self._image = None
        self._hint = text
        self.update()

    def show_image(self, image: QImage) -> None:
        """A still (already upright)."""
        self._frame = QVideoFrame()
        self._image = image
        self._hint = ""
        self.update()

    def clear(self) -> None:
        self.show_hint("")

    @property
    def has_picture(self) -> bool:
        return self._frame.isValid() or self._image is not None

    def show_frame(self, frame: QVideoFrame) -> None:
        """A frame from the player's engine."""
        if frame.isValid():
            self._frame = frame
            self._image = None
            self._hint = ""
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), self._background)
        area = QRectF(self.rect())
        if self._frame.isValid():
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            options = QVideoFrame.PaintOptions()
            options.aspectRatioMode = Qt.AspectRatioMode.IgnoreAspectRatio
            self._frame.paint(painter, _fit(display_size(self._frame), area), options)
        elif self._image is not None and not self._image.isNull():
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(_fit(self._image.size(), area), self._image)
        elif self._hint:
            painter.setPen(HINT)
            painter.drawText(
                area, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self._hint
            )
        painter.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        self.clicked.emit()
        super().mousePressEvent(event)


def display_size(frame: QVideoFrame) -> QSize:
    """The frame's size as shown: turned by the stream's rotation (the display matrix)."""
    size = frame.size()
    turn = frame.surfaceFormat().rotation().value + frame.rotation().value
    return size.transposed() if turn % 180 == 90 else size


def _fit(size: QSize, area: QRectF) -> QRectF:
    """The largest rectangle of `size`'s shape centred in `area`."""
    if size.isEmpty():
        return area
    scaled = size.toSizeF().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
    target = QRectF(0, 0, scaled.width(), scaled.height())
    target.moveCenter(area.center())
    return target
