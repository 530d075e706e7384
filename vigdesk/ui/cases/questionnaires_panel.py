"""The questionnaires recorded for a case, and the way in to record another."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QPushButton, QTableView

from vigdesk.ui.cases.snapshot import CaseSnapshot
from vigdesk.ui.cases.tab_page import TabPage
from vigdesk.ui.look import mark_primary
from vigdesk.ui.models.administrations import AdminColumn, AdministrationModel


class QuestionnairesPanel(TabPage):
    """Emits `record_clicked`."""

    record_clicked = Signal()

    def __init__(self) -> None:
        super().__init__(
            self.tr("Questionnaires at baseline, mid-way and at the end show what changed."),
            self.tr("No questionnaires yet"),
            self.tr("Record one at baseline, before the first filming."),
        )
        self.record_button = mark_primary(QPushButton(self.tr("Record &questionnaire…")))
        self.toolbar.addWidget(self.record_button)
        self.record_button.clicked.connect(self.record_clicked)
        self.model = AdministrationModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setObjectName("caseTable")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(34)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(AdminColumn.INSTRUMENT, QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.stack.insertWidget(0, self.table)
        self.stack.removeWidget(self.scroll_area)

    def show_snapshot(self, snap: CaseSnapshot, editable: bool) -> None:
        self.record_button.setEnabled(editable and bool(snap.adults))
        self.record_button.setToolTip(
            "" if snap.adults else self.tr("Add an adult of the family first.")
        )
        self.model.set_administrations(snap.administrations, snap.instruments, snap.people)
        self.stack.setCurrentWidget(self.table if snap.administrations else self.empty)
