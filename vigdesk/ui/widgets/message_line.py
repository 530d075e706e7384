"""One line that shows an error or a notice under a form, or nothing."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from vigdesk.ui.look import set_role


class MessageLine(QFrame):
    """Hidden until told to show an error or a notice; read by screen readers.

    A framed box around a plain label: a word-wrapped QLabel with stylesheet padding
    miscomputes its height, a layout margin does not.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 7, 10, 7)
        layout.addWidget(self.label)
        self.hide()

    def text(self) -> str:
        return self.label.text()

    def show_error(self, text: str) -> None:
        self._show(text, "error")

    def show_notice(self, text: str) -> None:
        self._show(text, "notice")

    @property
    def kind(self) -> str | None:
        """ "error", "notice", or None while hidden."""
        role = self.property("role")
        return str(role) if not self.isHidden() and role else None

    def clear_message(self) -> None:
        self.label.clear()
        self.hide()

    def _show(self, text: str, role: str) -> None:
        set_role(self, role)
        for child in (self, self.label):
            child.style().unpolish(child)
            child.style().polish(child)
        self.label.setText(text)
        self.setAccessibleName(text)
        self.show()
        grow_to_fit(self.window())


def grow_to_fit(window: QWidget) -> None:
    """Make a top-level window tall enough for its layout at its current width.

    Qt sizes a window by its layout's minimum, which ignores word-wrapped labels' height
    for the width: a window that gains a line (an error under a form) then squeezes its
    fields over each other. Grows at most to the screen's free height; never shrinks.
    """
    layout = window.layout()
    if layout is None or not window.isWindow():
        return
    layout.activate()
    width = window.width()
    needed = (
        layout.totalHeightForWidth(width)
        if layout.hasHeightForWidth()
        else layout.totalSizeHint().height()
    )
    screen = window.screen()
    if screen is not None:
        needed = min(needed, screen.availableGeometry().height())
    if needed > window.height():
        window.setMinimumHeight(max(window.minimumHeight(), needed))
        window.resize(width, needed)
