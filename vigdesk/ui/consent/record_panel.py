"""A consent record on screen, with "Print…" and "Save a copy for the family…".

Used at the end of the wizard and from the register. The preview is the same HTML the
PDF is made from; copies are audited by the consent-record service.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from vigdesk.core.ids import CaseId
from vigdesk.render.pdf import html_to_pdf
from vigdesk.services.consent_record import ConsentRecordService
from vigdesk.services.session import Services
from vigdesk.ui.consent.files import choose_file_to_save
from vigdesk.ui.consent.printing import open_print_dialog
from vigdesk.ui.failures import Failure
from vigdesk.ui.tasks import TaskContext, TaskRunner
from vigdesk.ui.widgets.message_line import MessageLine


class RecordPanel(QWidget):
    """Shows one record. `pdf` may be given (the sealed one) or is rendered from `html`."""

    def __init__(
        self,
        services: Services,
        runner: TaskRunner,
        case_id: CaseId,
        html: str,
        file_name: str,
        pdf: bytes | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._runner = runner
        self._case_id = case_id
        self.html = html
        self._pdf = pdf
        self._file_name = file_name
        self.preview = QTextBrowser()
        self.preview.setOpenLinks(False)
        self.preview.setHtml(html)
        self.preview.setAccessibleName(self.tr("Consent record"))
        self.print_button = QPushButton(self.tr("&Print…"))
        self.save_button = QPushButton(self.tr("&Save a copy for the family…"))
        self.message = MessageLine()
        buttons = QHBoxLayout()
        buttons.setSpacing(10)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.print_button.clicked.connect(self.print_record)
        self.save_button.clicked.connect(self.ask_to_save)

    def pdf(self) -> bytes:
        """The record as PDF bytes (rendered once, in memory)."""
        if self._pdf is None:
            self._pdf = html_to_pdf(self.html, self.tr("Consent record"))
        return self._pdf

    def clear(self) -> None:
        """Drop the record from memory and screen (the vault is locking)."""
        self.html = ""
        self._pdf = None
        self.preview.clear()

    # -- print -------------------------------------------------------------------------

    def print_record(self) -> QWidget:
        return open_print_dialog(
            self, self.html, self.tr("Consent record"), self._printed, self._print_refused
        )

    def _printed(self) -> None:
        records = self._service()
        case_id = self._case_id
        self._runner.run(
            lambda _: records.note_printed(case_id), on_success=lambda _: None, serial=True
        )
        self.message.show_notice(self.tr("Sent to the printer."))

    def _print_refused(self) -> None:
        self.message.show_error(
            self.tr(
                "vigdesk prints consent records on paper only. To give the family a file, "
                "use “Save a copy for the family…”."
            )
        )

    # -- save a copy -------------------------------------------------------------------

    def ask_to_save(self) -> QMessageBox:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Save a copy for the family"))
        box.setText(self.tr("The saved copy is not encrypted."))
        box.setInformativeText(
            self.tr(
                "Save it only where the family will take it with them, such as their own USB "
                "stick, and not on this laptop or a shared drive. The vault keeps the "
                "original; vigdesk records that a copy was made."
            )
        )
        choose = box.addButton(self.tr("Choose where to save…"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(lambda button: self._choose_file() if button is choose else None)
        box.open()
        return box

    def _choose_file(self) -> None:
        choose_file_to_save(
            self,
            self.tr("Save a copy for the family"),
            self._file_name,
            self.tr("PDF documents (*.pdf)"),
            self.save_to,
        )

    def save_to(self, target: Path) -> None:
        """Write the copy to `target` in a task (GUI thread: renders the PDF first)."""
        if target.suffix.lower() != ".pdf":
            target = target.with_name(target.name + ".pdf")
        data, records, case_id = self.pdf(), self._service(), self._case_id
        self.save_button.setEnabled(False)

        def work(_: TaskContext) -> Path:
            return records.save_copy(case_id, data, target)

        self._runner.run(
            work, on_success=self._saved, on_failure=self._save_failed, serial=True, owner=self
        )

    def _saved(self, target: Path) -> None:
        self.save_button.setEnabled(True)
        self.message.show_notice(
            self.tr(
                "Saved {name}. Make sure it leaves with the family and no copy stays on "
                "this laptop."
            ).format(name=target.name)
        )

    def _save_failed(self, failure: Failure) -> None:
        self.save_button.setEnabled(True)
        self.message.show_error(failure.message)

    def _service(self) -> ConsentRecordService:
        retention = self._services.retention
        return ConsentRecordService(
            self._services.ctx, self._services.consent, lambda: retention.policy
        )
