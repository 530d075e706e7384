"""Wizard page 5: the consent record as it will be kept; "Record consent" saves it.

Saving renders the record to PDF (GUI thread), then one serial task records the
consents and seals the PDF together (`ConsentRecordService.record`).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget, QWizard, QWizardPage

from vigdesk.core.changes import Changed
from vigdesk.render.pdf import html_to_pdf
from vigdesk.services.consent_record import (
    ConsentRecordService,
    RecordedConsent,
    facts_for_request,
)
from vigdesk.services.consent_record_html import record_html
from vigdesk.services.session import Services
from vigdesk.ui.consent.wizard.draft import Draft
from vigdesk.ui.failures import Failure
from vigdesk.ui.tasks import TaskContext, TaskRunner
from vigdesk.ui.widgets.busy import BusyIndicator
from vigdesk.ui.widgets.message_line import MessageLine


class SummaryPage(QWizardPage):
    """Emits `recorded(RecordedConsent)` once the consents and their record are saved."""

    recorded = Signal(object)

    def __init__(
        self,
        draft: Draft,
        services: Services,
        runner: TaskRunner,
        recorded_by: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._draft = draft
        self._services = services
        self._runner = runner
        self._recorded_by = recorded_by
        self._saving = False
        self.outcome: RecordedConsent | None = None
        self.html = ""
        self.pdf = b""
        self.setTitle(self.tr("Check and record"))
        self.setSubTitle(
            self.tr(
                "This is the record that will be kept. Nothing is saved until you press "
                "Record consent."
            )
        )
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("&Record consent"))
        self.preview = QTextBrowser()
        self.preview.setAccessibleName(self.tr("The consent record"))
        self.message = MessageLine()
        self.busy = BusyIndicator()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.busy)

    def initializePage(self) -> None:
        snap = self._draft.snapshot
        facts = facts_for_request(
            self._draft.request(), snap.case.code, snap.people, self._recorded_by, snap.policy
        )
        self.html = record_html(facts)
        self.preview.setHtml(self.html)
        self.message.clear_message()

    def validatePage(self) -> bool:
        if self.outcome is not None:
            return True
        if not self._saving:
            self.save()
        return False

    def isComplete(self) -> bool:
        return not self._saving

    def save(self) -> None:
        """Render the PDF and record everything in one serial task."""
        self._saving = True
        self.completeChanged.emit()
        self.message.clear_message()
        self.busy.start(self.tr("Recording consent and sealing the record…"))
        self.pdf = html_to_pdf(self.html, self.tr("Consent record"))
        request, pdf, by = self._draft.request(), self.pdf, self._recorded_by
        records = ConsentRecordService(self._services.ctx, self._services.consent)

        def work(_: TaskContext) -> RecordedConsent:
            return records.record(request, pdf, by)

        self._runner.run(
            work,
            on_success=self._saved,
            on_failure=self._failed,
            serial=True,
            changes={Changed.CONSENT},
            owner=self,
        )

    def _saved(self, result: RecordedConsent) -> None:
        self.busy.stop()
        self.outcome = result
        self._saving = False
        self.recorded.emit(result)
        self.completeChanged.emit()
        self.wizard().next()

    def _failed(self, failure: Failure) -> None:
        self.busy.stop()
        self._saving = False
        self.message.show_error(failure.message)
        self.completeChanged.emit()

    def clear(self) -> None:
        self.html, self.pdf = "", b""
        self.preview.clear()
