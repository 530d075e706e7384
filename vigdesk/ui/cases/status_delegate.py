"""Paints a case's status as a small rounded chip in the list."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from vigdesk.ui.models.case_list import STATUS_ROLE

# (background, text) per status; the same colours as the case page's chip (vigdesk.qss).
CHIP_COLOURS = {
    "referred": ("#FFF4E0", "#8A5A00"),
    "active": ("#E2F2EF", "#17625A"),
    "closed": ("#ECEEF1", "#4F5863"),
}


class StatusDelegate(QStyledItemDelegate):
    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        self.initStyleOption(option, index)
        text = option.text
        option.text = ""
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        background, foreground = CHIP_COLOURS.get(
            str(index.data(STATUS_ROLE)), CHIP_COLOURS["closed"]
        )
        metrics = QFontMetrics(option.font)
        rect = option.rect
        width = metrics.horizontalAdvance(text) + 16
        height = metrics.height() + 6
        chip = QRectF(rect.left() + 6, rect.center().y() - height / 2 + 1, width, height)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(background))
        painter.drawRoundedRect(chip, height / 2, height / 2)
        painter.setPen(QColor(foreground))
        painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()
