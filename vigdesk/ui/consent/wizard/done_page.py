"""Wizard page 6: consent is recorded; print the record or save a copy for the family."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget, QWizardPage

from vigdesk.core.consent import Purpose
from vigdesk.services.consent_record import RecordedConsent
from vigdesk.services.session import Services
from vigdesk.ui.consent.record_panel import RecordPanel
from vigdesk.ui.consent.texts import purpose_title
from vigdesk.ui.consent.wizard.draft import Draft
from vigdesk.ui.look import mark_primary
from vigdesk.ui.tasks import TaskRunner
from vigdesk.ui.widgets.message_line import MessageLine


class DonePage(QWizardPage):
    """Shows what was recorded, and what the answers mean in practice."""

    def __init__(
        self, draft: Draft, services: Services, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._draft = draft
        self._services = services
        self._runner = runner
        self.panel: RecordPanel | None = None
        self.setTitle(self.tr("Consent recorded"))
        self.setSubTitle(
            self.tr(
                "Saved and sealed in the vault. Print a copy for the family, or save one for them."
            )
        )
        self.setFinalPage(True)
        self.summary = MessageLine()
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(10)
        self._layout.addWidget(self.summary)

    def show_result(self, result: RecordedConsent, html: str, pdf: bytes) -> None:
        snap = self._draft.snapshot
        answers = self._draft.answers
        agreed = [purpose_title(p).lower() for p in Purpose if answers[p]]
        refused = [purpose_title(p).lower() for p in Purpose if answers[p] is False]
        line = self.tr("Agreed: {agreed}.").format(agreed=", ".join(agreed) or self.tr("nothing"))
        if refused:
            line += " " + self.tr("Not agreed: {refused}.").format(refused=", ".join(refused))
        if not (answers[Purpose.FILM] and answers[Purpose.KEEP]):
            names = ", ".join(p.full_name for p in self._draft.subjects)
            line += " " + self.tr("%1 cannot be filmed on this consent.").replace("%1", names)
        self.summary.show_notice(line)
        file_name = f"consent-record-{snap.case.code}-{self._draft.given_on.isoformat()}.pdf"
        self.panel = RecordPanel(
            self._services, self._runner, snap.case.id, html, file_name, pdf=pdf
        )
        mark_primary(self.panel.print_button)
        self._layout.addWidget(self.panel, 1)

    def clear(self) -> None:
        if self.panel is not None:
            self.panel.clear()
