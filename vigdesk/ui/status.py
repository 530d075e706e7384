"""The main window's status bar: lock state on the left, who is signed in on the right."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QHBoxLayout, QLabel, QStatusBar, QWidget

from vigdesk.storage.vault import Profile
from vigdesk.ui.look import icon
from vigdesk.ui.roles import role_label


class StatusArea(QObject):
    """Fills a QStatusBar. Later work adds e.g. sync state with `add_permanent`."""

    def __init__(self, bar: QStatusBar, profile: Profile, idle_ms: int, demo: bool) -> None:
        super().__init__(bar)
        self._bar = bar
        lock_box = QWidget()
        row = QHBoxLayout(lock_box)
        row.setContentsMargins(10, 2, 0, 2)
        row.setSpacing(6)
        padlock = QLabel()
        padlock.setPixmap(icon("lock-open").pixmap(14, 14))
        minutes = max(1, round(idle_ms / 60000))
        self.lock_label = QLabel(self.tr("Unlocked"))
        self.lock_label.setToolTip(
            self.tr("Locks after %n min without use (Ctrl+L locks now)", "", minutes)
        )
        padlock.setToolTip(self.lock_label.toolTip())
        row.addWidget(padlock)
        row.addWidget(self.lock_label)
        bar.addWidget(lock_box)
        if demo:
            demo_label = QLabel(self.tr("Demo data"))
            demo_label.setToolTip(self.tr("Demo vault: invented families only"))
            demo_label.setContentsMargins(12, 0, 12, 0)
            bar.addPermanentWidget(demo_label)
        # Name only: the status bar is shared with sync and reminders, and must fit 1200 px.
        self.user_label = QLabel(profile.display_name)
        self.user_label.setToolTip(role_label(profile.role))
        self.user_label.setAccessibleDescription(role_label(profile.role))
        self.user_label.setContentsMargins(12, 0, 10, 0)
        self.user_label.setAccessibleName(self.tr("Signed in as"))
        bar.addPermanentWidget(self.user_label)
        bar.setSizeGripEnabled(False)

    def add_permanent(self, widget: QWidget) -> None:
        """Add a right-hand indicator, left of the ones already there (the name stays last)."""
        self._bar.insertPermanentWidget(1, widget)

    def flash(self, text: str, msecs: int = 5000) -> None:
        self._bar.showMessage(text, msecs)
