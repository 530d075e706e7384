"""A consent record already given, as it stands today (with any withdrawals since).

Rebuilt from the stored records and the sealed signature in a task (audited reads);
the PDF sealed at signing stays in the vault as the original.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from vigdesk.core.ids import CaseId
from vigdesk.services.consent_record import ConsentRecordService
from vigdesk.services.consent_record_html import record_html
from vigdesk.ui.consent.record_panel import RecordPanel
from vigdesk.ui.context import MainContext
from vigdesk.ui.failures import Failure
from vigdesk.ui.look import set_role
from vigdesk.ui.tasks import TaskContext
from vigdesk.ui.widgets.busy import BusyIndicator
from vigdesk.ui.widgets.message_line import MessageLine


class RecordDialog(QDialog):
    """Loads on creation; `panel` is set once the record is shown."""

    def __init__(
        self,
        ctx: MainContext,
        case_id: CaseId,
        consent_ids: list[str],
        sealed: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._case_id = case_id
        self.panel: RecordPanel | None = None
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("Consent record"))
        self.resize(760, 620)  # fits a 1280×720 laptop
        note = (
            self.tr(
                "As it stands today. The original, sealed when it was signed, is kept in the vault."
            )
            if sealed
            else self.tr("As it stands today, rebuilt from the consent records.")
        )
        self.note = set_role(QLabel(note), "muted")
        self.note.setWordWrap(True)
        self.busy = BusyIndicator()
        self.message = MessageLine()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(24, 20, 24, 18)
        self._layout.setSpacing(12)
        self._layout.addWidget(set_role(QLabel(self.tr("Consent record")), "title"))
        self._layout.addWidget(self.note)
        self._layout.addWidget(self.busy)
        self._layout.addWidget(self.message)
        self._layout.addWidget(buttons)
        ctx.events.vault_locked.connect(self._drop)
        self.busy.start(self.tr("Opening the consent record…"))
        retention = ctx.services.retention
        records = ConsentRecordService(
            ctx.services.ctx, ctx.services.consent, lambda: retention.policy
        )
        ids = list(consent_ids)

        def work(_: TaskContext) -> tuple[str, str]:
            facts = records.stored_facts(case_id, ids)
            name = f"consent-record-{facts.case_code}-{facts.given_on.isoformat()}.pdf"
            return record_html(facts), name

        ctx.runner.run(work, on_success=self._loaded, on_failure=self._failed, owner=self)

    def _loaded(self, result: tuple[str, str]) -> None:
        html, name = result
        self.busy.stop()
        self.panel = RecordPanel(self._ctx.services, self._ctx.runner, self._case_id, html, name)
        self._layout.insertWidget(2, self.panel, 1)

    def _failed(self, failure: Failure) -> None:
        self.busy.stop()
        self.message.show_error(failure.message)

    def _drop(self) -> None:
        if self.panel is not None:
            self.panel.clear()
        self.close()
