"""Pieces of the retention dashboard: figure tiles and the case chooser with its actions."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vigdesk.core.ids import CaseId
from vigdesk.ui.look import set_role
from vigdesk.ui.records.snapshots import CaseChoice, RetentionSnapshot
from vigdesk.ui.records.tables import RecordsTable


class FigureTile(QFrame):
    """A big number over a caption, e.g. "2 / Overdue"; `alert` tints a non-zero number."""

    def __init__(self, caption: str, alert: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_role(self, "records-tile")
        self._alert = alert
        self.figure = set_role(QLabel("–"), "records-figure")
        self.caption = set_role(QLabel(caption), "muted")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.setSpacing(2)
        layout.addWidget(self.figure)
        layout.addWidget(self.caption)
        self.setAccessibleName(caption)

    @property
    def value(self) -> int:
        text = self.figure.text()
        return int(text) if text.isdigit() else -1

    def set_value(self, value: int) -> None:
        self.figure.setText(str(value))
        set_role(self.figure, "records-figure-alert" if self._alert and value else "records-figure")
        self.setAccessibleDescription(str(value))


class CaseBar(QFrame):
    """Choose "All cases" or one case (code and initials only) and act on it.

    Emits `case_chosen(case_id)` ("" for all cases).
    """

    case_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_role(self, "card")
        self.combo = QComboBox()
        self.combo.setMinimumWidth(260)
        self.combo.setAccessibleName(self.tr("Case"))
        self.hold_button = QPushButton(self.tr("Place legal &hold…"))
        self.release_button = QPushButton(self.tr("&Release hold"))
        self.sar_button = QPushButton(self.tr("Subject &access…"))
        self.erase_button = QPushButton(self.tr("&Erasure request…"))
        self.hint = set_role(QLabel(), "small")
        self.hint.setWordWrap(True)

        top = QHBoxLayout()
        top.setSpacing(10)
        label = QLabel(self.tr("&Case"))
        label.setBuddy(self.combo)
        top.addWidget(label)
        top.addWidget(self.combo, 1)
        actions = QHBoxLayout()
        actions.setSpacing(8)
        for button in (self.hold_button, self.release_button, self.sar_button, self.erase_button):
            actions.addWidget(button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addLayout(actions)
        layout.addWidget(self.hint)
        self.combo.currentIndexChanged.connect(lambda _: self.case_chosen.emit(self.case_id()))

    def case_id(self) -> str:
        return str(self.combo.currentData() or "")

    def choice(self, snapshot: RetentionSnapshot | None) -> CaseChoice | None:
        wanted = self.case_id()
        cases = snapshot.cases if snapshot is not None else []
        return next((c for c in cases if c.id == wanted), None)

    def set_cases(self, cases: list[CaseChoice], keep: str) -> None:
        """Refill without emitting, keeping `keep` selected if it still exists."""
        self.combo.blockSignals(True)
        self.combo.clear()
        self.combo.addItem(self.tr("All cases"), "")
        for case in cases:
            status = case.status.value
            self.combo.addItem(f"{case.code} · {case.initials} · {status}", case.id)
        index = self.combo.findData(keep) if keep else 0
        self.combo.setCurrentIndex(max(index, 0))
        self.combo.blockSignals(False)

    def select(self, case_id: CaseId) -> bool:
        index = self.combo.findData(case_id)
        if index >= 0:
            self.combo.setCurrentIndex(index)
        return index >= 0

    def update_actions(self, case: CaseChoice | None, held: bool, busy: bool) -> None:
        chosen = case is not None and not busy
        self.hold_button.setEnabled(chosen and not held)
        self.release_button.setEnabled(chosen and held)
        self.sar_button.setEnabled(chosen)
        self.erase_button.setEnabled(chosen)
        if case is None:
            self.hint.setText(
                self.tr(
                    "Choose a case to place or release a legal hold, make a subject access "
                    "copy or record an erasure request."
                )
            )
        elif held:
            self.hint.setText(self.tr("This case is on legal hold: nothing in it is deleted."))
        else:
            self.hint.setText("")
        self.hint.setVisible(bool(self.hint.text()))


SECTION_HEADING = "sectionHeading"


def section_card(title: str, table: RecordsTable, empty: QLabel) -> QFrame:
    """A card with a heading, a table, and the line shown instead when it is empty."""
    frame = set_role(QFrame(), "card")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(18, 14, 18, 16)
    layout.setSpacing(10)
    heading = set_role(QLabel(title), "heading")
    heading.setObjectName(SECTION_HEADING)
    layout.addWidget(heading)
    layout.addWidget(table, 1)
    layout.addWidget(empty)
    return frame
