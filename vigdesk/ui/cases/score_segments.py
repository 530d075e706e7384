"""A 0–10 segmented control: eleven joined buttons, also driven by number keys."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QPushButton, QWidget

from vigdesk.core.sessions import RATING_MAX, RATING_MIN
from vigdesk.ui.look import set_role

_TYPEAHEAD_MS = 700


class ScoreSegments(QWidget):
    """Emits `score_changed(int)`; `score` is None until one is picked.

    Keys: a digit picks that score ("1" then "0" quickly picks 10); Left/Right step.
    """

    score_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(self.tr("Rating from 0 to 10"))
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        self._typed = ""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(_TYPEAHEAD_MS)
        self._timer.timeout.connect(self._forget_typed)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        for value in range(RATING_MIN, RATING_MAX + 1):
            button = set_role(QPushButton(str(value)), "cases-segment")
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setMinimumWidth(34)
            edge = "first" if value == RATING_MIN else "last" if value == RATING_MAX else "mid"
            button.setProperty("edge", edge)
            self._group.addButton(button, value)
            row.addWidget(button)
        self._group.idClicked.connect(self._picked)

    @property
    def score(self) -> int | None:
        picked = self._group.checkedId()
        return None if picked < 0 else picked

    def set_score(self, value: int) -> None:
        button = self._group.button(value)
        if button is not None:
            button.setChecked(True)
            self.setAccessibleDescription(str(value))
            self.score_changed.emit(value)

    def _picked(self, value: int) -> None:
        self.setFocus()
        self.set_score(value)

    def _forget_typed(self) -> None:
        self._typed = ""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        if text.isdigit() and len(text) == 1:
            typed = self._typed + text
            if not RATING_MIN <= int(typed) <= RATING_MAX:
                typed = text
            self._typed = typed
            self._timer.start()
            self.set_score(int(typed))
            return
        step = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1}.get(Qt.Key(event.key()))
        if step is not None:
            current = self.score
            start = (RATING_MIN if step > 0 else RATING_MAX) if current is None else current
            target = start if current is None else current + step
            self.set_score(max(RATING_MIN, min(RATING_MAX, target)))
            return
        super().keyPressEvent(event)
