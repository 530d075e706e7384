"""The player's marker column: the video's markers by time, the chains among them with
their gaps, and the summary figures. Clicking a marker or a chain asks to seek there.
It shows what it is given and never calls services. GUI thread only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QPushButton,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vigdesk.core.marker_chains import Chain, FootageSummary
from vigdesk.core.markers import Marker, MarkerTypes
from vigdesk.ui.look import set_role

ROLE_ID = Qt.ItemDataRole.UserRole
ROLE_AT = Qt.ItemDataRole.UserRole + 1
_CIRCLE = QColor(31, 111, 120, 40)


def clock_text(at_s: float) -> str:
    """ "0:12.40": minutes, seconds and hundredths, for a list of moments."""
    minutes, seconds = divmod(max(0.0, at_s), 60)
    return f"{int(minutes)}:{seconds:05.2f}"


class MarkerColumn(QWidget):
    """`seek_requested(at_s)` when a marker or chain is clicked or activated;
    `chain_clip_requested(chain_id)` from "Clip this chain"; `edit_requested(marker_id)`
    when a marker is double-clicked (or N is pressed in the player)."""

    seek_requested = Signal(float)
    chain_clip_requested = Signal(str)
    edit_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = self._tree([self.tr("Time"), self.tr("Type · who")])
        self.list.setAccessibleName(self.tr("Markers"))
        self.chains = self._tree([self.tr("Starts"), self.tr("Gaps between steps")])
        self.chains.setAccessibleName(self.tr("Chains"))
        self.clip_chain = QPushButton(self.tr("Clip this chain"))
        self.clip_chain.setToolTip(
            self.tr("A clip from just before the chain to just after it, with its labels")
        )
        self.clip_chain.setEnabled(False)
        self.clip_chain.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        chain_page = QWidget()
        chain_layout = QVBoxLayout(chain_page)
        chain_layout.setContentsMargins(0, 0, 0, 0)
        chain_layout.setSpacing(6)
        chain_layout.addWidget(self.chains, 1)
        chain_layout.addWidget(self.clip_chain)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.list, self.tr("Markers"))
        self.tabs.addTab(chain_page, self.tr("Chains"))
        self.summary = set_role(QLabel(), "small")
        self.summary.setWordWrap(True)
        self.hint = set_role(
            QLabel(
                self.tr(
                    "M marks this moment. 1 child's initiative, 2 adult's reception, "
                    "3 adult's response, 4 child's reception, 5 a moment. N: who and a "
                    "note. Delete removes it."
                )
            ),
            "small",
        )
        self.hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.hint)
        for tree in (self.list, self.chains):
            tree.itemClicked.connect(self._clicked)
            tree.itemActivated.connect(self._clicked)
        self.chains.currentItemChanged.connect(
            lambda row, _old: self.clip_chain.setEnabled(row is not None)
        )
        self.clip_chain.clicked.connect(self._clip_chain)
        self.list.itemDoubleClicked.connect(
            lambda row, _column: self.edit_requested.emit(str(row.data(0, ROLE_ID)))
        )
        self.setMinimumWidth(210)
        self.setMaximumWidth(250)
        self.show_markers([], (), None, None)

    def _tree(self, headers: list[str]) -> QTreeWidget:
        tree = QTreeWidget()
        tree.setHeaderLabels(headers)
        tree.setRootIsDecorated(False)
        tree.setUniformRowHeights(True)
        tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        tree.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # the keys stay with the player
        return tree

    # -- what is shown ---------------------------------------------------------------------

    def show_markers(
        self,
        markers: Sequence[Marker],
        chains: Sequence[Chain],
        summary: FootageSummary | None,
        types: MarkerTypes | None,
        describe: Callable[[str], str] = str,
    ) -> None:
        """Markers in the order given (by time), chains and the summary; keeps the
        selected marker selected when it is still there."""
        selected = self.selected_id()
        chain = self.chains.currentItem()
        chain_id = str(chain.data(0, ROLE_ID)) if chain is not None else None
        self.list.clear()
        for m in markers:
            kind = types.get(m.type) if types else None
            name = kind.name if kind else describe(m.type)
            row = QTreeWidgetItem([clock_text(m.at_s), f"{name} · {m.who}" if m.who else name])
            row.setData(0, ROLE_ID, m.id)
            row.setData(0, ROLE_AT, m.at_s)
            row.setToolTip(1, m.note or name)
            self.list.addTopLevelItem(row)
        self.chains.clear()
        for each in chains:
            row = self._chain_row(each)
            self.chains.addTopLevelItem(row)
            if each.id == chain_id:
                self.chains.setCurrentItem(row)
        for tree in (self.list, self.chains):
            tree.resizeColumnToContents(0)
        if selected is not None:
            self.select(selected)
        self.summary.setText(self._summary_text(summary))
        self.summary.setVisible(bool(markers))

    def _chain_row(self, chain: Chain) -> QTreeWidgetItem:
        times = " → ".join(clock_text(m.at_s) for m in chain.markers)
        gaps = " · ".join(f"{g:.2f}" for g in chain.gaps)
        shown = self.tr("%1 s").replace("%1", gaps) if gaps else self.tr("not received")
        row = QTreeWidgetItem([clock_text(chain.start_s), shown])
        row.setData(0, ROLE_ID, chain.id)
        row.setData(0, ROLE_AT, chain.start_s)
        row.setToolTip(0, times)
        row.setToolTip(1, times)
        if chain.completes_circle:
            row.setText(1, shown + " ✓")
            font = QFont(row.font(0))
            font.setBold(True)
            for column in (0, 1):
                row.setFont(column, font)
                row.setBackground(column, QBrush(_CIRCLE))
            row.setToolTip(1, self.tr("%1: completes the circle").replace("%1", times))
        return row

    def _summary_text(self, s: FootageSummary | None) -> str:
        if s is None or not s.markers:
            return ""

        def seconds(value: float | None) -> str:
            return "–" if value is None else self.tr("%1 s").replace("%1", f"{value:.2f}")

        return (
            self.tr("Chains %1, full circles %2. Initiatives received %3, missed %4.")
            .replace("%1", str(s.chains))
            .replace("%2", str(s.completed_circles))
            .replace("%3", str(s.initiatives_received))
            .replace("%4", str(s.initiatives_missed))
            + " "
            + self.tr("Median response %1 after the initiative.").replace(
                "%1", seconds(s.median_response_s)
            )
        )

    # -- selection ---------------------------------------------------------------------------

    def selected_id(self) -> str | None:
        row = self.list.currentItem()
        return str(row.data(0, ROLE_ID)) if row is not None else None

    def select(self, marker_id: str) -> None:
        for index in range(self.list.topLevelItemCount()):
            row = self.list.topLevelItem(index)
            if row is not None and row.data(0, ROLE_ID) == marker_id:
                self.list.setCurrentItem(row)
                self.list.scrollToItem(row)
                return

    def select_chain(self, chain_id: str) -> None:
        for index in range(self.chains.topLevelItemCount()):
            row = self.chains.topLevelItem(index)
            if row is not None and row.data(0, ROLE_ID) == chain_id:
                self.chains.setCurrentItem(row)
                return

    def _clip_chain(self) -> None:
        row = self.chains.currentItem()
        if row is not None:
            self.chain_clip_requested.emit(str(row.data(0, ROLE_ID)))

    def row_count(self) -> int:
        return self.list.topLevelItemCount()

    def _clicked(self, row: QTreeWidgetItem, _column: int = 0) -> None:
        if row.treeWidget() is self.chains:
            self.select(str(row.data(0, ROLE_ID)))
        self.seek_requested.emit(float(row.data(0, ROLE_AT)))
