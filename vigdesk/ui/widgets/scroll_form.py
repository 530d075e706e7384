"""A long form that scrolls inside its dialog, so the dialog fits a 1280×720 laptop.

`ScrollForm(body)` asks for the body's full width and at most `max_height` pixels of
height; the dialog around it keeps its title and buttons on screen and grows only
when the user makes it bigger. The wheel scrolls the form without changing the combo
boxes and spin boxes it passes over (see wheel_guard.py). GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QStyle, QWidget

from vigdesk.ui.widgets.wheel_guard import guard_wheel

# A 1280×720 screen leaves about 640 px inside a dialog (taskbar and title bar off);
# titles, messages and buttons take the rest of the dialog's height.
FORM_MAX_HEIGHT = 400


class ScrollForm(QScrollArea):
    def __init__(
        self, body: QWidget, max_height: int = FORM_MAX_HEIGHT, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._max_height = max_height
        body.setObjectName(body.objectName() or "scrollBody")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidget(body)
        guard_wheel(body)

    def _bar(self) -> int:
        return self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self)

    def sizeHint(self) -> QSize:
        body = self.widget()
        if body is None:
            return super().sizeHint()
        width = body.sizeHint().width() + self._bar()
        layout = body.layout()
        if layout is not None and layout.hasHeightForWidth():
            height = layout.totalHeightForWidth(width - self._bar())
        else:
            height = body.sizeHint().height()
        return QSize(width, min(height, self._max_height))

    def minimumSizeHint(self) -> QSize:
        body = self.widget()
        if body is None:
            return super().minimumSizeHint()
        return QSize(body.minimumSizeHint().width() + self._bar(), 120)
