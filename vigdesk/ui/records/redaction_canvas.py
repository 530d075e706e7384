"""The picture the redaction editor draws on: the frame, the masks at this moment as
outlines (or burnt in, in preview), and rectangles drawn with the mouse or moved with
the arrow keys. Coordinates are fractions of the picture. GUI thread only."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from vigdesk.media.redact import Keyframe, Redaction, apply_masks
from vigdesk.media.watermark import Image

NUDGE = 0.01  # an arrow key moves the chosen mask this fraction of the picture


class RedactionCanvas(QWidget):
    """Emits `drawn(x, y, w, h)` when a rectangle is drawn, and `moved(x, y, w, h)` when
    the chosen mask is dragged or nudged (the editor turns both into keyframes)."""

    drawn = Signal(float, float, float, float)
    moved = Signal(float, float, float, float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("redactionCanvas")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(480, 270)
        self.setAccessibleName(self.tr("Picture: drag to draw a mask; arrow keys move it"))
        self.image: Image | None = None
        self.redaction = Redaction()
        self.at_s = 0.0
        self.chosen = -1
        self.preview = False
        self._qimage: QImage | None = None
        self._press: QPointF | None = None
        self._drag: QPointF | None = None
        self._moving: Keyframe | None = None

    def show_frame(self, image: Image, at_s: float) -> None:
        self.image, self.at_s = image, at_s
        self._refresh()

    def set_state(self, redaction: Redaction, chosen: int, preview: bool) -> None:
        self.redaction, self.chosen, self.preview = redaction, chosen, preview
        self._refresh()

    def _refresh(self) -> None:
        if self.image is None:
            self._qimage = None
        else:
            shown = (
                apply_masks(self.image, self.redaction, self.at_s) if self.preview else self.image
            )
            data = np.ascontiguousarray(shown)
            h, w = data.shape[:2]
            self._qimage = QImage(data.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()
        self.update()

    def picture_rect(self) -> QRectF:
        if self._qimage is None:
            return QRectF(self.rect())
        w, h = self._qimage.width(), self._qimage.height()
        scale = min(self.width() / w, self.height() / h)
        sw, sh = w * scale, h * scale
        return QRectF((self.width() - sw) / 2, (self.height() - sh) / 2, sw, sh)

    def _to_fraction(self, point: QPointF) -> QPointF:
        r = self.picture_rect()
        x = min(1.0, max(0.0, (point.x() - r.x()) / r.width()))
        y = min(1.0, max(0.0, (point.y() - r.y()) / r.height()))
        return QPointF(x, y)

    def _box_rect(self, box: Keyframe) -> QRectF:
        r = self.picture_rect()
        return QRectF(
            r.x() + box.x * r.width(),
            r.y() + box.y * r.height(),
            box.w * r.width(),
            box.h * r.height(),
        )

    def chosen_box(self) -> Keyframe | None:
        if not 0 <= self.chosen < len(self.redaction.masks):
            return None
        mask = self.redaction.masks[self.chosen]
        return mask.box_at(self.at_s) or mask.keyframes[0]

    # -- painting ------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#1f2933"))
        if self._qimage is None:
            painter.setPen(QColor("#d9e2ec"))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("Loading…"))
            return
        painter.drawImage(self.picture_rect(), self._qimage)
        for index, mask in enumerate(self.redaction.masks):
            box = mask.box_at(self.at_s)
            if box is None:
                continue
            colour = QColor("#f0b429") if index == self.chosen else QColor("#ffffff")
            painter.setPen(QPen(colour, 2 if index == self.chosen else 1, Qt.PenStyle.DashLine))
            painter.drawRect(self._box_rect(box))
            painter.drawText(self._box_rect(box).topLeft() + QPointF(4, 14), str(index + 1))
        if self._press is not None and self._drag is not None and self._moving is None:
            painter.setPen(QPen(QColor("#f0b429"), 2))
            painter.drawRect(QRectF(self._press, self._drag).normalized())
        painter.end()

    # -- mouse and keys --------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.setFocus()
        self._press = self._drag = event.position()
        box = self.chosen_box()
        inside = box is not None and self._box_rect(box).contains(event.position())
        self._moving = box if inside else None

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._press is not None:
            self._drag = event.position()
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        press, self._press, self._drag = self._press, None, None
        moving, self._moving = self._moving, None
        if press is None:
            return
        a, b = self._to_fraction(press), self._to_fraction(event.position())
        if moving is not None:
            dx, dy = b.x() - a.x(), b.y() - a.y()
            self._emit_moved(moving, dx, dy)
            return
        x, y = min(a.x(), b.x()), min(a.y(), b.y())
        w, h = abs(a.x() - b.x()), abs(a.y() - b.y())
        if w > 0.01 and h > 0.01:
            self.drawn.emit(x, y, w, h)
        self.update()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        box = self.chosen_box()
        steps = {
            Qt.Key.Key_Left: (-NUDGE, 0.0),
            Qt.Key.Key_Right: (NUDGE, 0.0),
            Qt.Key.Key_Up: (0.0, -NUDGE),
            Qt.Key.Key_Down: (0.0, NUDGE),
        }
        step = steps.get(Qt.Key(event.key()))
        if box is None or step is None:
            super().keyPressEvent(event)
            return
        self._emit_moved(box, *step)

    def _emit_moved(self, box: Keyframe, dx: float, dy: float) -> None:
        x = min(max(0.0, box.x + dx), 1.0 - box.w)
        y = min(max(0.0, box.y + dy), 1.0 - box.h)
        self.moved.emit(x, y, box.w, box.h)
