"""The body every wizard page shares: a column of cards that scrolls when it must."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QVBoxLayout, QWidget

from vigdesk.ui.widgets.wheel_guard import guard_wheel


def scrolling_cards(widgets: Sequence[QWidget], stretch_last: bool = False) -> QScrollArea:
    """`widgets` stacked with the app's spacing, in a frameless scroll area."""
    body = QWidget()
    body.setObjectName("scrollBody")
    column = QVBoxLayout(body)
    column.setContentsMargins(2, 2, 8, 2)
    column.setSpacing(14)
    for n, widget in enumerate(widgets):
        last = n == len(widgets) - 1
        column.addWidget(widget, 1 if stretch_last and last else 0)
    if not stretch_last:
        column.addStretch(1)
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setWidget(body)
    guard_wheel(body)
    return scroll
