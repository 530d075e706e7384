"""The wizard's left-hand list of steps: done, current, still to come."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from vigdesk.ui.look import set_role


class StepsPanel(QFrame):
    """`show_step(n)` marks steps before n done and step n current (0-based)."""

    def __init__(self, titles: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_role(self, "consent-steps")
        self.setFixedWidth(210)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 22, 14, 18)
        layout.setSpacing(6)
        heading = set_role(QLabel(self.tr("Consent")), "consent-steps-heading")
        layout.addWidget(heading)
        layout.addSpacing(8)
        self._titles = list(titles)
        self.labels: list[QLabel] = []
        for title in titles:
            label = QLabel(title)
            label.setWordWrap(True)
            layout.addWidget(label)
            self.labels.append(label)
        layout.addStretch(1)
        self.note = set_role(QLabel(), "small")
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.show_step(0)

    def show_step(self, current: int) -> None:
        for n, label in enumerate(self.labels):
            state = "done" if n < current else "current" if n == current else "todo"
            marker = "✓" if state == "done" else str(n + 1)
            label.setText(f"{marker}   {self._titles[n]}")
            label.setProperty("step", state)
            set_role(label, "consent-step")
            label.setAccessibleDescription(
                {"done": self.tr("done"), "current": self.tr("current step"), "todo": ""}[state]
            )
