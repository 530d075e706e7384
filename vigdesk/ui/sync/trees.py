"""The flat lists of the site console: one look for every tab."""

from __future__ import annotations

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem

MUTED = QColor("#8A939D")
PROBLEM = QColor("#B42318")


def console_tree(headers: list[str], widths: tuple[int, ...]) -> QTreeWidget:
    """A flat list with alternating rows; not sortable, as the order means something
    (members before removed members)."""
    tree = QTreeWidget()
    tree.setHeaderLabels(headers)
    tree.setRootIsDecorated(False)
    tree.setAlternatingRowColors(True)
    tree.setUniformRowHeights(True)
    for column, width in enumerate(widths):
        tree.setColumnWidth(column, width)
    return tree


def muted_row(texts: list[str]) -> QTreeWidgetItem:
    """A row that is shown for the record but cannot be acted on."""
    item = QTreeWidgetItem(texts)
    for column in range(len(texts)):
        item.setForeground(column, QBrush(MUTED))
    return item


def mark_problem(item: QTreeWidgetItem, column: int) -> None:
    item.setForeground(column, QBrush(PROBLEM))
