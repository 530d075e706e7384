"""How one footage, clip or still row looks: thumbnail, kind, title, length and date,
and the principles it is labelled with as small coloured chips; before them, a red chip
for damaged footage and a grey one while its frames are being checked.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPixmap
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from vigdesk.core.ids import MediaId

ROW_H = 78
THUMB_W, THUMB_H = 88, 50
ROW_ROLE = Qt.ItemDataRole.UserRole + 1

# one soft colour per principle, in the order of the principles file
CHIP_COLOURS = ("#E3F1F2", "#FFF1DB", "#EAF3E6", "#EEE8F7", "#FDE8E4", "#E6EEF8")
CHIP_TEXT = ("#184A50", "#7A4B00", "#2F5D22", "#4B3785", "#8A2D1A", "#244B7A")
KIND_COLOURS = {"footage": "#5C6670", "clip": "#1F6F78", "still": "#7A4B00"}
NEUTRAL, WARNING = -1, -2  # chip colour indices that are not principles
_OTHER_CHIPS = {NEUTRAL: ("#EEF0F2", "#3D4650"), WARNING: ("#FBE3E0", "#9B2C1B")}


@dataclass(frozen=True)
class Row:
    """What the delegate draws for one item (built by the list from a MediaItem)."""

    media_id: MediaId
    kind: str  # "footage" | "clip" | "still"
    kind_text: str
    title: str
    meta: str
    chips: tuple[tuple[str, int], ...]  # (text, colour index); NEUTRAL, WARNING below 0
    thumb: QPixmap | None


class MediaDelegate(QStyledItemDelegate):
    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        return QSize(120, ROW_H)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        row = index.data(ROW_ROLE)
        if not isinstance(row, Row):
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(option.rect).adjusted(6, 3, -6, -3)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        hovered = bool(option.state & QStyle.StateFlag.State_MouseOver)
        if selected or hovered:
            painter.setPen(QColor("#1F6F78") if selected else Qt.PenStyle.NoPen)
            painter.setBrush(QColor("#E8F3F4") if selected else QColor("#F3F5F7"))
            painter.drawRoundedRect(rect, 8, 8)
        thumb = QRectF(
            rect.left() + 8, rect.top() + (rect.height() - THUMB_H) / 2, THUMB_W, THUMB_H
        )
        self._thumb(painter, thumb, row.thumb)
        left = thumb.right() + 12
        width = rect.right() - left - 8
        font = QFont(option.font)
        small = QFont(font)
        small.setPointSizeF(max(7.0, font.pointSizeF() * 0.86))
        bold = QFont(font)
        bold.setWeight(QFont.Weight.DemiBold)
        y = rect.top() + 8
        painter.setFont(small)
        painter.setPen(QColor(KIND_COLOURS.get(row.kind, "#5C6670")))
        small_h = QFontMetrics(small).height()
        painter.drawText(QRectF(left, y, width, small_h), row.kind_text.upper())
        y += small_h + 1
        painter.setFont(bold)
        painter.setPen(QColor("#1B1F24"))
        metrics = QFontMetrics(bold)
        painter.drawText(
            QRectF(left, y, width, metrics.height()),
            metrics.elidedText(row.title, Qt.TextElideMode.ElideRight, int(width)),
        )
        y += metrics.height() + 1
        painter.setFont(small)
        painter.setPen(QColor("#5C6670"))
        painter.drawText(QRectF(left, y, width, small_h), row.meta)
        y += small_h + 4
        self._chips(painter, small, row.chips, left, y, rect.right() - 8)
        painter.restore()

    def _thumb(self, painter: QPainter, area: QRectF, pixmap: QPixmap | None) -> None:
        path = QPainterPath()
        path.addRoundedRect(area, 6, 6)
        painter.fillPath(path, QColor("#D5DAE0"))
        if pixmap is None or pixmap.isNull():
            return
        painter.save()
        painter.setClipPath(path)
        scaled = pixmap.size().scaled(
            area.size().toSize(), Qt.AspectRatioMode.KeepAspectRatioByExpanding
        )
        target = QRectF(0, 0, scaled.width(), scaled.height())
        target.moveCenter(area.center())
        painter.drawPixmap(target.toRect(), pixmap)
        painter.restore()

    def _chips(
        self,
        painter: QPainter,
        font: QFont,
        chips: tuple[tuple[str, int], ...],
        x: float,
        y: float,
        right: float,
    ) -> None:
        metrics = QFontMetrics(font)
        height = metrics.height() + 2
        for text, colour in chips:
            width = metrics.horizontalAdvance(text) + 12
            if x + width > right:
                painter.setPen(QColor("#5C6670"))
                painter.drawText(QRectF(x, y, 20, height), Qt.AlignmentFlag.AlignVCenter, "…")
                return
            if colour >= 0:
                fill = QColor(CHIP_COLOURS[colour % len(CHIP_COLOURS)])
                ink = QColor(CHIP_TEXT[colour % len(CHIP_TEXT)])
            else:
                fill, ink = map(QColor, _OTHER_CHIPS.get(colour, _OTHER_CHIPS[NEUTRAL]))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(fill)
            painter.drawRoundedRect(QRectF(x, y, width, height), height / 2, height / 2)
            painter.setPen(ink)
            painter.drawText(QRectF(x, y, width, height), Qt.AlignmentFlag.AlignCenter, text)
            x += width + 4
