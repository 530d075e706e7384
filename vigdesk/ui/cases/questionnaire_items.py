"""One questionnaire item as a focusable card of big option rows, driven by the keyboard.

Keys on a focused card: a number picks the option with that value ("1" then "0"
quickly for 10), Up/Down move between options, Enter goes to the next item.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QButtonGroup, QFrame, QHBoxLayout, QLabel, QRadioButton, QVBoxLayout

from vigdesk.core.questionnaires import Item, Option
from vigdesk.ui.look import set_role

_TYPEAHEAD_MS = 700


def option_text(option: Option) -> str:
    """The label, led by its value unless the label already starts with it."""
    label = option.label
    if label.split(" ", 1)[0].strip(".-") == str(option.value):
        return label
    return f"{option.value}  ·  {label}"


class ItemCard(QFrame):
    """Emits `answered(item_id)` when an option is picked and `next_requested` on Enter."""

    answered = Signal(str)
    next_requested = Signal()

    def __init__(self, number: int, item: Item) -> None:
        super().__init__()
        set_role(self, "cases-item")
        self.item = item
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        required = self.tr("cases-required") if item.required else self.tr("optional")
        self.setAccessibleName(f"{number}. {item.text} ({required})")
        self._typed = ""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(_TYPEAHEAD_MS)
        self._timer.timeout.connect(self._forget_typed)

        title_row = QHBoxLayout()
        title_row.setSpacing(8)
        text = set_role(QLabel(f"{number}.  {item.text}"), "cases-item-text")
        text.setWordWrap(True)
        title_row.addWidget(text, 1)
        if item.required:
            mark = set_role(QLabel(self.tr("Required")), "cases-required")
            mark.setToolTip(self.tr("This item needs an answer."))
            title_row.addWidget(mark, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.setSpacing(6)
        layout.addLayout(title_row)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        columns = 2 if len(item.options) > 6 else 1
        grid = QHBoxLayout()
        grid.setSpacing(6)
        holders = [QVBoxLayout() for _ in range(columns)]
        per_column = -(-len(item.options) // columns)
        for n, option in enumerate(item.options):
            radio = set_role(QRadioButton(option_text(option)), "cases-option")
            radio.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self.group.addButton(radio, n)
            holders[n // per_column].addWidget(radio)
        for holder in holders:
            holder.setSpacing(6)
            holder.addStretch(1)
            grid.addLayout(holder, 1)
        layout.addLayout(grid)
        self.group.idClicked.connect(self._clicked)

    @property
    def value(self) -> int | None:
        picked = self.group.checkedId()
        return None if picked < 0 else self.item.options[picked].value

    def set_value(self, value: int) -> bool:
        for n, option in enumerate(self.item.options):
            if option.value == value:
                button = self.group.button(n)
                button.setChecked(True)
                self.answered.emit(self.item.id)
                return True
        return False

    def clear(self) -> None:
        self.group.setExclusive(False)
        for button in self.group.buttons():
            button.setChecked(False)
        self.group.setExclusive(True)

    def _clicked(self, n: int) -> None:
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        self.answered.emit(self.item.id)

    def _forget_typed(self) -> None:
        self._typed = ""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = Qt.Key(event.key())
        text = event.text()
        if text.isdigit() and len(text) == 1:
            typed = self._typed + text
            if not any(o.value == int(typed) for o in self.item.options):
                typed = text
            self._typed = typed
            self._timer.start()
            self.set_value(int(typed))
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.next_requested.emit()
            return
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            step = -1 if key == Qt.Key.Key_Up else 1
            current = self.group.checkedId()
            target = 0 if current < 0 else max(0, min(len(self.item.options) - 1, current + step))
            self.set_value(self.item.options[target].value)
            return
        super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        super().mousePressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        self.setProperty("current", True)
        self.style().unpolish(self)
        self.style().polish(self)
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.setProperty("current", False)
        self.style().unpolish(self)
        self.style().polish(self)
        super().focusOutEvent(event)
