"""The page scaffold of the start screens: a centred column of cards that scrolls."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from vigdesk.ui.look import icon, set_role


class CentredPage(QWidget):
    """A window body whose `column` (a QVBoxLayout) is centred and at most `width` wide."""

    def __init__(self, width: int = 620, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        body = QWidget()
        body.setObjectName("scrollBody")
        holder = QWidget()
        holder.setMaximumWidth(width)
        self.column = QVBoxLayout(holder)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.setSpacing(16)
        row = QHBoxLayout(body)
        row.setContentsMargins(32, 32, 32, 32)
        row.addStretch(1)
        row.addWidget(holder, 100)
        row.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)


def header(title: str, subtitle: str, icon_size: int = 52) -> QWidget:
    """The app icon beside a title and a muted subtitle."""
    box = QWidget()
    layout = QHBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 8)
    layout.setSpacing(16)
    mark = QLabel()
    mark.setPixmap(icon("vigdesk").pixmap(icon_size, icon_size))
    mark.setAlignment(Qt.AlignmentFlag.AlignTop)
    texts = QVBoxLayout()
    texts.setSpacing(4)
    heading = set_role(QLabel(title), "title")
    heading.setAccessibleName(title)
    sub = set_role(QLabel(subtitle), "muted")
    sub.setWordWrap(True)
    texts.addWidget(heading)
    texts.addWidget(sub)
    layout.addWidget(mark)
    layout.addLayout(texts, 1)
    return box


def card(title: str = "", intro: str = "") -> tuple[QFrame, QVBoxLayout]:
    """A white rounded card with an optional heading and intro; add content to the layout."""
    frame = set_role(QFrame(), "card")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(24, 20, 24, 24)
    layout.setSpacing(14)
    if title:
        layout.addWidget(set_role(QLabel(title), "heading"))
    if intro:
        text = set_role(QLabel(intro), "muted")
        text.setWordWrap(True)
        layout.addWidget(text)
    return frame, layout
