"""A four-segment passphrase strength meter fed by `core.passphrase.passphrase_strength`."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

_SEGMENTS = 4
_COLOURS = ("#C8CED6", "#D1453B", "#D98A1E", "#3D8F6A", "#1F6F78")
_EMPTY = QColor("#E4E7EB")


class StrengthMeter(QWidget):
    """Shows a 0–4 score as coloured segments; the text label lives beside it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._score = 0
        self.setMinimumHeight(6)
        self.setAccessibleName(self.tr("Passphrase strength"))

    @property
    def score(self) -> int:
        return self._score

    def set_score(self, score: int) -> None:
        self._score = max(0, min(score, _SEGMENTS))
        self.setAccessibleDescription(self.label_for(self._score))
        self.update()

    def label_for(self, score: int) -> str:
        labels = (
            self.tr("Too weak"),
            self.tr("Weak"),
            self.tr("Fair"),
            self.tr("Good"),
            self.tr("Strong"),
        )
        return labels[max(0, min(score, _SEGMENTS))]

    def sizeHint(self) -> QSize:
        return QSize(200, 6)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        gap = 4.0
        width = (self.width() - gap * (_SEGMENTS - 1)) / _SEGMENTS
        height = 6.0
        top = (self.height() - height) / 2
        filled = QColor(_COLOURS[self._score])
        for index in range(_SEGMENTS):
            painter.setBrush(filled if index < self._score else _EMPTY)
            rect = QRectF(index * (width + gap), top, width, height)
            painter.drawRoundedRect(rect, 3, 3)
        painter.end()
