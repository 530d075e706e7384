"""A friendly placeholder: an illustration, a line and a hint, centred."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from vigdesk.ui.look import icon, set_role


class EmptyState(QWidget):
    """Shown where content will be, e.g. "No cases yet"."""

    def __init__(
        self,
        title: str,
        hint: str = "",
        picture: str = "empty-cases",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.setSpacing(10)
        layout.addStretch(1)
        art = QLabel()
        art.setPixmap(icon(picture).pixmap(88, 88))
        art.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.title = set_role(QLabel(title), "heading")
        self.title.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.hint = set_role(QLabel(hint), "muted")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.hint.setWordWrap(True)
        self.hint.setVisible(bool(hint))
        layout.addWidget(art)
        layout.addSpacing(6)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addStretch(2)
