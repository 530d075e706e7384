"""The timeline: a thumbnail strip, the marked span with draggable in/out handles,
second ticks, moment markers and the playhead. Clicking or dragging scrubs. GUI thread only.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen, QPixmap, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from vigdesk.ui.look import ACCENT
from vigdesk.ui.review.timecode import FrameClock

STRIP_H = 44
TRACK_GAP = 6
TRACK_H = 14
SIDE = 10  # room for a handle at either end
GRAB = 7  # how close to a handle a press picks it up

_TRACK = QColor("#E4E7EB")
_TICK = QColor("#9AA3AD")
_DIM = QColor(245, 246, 248, 150)
_SPAN = QColor(ACCENT)
_SPAN_FILL = QColor(31, 111, 120, 60)
_HEAD = QColor("#D9480F")
_EMPTY = QColor("#D5DAE0")
# Moment markers by their step of the circle (-1: a type outside it).
MARKER_COLOURS = {
    0: QColor("#2B8A3E"),  # child's initiative
    1: QColor("#1971C2"),  # adult's reception
    2: QColor("#7048E8"),  # adult's response
    3: QColor("#E67700"),  # child's reception
    -1: QColor("#495057"),
}


class _Drag(Enum):
    NONE = 0
    SCRUB = 1
    IN = 2
    OUT = 3


class Timeline(QWidget):
    """`scrubbed(frame)` as the user clicks or drags; `in_moved` / `out_moved` from handles."""

    scrubbed = Signal(int)
    in_moved = Signal(int)
    out_moved = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._clock: FrameClock | None = None
        self._frame = 0
        self._marks: tuple[int | None, int | None] = (None, None)
        self._strip: list[tuple[float, QPixmap]] = []
        self._markers: list[tuple[int, int]] = []
        self._drag = _Drag.NONE
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(STRIP_H + TRACK_GAP + TRACK_H + 6)
        self.setAccessibleName(self.tr("Timeline"))
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def sizeHint(self) -> QSize:
        return QSize(640, self.height())

    # -- state from the page ------------------------------------------------------------

    def set_clock(self, clock: FrameClock | None) -> None:
        self._clock = clock
        self._strip = []
        self._marks = (None, None)
        self._markers = []
        self._frame = 0
        self.update()

    def set_frame(self, frame: int) -> None:
        self._frame = frame
        self.update()

    def set_marks(self, first: int | None, last: int | None) -> None:
        """The marked span: first and last frame held (inclusive); None for unset."""
        self._marks = (first, last)
        self.update()

    def set_markers(self, markers: list[tuple[int, int]]) -> None:
        """Moment markers as (frame, step order; -1 for a type outside the circle)."""
        self._markers = markers
        self.update()

    @property
    def marker_count(self) -> int:
        return len(self._markers)

    def set_strip(self, strip: list[tuple[float, QPixmap]]) -> None:
        self._strip = strip
        self.update()

    @property
    def strip_count(self) -> int:
        return len(self._strip)

    # -- geometry -----------------------------------------------------------------------

    def _usable(self) -> float:
        return max(1.0, self.width() - 2 * SIDE)

    def x_of(self, frame: int) -> float:
        """Where frame `frame` starts."""
        frames = self._clock.frames if self._clock else 1
        return SIDE + self._usable() * frame / frames

    def frame_at_x(self, x: float) -> int:
        if self._clock is None:
            return 0
        return self._clock.clamp(int((x - SIDE) / self._usable() * self._clock.frames))

    def _boundary_at_x(self, x: float) -> int:
        """The frame boundary nearest to `x` (0 … frames)."""
        frames = self._clock.frames if self._clock else 1
        return max(0, min(round((x - SIDE) / self._usable() * frames), frames))

    def _last(self) -> int:
        return self._clock.last if self._clock else 0

    # -- painting ------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        strip = QRectF(SIDE, 0, self._usable(), STRIP_H)
        self._paint_strip(painter, strip)
        track_top = STRIP_H + TRACK_GAP
        track = QRectF(SIDE, track_top, self._usable(), TRACK_H)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(_TRACK)
        painter.drawRoundedRect(track, 4, 4)
        if self._clock is not None:
            self._paint_ticks(painter, track)
            self._paint_span(painter, strip, track)
            self._paint_markers(painter, track)
            self._paint_head(painter)
        painter.end()

    def _paint_strip(self, painter: QPainter, area: QRectF) -> None:
        painter.save()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(_EMPTY)
        painter.drawRoundedRect(area, 6, 6)
        if self._strip and self._clock is not None:
            clip = QRectF(area)
            painter.setClipRect(clip)
            cell_w = max(24.0, area.height() * 16 / 9)
            cells = max(1, int(area.width() // cell_w) + 1)
            seconds = self._clock.frames / float(self._clock.fps)
            for index in range(cells):
                left = area.left() + index * area.width() / cells
                width = area.width() / cells
                centre = (index + 0.5) / cells * seconds
                pixmap = min(self._strip, key=lambda pair: abs(pair[0] - centre))[1]
                target = QRectF(left, area.top(), width + 1, area.height())
                source = _cover(pixmap, target)
                painter.drawPixmap(target, pixmap, source)
        painter.restore()

    def _paint_ticks(self, painter: QPainter, track: QRectF) -> None:
        assert self._clock is not None
        seconds = self._clock.frames / float(self._clock.fps)
        every = next(
            (
                s
                for s in (1, 2, 5, 10, 30, 60, 300, 600)
                if self._usable() / max(seconds / s, 1) >= 14
            ),
            600,
        )
        painter.setPen(QPen(_TICK, 1))
        t = every
        while t < seconds:
            x = SIDE + self._usable() * t / seconds
            painter.drawLine(QPointF(x, track.top() + 4), QPointF(x, track.bottom() - 4))
            t += every

    def _paint_span(self, painter: QPainter, strip: QRectF, track: QRectF) -> None:
        first, last = self._marks
        if first is None and last is None:
            return
        assert self._clock is not None
        left = self.x_of(first if first is not None else 0)
        right = self.x_of((last if last is not None else self._clock.last) + 1)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(_DIM)
        painter.drawRect(QRectF(strip.left(), 0, max(0.0, left - strip.left()), STRIP_H))
        painter.drawRect(QRectF(right, 0, max(0.0, strip.right() - right), STRIP_H))
        painter.setBrush(_SPAN_FILL)
        painter.drawRect(QRectF(left, track.top(), right - left, track.height()))
        painter.setPen(QPen(_SPAN, 2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(QRectF(left, 1, right - left, STRIP_H - 2))
        for x, present in ((left, first is not None), (right, last is not None)):
            if present:
                self._paint_handle(painter, x, track)

    def _paint_handle(self, painter: QPainter, x: float, track: QRectF) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(_SPAN)
        painter.drawRoundedRect(QRectF(x - 3, track.top() - 2, 6, track.height() + 4), 2, 2)
        painter.setBrush(QColor("#FFFFFF"))
        painter.drawRect(QRectF(x - 0.5, track.top() + 3, 1, track.height() - 6))

    def _paint_markers(self, painter: QPainter, track: QRectF) -> None:
        half = (self.x_of(1) - self.x_of(0)) / 2
        painter.setPen(QPen(QColor("#FFFFFF"), 1))
        for frame, step in sorted(self._markers, key=lambda fs: fs[1] >= 0):
            x = self.x_of(frame) + half
            painter.setBrush(MARKER_COLOURS.get(step, MARKER_COLOURS[-1]))
            # Steps of the circle sit on the track; other types just above it, smaller,
            # so a behaviour marked on the same frame as a step does not hide it.
            mid, r = (track.center().y(), 5.0) if step >= 0 else (track.top() - 1, 3.5)
            diamond = QPolygonF(
                [
                    QPointF(x, mid - r * 1.4),
                    QPointF(x + r, mid),
                    QPointF(x, mid + r * 1.4),
                    QPointF(x - r, mid),
                ]
            )
            painter.drawPolygon(diamond)

    def _paint_head(self, painter: QPainter) -> None:
        assert self._clock is not None
        x = self.x_of(self._frame) + (self.x_of(1) - self.x_of(0)) / 2
        painter.setPen(QPen(QColor("#FFFFFF"), 3))
        painter.drawLine(QPointF(x, 0), QPointF(x, self.height() - 2))
        painter.setPen(QPen(_HEAD, 1.5))
        painter.drawLine(QPointF(x, 0), QPointF(x, self.height() - 2))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(_HEAD)
        top = QPolygonF([QPointF(x - 6, 0), QPointF(x + 6, 0), QPointF(x, 7)])
        painter.drawPolygon(top)

    # -- mouse ---------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self._clock is None or event.button() != Qt.MouseButton.LeftButton:
            return
        x = event.position().x()
        first, last = self._marks
        if first is not None and abs(x - self.x_of(first)) <= GRAB:
            self._drag = _Drag.IN
        elif last is not None and abs(x - self.x_of(last + 1)) <= GRAB:
            self._drag = _Drag.OUT
        else:
            self._drag = _Drag.SCRUB
        self._dragged_to(x)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag is not _Drag.NONE:
            self._dragged_to(event.position().x())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._drag = _Drag.NONE

    def _dragged_to(self, x: float) -> None:
        if self._drag is _Drag.IN:  # the handle sits where its first frame starts
            self.in_moved.emit(min(self._boundary_at_x(x), self._last()))
        elif self._drag is _Drag.OUT:  # ... and where the last frame ends
            self.out_moved.emit(max(self._boundary_at_x(x) - 1, 0))
        else:
            self.scrubbed.emit(self.frame_at_x(x))


def _cover(pixmap: QPixmap, target: QRectF) -> QRectF:
    """The part of `pixmap` that fills `target` without distortion (centre crop)."""
    pw, ph = pixmap.width(), pixmap.height()
    if pw <= 0 or ph <= 0:
        return QRectF()
    scale = max(target.width() / pw, target.height() / ph)
    w, h = target.width() / scale, target.height() / scale
    return QRectF((pw - w) / 2, (ph - h) / 2, w, h)
