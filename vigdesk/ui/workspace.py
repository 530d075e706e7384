"""The main window's body: the case list on the left, the selected item on the right.

Later screens plug in with `set_case_list(widget)` and `set_detail(widget)`; until
then each slot shows a placeholder. The slots are QStackedWidgets, so a screen may
also `addWidget` several pages and switch between them.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from vigdesk.ui.look import set_role
from vigdesk.ui.widgets.empty_state import EmptyState

CASE_LIST_WIDTH = 300


class Workspace(QSplitter):
    """Two named slots in a splitter. GUI thread only."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setChildrenCollapsible(False)
        self.setHandleWidth(1)
        self.case_list_slot = QStackedWidget()
        self.detail_slot = QStackedWidget()
        self.case_list_placeholder = EmptyState(
            self.tr("No cases yet"),
            self.tr("Families you work with will be listed here."),
        )
        self.detail_placeholder = EmptyState(
            self.tr("Your vault is ready"),
            self.tr(
                "Everything you add is encrypted on this laptop. "
                "Press Ctrl+L to lock vigdesk whenever you step away."
            ),
            picture="vault-ready",
        )
        self.case_list_slot.addWidget(self.case_list_placeholder)
        self.detail_slot.addWidget(self.detail_placeholder)

        pane = set_role(QFrame(), "pane")
        pane.setMinimumWidth(240)
        layout = QVBoxLayout(pane)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        heading = set_role(QLabel(self.tr("Cases")), "heading")
        heading.setContentsMargins(20, 16, 20, 12)
        layout.addWidget(heading)
        layout.addWidget(set_role(QFrame(), "divider"))
        layout.addWidget(self.case_list_slot, 1)

        self.addWidget(pane)
        self.addWidget(self.detail_slot)
        self.setStretchFactor(0, 0)
        self.setStretchFactor(1, 1)
        self.setSizes([CASE_LIST_WIDTH, 700])

    def set_case_list(self, widget: QWidget) -> None:
        """Put the real case list in place of the placeholder (the slot takes ownership)."""
        _replace(self.case_list_slot, widget)

    def set_detail(self, widget: QWidget) -> None:
        """Show `widget` on the right, replacing what was there."""
        _replace(self.detail_slot, widget)


def _replace(slot: QStackedWidget, widget: QWidget) -> None:
    while (old := slot.widget(0)) is not None:
        slot.removeWidget(old)
        old.deleteLater()
    slot.addWidget(widget)
    slot.setCurrentWidget(widget)
