"""The frame of each case tab: a toolbar line, then cards in a scroll area, or an empty state."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from vigdesk.ui.look import set_role
from vigdesk.ui.widgets.empty_state import EmptyState


class TabPage(QWidget):
    """`toolbar` takes buttons; `set_cards(widgets)` shows them, or the empty state."""

    def __init__(self, intro: str, empty_title: str, empty_hint: str) -> None:
        super().__init__()
        self.intro = set_role(QLabel(intro), "muted")
        self.intro.setWordWrap(True)
        self.toolbar = QHBoxLayout()
        self.toolbar.setSpacing(8)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.intro, 1)
        top.addLayout(self.toolbar)

        self.empty = EmptyState(empty_title, empty_hint)
        body = QWidget()
        body.setObjectName("scrollBody")
        self.cards = QVBoxLayout(body)
        self.cards.setContentsMargins(0, 0, 6, 0)
        self.cards.setSpacing(12)
        self.cards.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        self.scroll_area = scroll
        self.stack = QStackedWidget()
        self.stack.addWidget(scroll)
        self.stack.addWidget(self.empty)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(14)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)

    def set_cards(self, widgets: list[QWidget]) -> None:
        while self.cards.count() > 1:
            item = self.cards.takeAt(0)
            if item is not None and (old := item.widget()) is not None:
                old.deleteLater()
        for n, widget in enumerate(widgets):
            self.cards.insertWidget(n, widget)
        self.stack.setCurrentWidget(self.scroll_area if widgets else self.empty)

    def card_widgets(self) -> list[QWidget]:
        found = []
        for n in range(self.cards.count()):
            item = self.cards.itemAt(n)
            if item is not None and (widget := item.widget()) is not None:
                found.append(widget)
        return found
