"""The status-bar indicator: office-network state, last sync, and a running sync's
progress with a Cancel button. Shows plain values handed to it; never calls services.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from vigdesk.ui.look import set_role
from vigdesk.ui.sync.state import Reach, SiteState


def local_time(stamp: str | None) -> datetime | None:
    """An ISO timestamp in local time (None when absent or unreadable)."""
    if not stamp:
        return None
    try:
        when = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when.astimezone() if when.tzinfo is not None else when


def clock_time(stamp: str | None) -> str:
    """HH:MM of an ISO timestamp in local time ("" when absent or unreadable)."""
    when = local_time(stamp)
    return when.strftime("%H:%M") if when else ""


def day_and_time(stamp: str | None) -> str:
    """ "24 Nov 2026 10:38" of an ISO timestamp, or the text as it is."""
    when = local_time(stamp)
    return f"{when.day} {when.strftime('%b %Y %H:%M')}" if when else (stamp or "")


class SyncIndicator(QWidget):
    """Emits `cancel_requested` when the user stops a running sync."""

    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncIndicator")
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 0, 12, 0)
        row.setSpacing(8)
        self.dot = set_role(QLabel("●"), "sync-dot")
        self.state_label = QLabel(self.tr("Office network: checking…"))
        self.state_label.setAccessibleName(self.tr("Office network"))
        self.last_label = set_role(QLabel(), "sync-last")
        self.progress = QProgressBar()
        self.progress.setObjectName("syncProgress")
        self.progress.setFixedWidth(110)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.cancel_button = set_role(QPushButton(self.tr("Cancel")), "sync-cancel")
        self.cancel_button.hide()
        self.cancel_button.clicked.connect(self.cancel_requested)
        for widget in (self.dot, self.state_label, self.last_label):
            row.addWidget(widget)
        row.addWidget(self.progress)
        row.addWidget(self.cancel_button)
        self.state: SiteState | None = None
        self._running = False

    def show_state(self, state: SiteState) -> None:
        self.state = state
        if self._running:
            return
        texts = {
            Reach.CONNECTED: self.tr("On the office network"),
            Reach.OFFLINE: self.tr("Not on the office network"),
            Reach.NOT_ENROLLED: self.tr("Not enrolled"),
            Reach.WAITING: self.tr("Waiting for the BSO's approval"),
            Reach.REFUSED: self.tr("Site refused: %1").replace("%1", state.reason),
        }
        metrics = QFontMetrics(self.state_label.font())
        self.state_label.setText(
            metrics.elidedText(texts[state.reach], Qt.TextElideMode.ElideRight, 240)
        )
        self.state_label.setToolTip(
            self.tr("Join the office folder from Sync › Join the office folder…")
            if state.reach is Reach.NOT_ENROLLED and not state.reason
            else state.reason or state.site_name
        )
        self.dot.setProperty("reach", state.reach.value)
        set_role(self.dot, "sync-dot")
        set_role(self.state_label, "sync-refused" if state.reach is Reach.REFUSED else "")
        self._show_last(state)

    def _show_last(self, state: SiteState) -> None:
        parts = []
        at = clock_time(state.last_sync_at)
        if at:
            parts.append(self.tr("Last sync %1").replace("%1", at))
        elif state.reach is not Reach.NOT_ENROLLED:
            parts.append(self.tr("Never synced"))
        if state.open_conflicts == 1:
            parts.append(self.tr("1 conflict to check"))
        elif state.open_conflicts:
            parts.append(self.tr("%1 conflicts to check").replace("%1", str(state.open_conflicts)))
        self.last_label.setText(" · ".join(parts))
        self.last_label.setVisible(bool(parts))

    def show_running(self, fraction: float | None, text: str) -> None:
        self._running = True
        self.state_label.setText(text or self.tr("Syncing…"))
        self.progress.show()
        self.cancel_button.show()
        self.cancel_button.setEnabled(True)
        if fraction is None:
            self.progress.setRange(0, 0)
        else:
            self.progress.setRange(0, 100)
            self.progress.setValue(round(fraction * 100))

    def show_cancelling(self) -> None:
        self.cancel_button.setEnabled(False)
        self.state_label.setText(self.tr("Stopping the sync…"))

    def show_finished(self) -> None:
        self._running = False
        self.progress.hide()
        self.cancel_button.hide()
        if self.state is not None:
            self.show_state(self.state)
