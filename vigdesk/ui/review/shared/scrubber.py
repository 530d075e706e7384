"""The shared review's scrubber: a slider over the clip's frames that also shows the
moment marked with I and O (a band over the groove, brighter while it loops)."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSlider, QStyle, QStyleOptionSlider, QWidget

MARKED = QColor(224, 182, 90, 90)  # amber: apart from the teal played part
LOOPING = QColor(224, 182, 90, 190)


class Scrubber(QSlider):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self._span: tuple[int | None, int | None] = (None, None)
        self._looping = False

    @property
    def span(self) -> tuple[int | None, int | None]:
        return self._span

    def set_span(self, first: int | None, last: int | None, looping: bool) -> None:
        """The marked moment in frames (either end may be unset)."""
        if (first, last, looping) != (*self._span, self._looping):
            self._span, self._looping = (first, last), looping
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        first, last = self._span
        if first is None and last is None:
            super().paintEvent(event)
            return
        option = QStyleOptionSlider()
        self.initStyleOption(option)
        style = self.style()
        groove = style.subControlRect(
            QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderGroove, self
        )
        handle = style.subControlRect(
            QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderHandle, self
        )
        room = groove.width() - handle.width()
        left = groove.x() + handle.width() // 2

        def x(value: int) -> int:
            span = max(1, self.maximum() - self.minimum())
            return left + round((value - self.minimum()) * room / span)

        start = x(self.minimum() if first is None else first)
        end = x(self.maximum() if last is None else last)
        band = QRect(start, groove.center().y() - 8, max(4, end - start), 16)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(LOOPING if self._looping else MARKED)
        painter.drawRoundedRect(band, 4, 4)
        painter.end()
        super().paintEvent(event)
