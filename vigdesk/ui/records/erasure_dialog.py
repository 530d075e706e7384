"""An erasure request (right to be forgotten): explain, confirm with the case code, erase,
then save the certificate of erasure as a PDF where the user picks.

The service decides what goes and refuses a case on legal hold; this dialog only
explains it beforehand and shows the service's message if it refuses.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFrame,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vigdesk.core.changes import Changed
from vigdesk.core.ids import CaseId
from vigdesk.services import report_html
from vigdesk.services.subject_access import ErasureCertificate, SubjectAccessService
from vigdesk.ui.context import MainContext
from vigdesk.ui.failures import Failure
from vigdesk.ui.look import set_role
from vigdesk.ui.records.case_dialog import CaseDialog
from vigdesk.ui.records.labels import count, tr
from vigdesk.ui.records.pdf_save import ask_pdf_path, write_pdf
from vigdesk.ui.records.sar_dialog import warning_box
from vigdesk.ui.records.snapshots import PersonSummary
from vigdesk.ui.tasks import TaskContext
from vigdesk.ui.widgets.field import labelled

ERASE_CHANGES = frozenset(
    {Changed.CASES, Changed.PEOPLE, Changed.MEDIA, Changed.CONSENT, Changed.RETENTION}
)


class ErasureDialog(CaseDialog):
    """Emits `erased(case_id)` once the service has erased the person. GUI thread only."""

    erased = Signal(str)

    def __init__(
        self, ctx: MainContext, case_id: CaseId, code: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, case_id, code, parent)
        self.certificate: ErasureCertificate | None = None
        self.saved_to: Path | None = None
        self._warned_unsaved = False
        self._done_text = ""
        self.setWindowTitle(self.tr("Erasure request"))
        self.setMinimumWidth(580)

        heading = set_role(
            QLabel(self.tr("Erasure request · {code}").replace("{code}", code)), "heading"
        )
        self.explain = QLabel()
        self.explain.setWordWrap(True)
        self.explain.setTextFormat(Qt.TextFormat.RichText)
        explain_box = set_role(QFrame(), "records-explain")
        box_layout = QVBoxLayout(explain_box)
        box_layout.setContentsMargins(14, 12, 14, 12)
        box_layout.addWidget(self.explain)
        self.hold_box = warning_box(
            self.tr("This case is on legal hold"),
            self.tr(
                "Nothing in it can be erased until the hold is released under Records › Retention."
            ),
        )
        self.hold_box.hide()
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText(self.tr("e.g. Request from the parent, 12 Nov 2026"))
        self.code_edit = QLineEdit()
        self.code_edit.setPlaceholderText(code)
        self.code_edit.setAccessibleName(self.tr("Case code to confirm"))

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.erase_button = set_role(QPushButton(self.tr("&Erase")), "records-danger")
        self.save_button = QPushButton(self.tr("&Save certificate…"))
        self.close_button = QPushButton(self.tr("&Close"))
        self.buttons.addButton(self.erase_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.erase_button.setAutoDefault(False)  # Enter never erases: click it, or Alt+E
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setDefault(True)  # else the box makes its first accept button the default
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.hide()
        self.close_button.hide()

        self.form = QWidget()
        form = QVBoxLayout(self.form)
        form.setContentsMargins(0, 0, 0, 0)
        form.setSpacing(14)
        form.addWidget(labelled(self.tr("&Person to erase"), self.person_combo))
        form.addWidget(explain_box)
        form.addWidget(self.hold_box)
        form.addWidget(labelled(self.tr("&Reason (required)"), self.reason_edit))
        confirm = self.tr("&Type the case code {code} to confirm").replace("{code}", code)
        form.addWidget(labelled(confirm, self.code_edit, self.tr("Erasing cannot be undone.")))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 22, 24, 18)
        layout.setSpacing(14)
        layout.addWidget(heading)
        layout.addWidget(self.form)
        layout.addStretch(1)
        layout.addWidget(self.message)
        layout.addWidget(self.busy)
        layout.addWidget(self.buttons)

        self.reason_edit.textChanged.connect(self._update)
        self.code_edit.textChanged.connect(self._update)
        self.erase_button.clicked.connect(self.erase)
        self.save_button.clicked.connect(self.save_certificate)
        self.close_button.clicked.connect(self.reject)
        self.buttons.rejected.connect(self.reject)
        self._update()
        self.load()

    def confirmed(self) -> bool:
        """The typed code matches, a reason is given and a person is chosen."""
        typed = self.code_edit.text().strip().upper()
        return (
            self.selected() is not None
            and typed == self.code.upper()
            and bool(self.reason_edit.text().strip())
        )

    def erase(self) -> None:
        summary = self.selected()
        if self._busy or summary is None or not self.confirmed():
            return
        sar = SubjectAccessService(self._ctx.services.ctx)
        person_id, reason = summary.person.id, self.reason_edit.text().strip()

        def work(task: TaskContext) -> ErasureCertificate:
            return sar.erase(person_id, reason)

        self._set_busy(True)
        self.message.clear_message()
        self.busy.start(self.tr("Erasing…"))
        self._ctx.runner.run(
            work,
            on_success=self._erased,
            on_failure=self._failed,
            heavy=True,
            changes=ERASE_CHANGES,
            owner=self,
        )

    def save_certificate(self) -> None:
        """Ask for a file and write the certificate PDF (rendered here, written in a task)."""
        cert = self.certificate
        if cert is None or self._busy:
            return
        name = f"erasure-{cert.case_code}-{cert.erased_on[:10]}.pdf"
        path = ask_pdf_path(self, self.tr("Save the certificate of erasure"), name)
        if path is None:
            return
        self._busy = True
        self.save_button.setEnabled(False)
        write_pdf(
            self._ctx.runner,
            self,
            report_html.erasure_certificate(cert),
            self.tr("Certificate of erasure"),
            path,
            self._saved,
            self._save_failed,
        )

    def reject(self) -> None:
        if self.certificate is not None and self.saved_to is None and not self._warned_unsaved:
            self._warned_unsaved = True
            self.show_error(
                self.tr(
                    "The certificate has not been saved. Save it, or press Close again to "
                    "leave without it (IT can issue it again with 'vigdesk sar erasures')."
                )
            )
            return
        super().reject()

    def _erased(self, cert: ErasureCertificate) -> None:
        self.busy.stop()
        self._busy = False
        self.certificate = cert
        self.form.hide()
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        for button in (self.erase_button, cancel):
            if button is not None:
                button.hide()
        self.buttons.setEnabled(True)
        self.save_button.show()
        self.close_button.show()
        self.close_button.setDefault(True)
        erased = self.tr("The erasure is done.")
        if cert.case_record_deleted:
            erased = self.tr(
                "The erasure is done. Nobody was left in case {code}, so the whole case "
                "was deleted and its key destroyed."
            ).replace("{code}", cert.case_code)
        if cert.synced:
            erased += " " + self.tr(
                "The other laptops and the site follow as each syncs; the certificate says "
                "the site is pending until a sync finds it clear."
            )
        self._done_text = erased
        prompt = self.tr("Save the certificate of erasure for the family's file.")
        self.message.show_notice(f"{erased} {prompt}")
        self.fit_height()
        self.erased.emit(self.case_id)
        self.save_certificate()

    def _saved(self, path: Path) -> None:
        self._busy = False
        self.saved_to = path
        self.save_button.setEnabled(True)
        saved = self.tr("The certificate is saved to {path}.").replace("{path}", str(path))
        self.show_notice(f"{self._done_text}\n{saved}")
        self.close_button.setFocus()

    def _save_failed(self, failure: Failure) -> None:
        self._busy = False
        self.save_button.setEnabled(True)
        self.show_error(failure.message)

    def _failed(self, failure: Failure) -> None:
        self.busy.stop()
        self._set_busy(False)
        self.show_error(failure.message)

    def _person_changed(self) -> None:
        summary, people = self.selected(), self.people
        self.explain.setText(explanation(summary) if summary is not None else "")
        self.hold_box.setVisible(people is not None and people.on_hold)
        self._update()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.form.setEnabled(not busy)
        self.buttons.setEnabled(not busy)
        self._update()

    def _update(self) -> None:
        held = self.people is not None and self.people.on_hold
        self.erase_button.setEnabled(not self._busy and not held and self.confirmed())

    def _drop(self) -> None:
        self.certificate = None
        self.saved_to = Path()  # nothing left to warn about
        self.reason_edit.clear()
        self.code_edit.clear()
        self.explain.clear()
        super()._drop()


def explanation(summary: PersonSummary) -> str:
    """What erasing this person removes, as rich text (names escaped)."""
    name = escape(summary.person.full_name)
    if summary.media:
        video = count(
            summary.media,
            "the family's one video item: video shows everyone in it",
            "the family's %n videos and stills: video shows everyone in it",
        )
    else:
        video = tr("no video: there is none in this case")
    consents = count(
        summary.consents,
        "%n consent record given by or for them",
        "%n consent records given by or for them",
    )
    items = [video, consents, tr("their personal record")]
    if summary.others:
        after = tr("The case stays, with {others}.").replace(
            "{others}", escape(", ".join(summary.others))
        )
    else:
        after = tr(
            "Nobody else is left in the case, so <b>the whole case record</b> is deleted "
            "and its encryption key destroyed."
        )
    hold = tr("A case on legal hold cannot be erased until the hold is released.")
    bullets = "".join(f"<li>{escape(item)}</li>" for item in items)
    return (
        f"<p>{tr('Erasing {name} deletes:').replace('{name}', f'<b>{name}</b>')}</p>"
        f"<ul style='margin-left: -20px'>{bullets}</ul><p>{after}</p><p>{escape(hold)}</p>"
    )
