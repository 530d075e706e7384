"""The picture: video frames from a QVideoSink, or a still, painted on a dark ground.

A painted widget rather than QVideoWidget, so it can be grabbed (screenshots, tests)
and works on the offscreen platform. GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent
from PySide6.QtMultimedia import QVideoFrame, QVideoSink
from PySide6.QtWidgets import QSizePolicy, QWidget

BACKGROUND = QColor("#15191E")
HINT = QColor("#9AA3AD")


class Canvas(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sink = QVideoSink(self)
        self.sink.videoFrameChanged.connect(self._frame_arrived)
        self._frame = QVideoFrame()
        self._image: QImage | None = None
        self._hint = ""
        self.frames_shown = 0
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(320, 180)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def sizeHint(self) -> QSize:
        return QSize(640, 360)

    def show_hint(self, text: str) -> None:
        self._frame, self._image, self._hint = QVideoFrame(), None, text
        self.update()

    def show_image(self, image: QImage) -> None:
        self._frame, self._image, self._hint = QVideoFrame(), image, ""
        self.update()

    def _frame_arrived(self, frame: QVideoFrame) -> None:
        if frame.isValid():
            self._frame, self._image, self._hint = frame, None, ""
            self.frames_shown += 1
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), BACKGROUND)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        if self._frame.isValid():
            options = QVideoFrame.PaintOptions()
            options.aspectRatioMode = Qt.AspectRatioMode.KeepAspectRatio
            options.backgroundColor = BACKGROUND
            self._frame.paint(painter, QRectF(self.rect()), options)
        elif self._image is not None and not self._image.isNull():
            size = self._image.size().scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
            x, y = (self.width() - size.width()) / 2, (self.height() - size.height()) / 2
            painter.drawImage(QRectF(x, y, size.width(), size.height()), self._image)
        elif self._hint:
            painter.setPen(HINT)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self._hint)
        painter.end()
