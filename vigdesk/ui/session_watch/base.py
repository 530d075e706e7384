"""The session-watch interface, which is also the null implementation."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class SessionWatch(QObject):
    """Emits `session_locked` when the OS locks the screen or is about to sleep.

    Subclasses override `start`/`stop`; this base watches nothing (the null watch).
    GUI thread only. `start` returns whether any source is being watched.
    """

    session_locked = Signal()

    def start(self) -> bool:
        return False

    def stop(self) -> None:
        return None
