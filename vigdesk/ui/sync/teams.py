"""Sync › Case teams… for practitioners and trainees: who works with each family they
hold, read-only (the BSO assigns in the site console)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from vigdesk.ui.context import MainContext
from vigdesk.ui.look import set_role
from vigdesk.ui.sync.assignments import AssignmentsTab


class CaseTeamsDialog(QDialog):
    def __init__(self, ctx: MainContext, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("syncConsole")  # the console's look
        self.setWindowTitle(self.tr("Case teams"))
        self.resize(860, 500)
        title = set_role(QLabel(self.tr("Who works with your families")), "title")
        self.teams = AssignmentsTab(ctx, editable=False)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        col = QVBoxLayout(self)
        col.setContentsMargins(24, 20, 24, 16)
        col.setSpacing(6)
        col.addWidget(title)
        col.addWidget(self.teams, 1)
        col.addWidget(close)
        ctx.events.vault_locked.connect(self.reject)
        self.teams.reload()
