"""A slim indeterminate bar with a line of text, for work running in a task."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QProgressBar, QVBoxLayout, QWidget

from vigdesk.ui.look import set_role


class BusyIndicator(QWidget):
    """Hidden until `start(text)`; `progress()` switches to a determinate bar."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._bar = QProgressBar()
        self._bar.setTextVisible(False)
        self._label = set_role(QLabel(), "muted")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self._label)
        layout.addWidget(self._bar)
        self.hide()

    @property
    def text(self) -> str:
        return self._label.text()

    def start(self, text: str) -> None:
        self._bar.setRange(0, 0)
        self._label.setText(text)
        self.show()

    def progress(self, fraction: float | None, text: str = "") -> None:
        if fraction is None:
            self._bar.setRange(0, 0)
        else:
            self._bar.setRange(0, 1000)
            self._bar.setValue(round(max(0.0, min(fraction, 1.0)) * 1000))
        if text:
            self._label.setText(text)

    def stop(self) -> None:
        self.hide()
