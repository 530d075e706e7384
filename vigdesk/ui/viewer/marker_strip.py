"""The markers a package carries for a clip, as a strip under the player: one diamond
per marked moment, coloured by its step of the circle; its tooltip lists them, clicking
one seeks there. Initials only, as the package holds them. GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from vigdesk.core.markers import Step
from vigdesk.core.packages import PackageMarker
from vigdesk.services.markers import load_marker_types
from vigdesk.services.principles import load_principles
from vigdesk.ui.review.timeline import MARKER_COLOURS

SIDE = 8
HIT = 7


def describe(marker: PackageMarker) -> str:
    """ "0:02.40 Child's initiative · TA" for a tooltip."""
    kind = load_marker_types().get(marker.type)
    name = kind.name if kind else load_principles().describe(marker.type) or marker.type
    minutes, seconds = divmod(marker.at_s, 60)
    who = f" · {marker.who}" if marker.who else ""
    return f"{int(minutes)}:{seconds:05.2f} {name}{who}"


class MarkerStrip(QWidget):
    """`seek_requested(ms)` when a diamond is clicked."""

    seek_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._markers: tuple[PackageMarker, ...] = ()
        self._duration_s = 0.0
        self.setFixedHeight(26)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(self.tr("Marked moments"))
        self.hide()

    def sizeHint(self) -> QSize:
        return QSize(400, self.height())

    def set_markers(self, markers: tuple[PackageMarker, ...], duration_s: float) -> None:
        self._markers, self._duration_s = markers, duration_s
        self.setVisible(bool(markers) and duration_s > 0)
        self.setToolTip("\n".join(describe(m) for m in markers))
        self.update()

    @property
    def count(self) -> int:
        return len(self._markers)

    def x_of(self, at_s: float) -> float:
        usable = max(1.0, self.width() - 2 * SIDE)
        return SIDE + usable * min(max(at_s / max(self._duration_s, 1e-6), 0.0), 1.0)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        mid = self.height() / 2
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#E4E7EB"))
        painter.drawRoundedRect(QRectF(SIDE, mid - 3, self.width() - 2 * SIDE, 6), 3, 3)
        painter.setPen(QPen(QColor("#FFFFFF"), 1))
        steps = [(m, Step(m.type).order if m.type in set(Step) else -1) for m in self._markers]
        for m, step in sorted(steps, key=lambda ms: ms[1] >= 0):  # steps drawn last, on top
            painter.setBrush(MARKER_COLOURS.get(step, MARKER_COLOURS[-1]))
            # A behaviour sits above the track, so a step on the same frame stays visible.
            x = self.x_of(m.at_s)
            y, r = (mid, 5.0) if step >= 0 else (mid - 6, 3.5)
            painter.drawPolygon(
                QPolygonF(
                    [
                        QPointF(x, y - r * 1.4),
                        QPointF(x + r, y),
                        QPointF(x, y + r * 1.4),
                        QPointF(x - r, y),
                    ]
                )
            )
        painter.end()

    def _at(self, x: float) -> PackageMarker | None:
        near = [(abs(self.x_of(m.at_s) - x), m) for m in self._markers]
        close = [pair for pair in near if pair[0] <= HIT]
        return min(close, key=lambda pair: pair[0])[1] if close else None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        marker = self._at(event.position().x())
        if marker is not None and event.button() == Qt.MouseButton.LeftButton:
            self.seek_requested.emit(round(marker.at_s * 1000))
