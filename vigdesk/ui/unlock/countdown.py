"""A live countdown for the unlock backoff (`UnlockBackoff.seconds`)."""

from __future__ import annotations

import math
import time

from PySide6.QtCore import QObject, QTimer, Signal

TICK_MS = 200


class Countdown(QObject):
    """`ticked(seconds_left)` about five times a second, then `finished()`. GUI thread."""

    ticked = Signal(int)
    finished = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._deadline = 0.0
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def start(self, seconds: float) -> None:
        self._deadline = time.monotonic() + max(0.0, seconds)
        self._timer.start()
        self._tick()

    def stop(self) -> None:
        self._timer.stop()

    def seconds_left(self) -> int:
        return max(0, math.ceil(self._deadline - time.monotonic()))

    def _tick(self) -> None:
        left = self._deadline - time.monotonic()
        if left <= 0:
            self._timer.stop()
            self.finished.emit()
            return
        self.ticked.emit(math.ceil(left))


def format_wait(seconds: int) -> str:
    """`42 s`, `2 min 05 s`: short and unambiguous."""
    if seconds < 60:
        return f"{seconds} s"
    minutes, rest = divmod(seconds, 60)
    return f"{minutes} min {rest:02d} s"
