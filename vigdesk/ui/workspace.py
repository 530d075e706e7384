"""The main window's body: the case list on the left, the selected item on the right.

Later screens plug in with `set_case_list(widget)` and `set_detail(widget)`; until
then each slot shows a placeholder. The slots are QStackedWidgets, so a screen may
also `addWidget` several pages and switch between them. The case list can be hidden
(View › Case list, or the « button over it) so a small screen gives the video the width.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from vigdesk.ui.look import set_role
from vigdesk.ui.widgets.empty_state import EmptyState

# Wide enough for code, initials, status and referral date. Fixed: the list keeps its
# width whatever page is shown beside it (the review page's minimum squeezed it).
CASE_LIST_WIDTH = 390


class Workspace(QSplitter):
    """Two named slots in a splitter. GUI thread only. Emits `case_list_shown(bool)`
    when the case list is hidden or shown again."""

    case_list_shown = Signal(bool)

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
        pane.setObjectName("caseListPane")
        pane.setFixedWidth(CASE_LIST_WIDTH)
        self.pane = pane
        layout = QVBoxLayout(pane)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        heading = set_role(QLabel(self.tr("Cases")), "heading")
        self.hide_button = QToolButton()
        self.hide_button.setObjectName("hideCaseList")
        self.hide_button.setText("«")
        self.hide_button.setAutoRaise(True)
        self.hide_button.setAccessibleName(self.tr("Hide the case list"))
        self.hide_button.setToolTip(self.tr("Hide the case list (View › Case list brings it back)"))
        self.hide_button.clicked.connect(lambda: self.show_case_list(False))
        top = QHBoxLayout()
        top.setContentsMargins(20, 16, 12, 12)
        top.addWidget(heading, 1)
        top.addWidget(self.hide_button)
        layout.addLayout(top)
        layout.addWidget(set_role(QFrame(), "divider"))
        layout.addWidget(self.case_list_slot, 1)

        self.addWidget(pane)
        self.addWidget(self.detail_slot)
        self.setStretchFactor(0, 0)
        self.setStretchFactor(1, 1)
        self.setSizes([CASE_LIST_WIDTH, 700])

    def show_case_list(self, shown: bool) -> None:
        """Hide the case list (the detail takes its width) or show it at its old width."""
        if shown == self.case_list_visible():
            return
        focused = QApplication.focusWidget()
        had_focus = focused is not None and self.pane.isAncestorOf(focused)
        self.pane.setVisible(shown)
        if had_focus:
            self.detail_slot.setFocus(Qt.FocusReason.OtherFocusReason)
            self.detail_slot.focusNextChild()
        self.case_list_shown.emit(shown)

    def case_list_visible(self) -> bool:
        return not self.pane.isHidden()

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
