"""Subject access: export one person's record (and optionally the video) to a chosen folder.

This is the one place vigdesk writes personal data unencrypted, on purpose and
after a warning. The PDF is rendered on the GUI thread from the same record the
export then writes (html_to_pdf needs the GUI thread); the export runs in a task.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vigdesk.core.errors import InvalidInput
from vigdesk.core.ids import CaseId, MediaId, PersonId
from vigdesk.media.redact import Redaction
from vigdesk.render.pdf import html_to_pdf
from vigdesk.services import report_html
from vigdesk.services.sar_bundle import Bundle, with_redactions
from vigdesk.services.subject_access import ExportResult, SubjectAccessService
from vigdesk.ui.context import MainContext
from vigdesk.ui.failures import Failure
from vigdesk.ui.look import mark_primary, set_role
from vigdesk.ui.records.case_dialog import CaseDialog
from vigdesk.ui.records.labels import count
from vigdesk.ui.records.redaction_editor import RedactionEditor
from vigdesk.ui.tasks import TaskContext
from vigdesk.ui.widgets.field import labelled


def warning_box(title: str, text: str) -> QFrame:
    box = set_role(QFrame(), "records-warning")
    layout = QVBoxLayout(box)
    layout.setContentsMargins(14, 12, 14, 12)
    layout.setSpacing(4)
    heading = QLabel(title)
    heading.setObjectName("recordsWarningTitle")
    body = QLabel(text)
    body.setWordWrap(True)
    layout.addWidget(heading)
    layout.addWidget(body)
    return box


class SubjectAccessDialog(CaseDialog):
    """Emits nothing; shows the folder it wrote. GUI thread only."""

    def __init__(
        self, ctx: MainContext, case_id: CaseId, code: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, case_id, code, parent)
        self.destination: Path | None = None
        self.exported: ExportResult | None = None
        self.setWindowTitle(self.tr("Subject access copy"))
        self.setMinimumWidth(560)

        heading = set_role(
            QLabel(self.tr("Subject access copy · {code}").replace("{code}", code)), "heading"
        )
        intro = set_role(
            QLabel(
                self.tr(
                    "A copy of everything vigdesk holds about one person (details, meetings, "
                    "helping questions, questionnaires, consent, video and who looked at it) "
                    "with the privacy information the law asks for, as record.pdf and "
                    "record.json; optionally the video, with other people masked."
                )
            ),
            "muted",
        )
        intro.setWordWrap(True)
        self.warning = warning_box(
            self.tr("This copy is not encrypted"),
            self.tr(
                "vigdesk writes personal data in plain form into the folder you choose. "
                "Choose an encrypted drive or the council's secure share, send it the "
                "approved way, and delete it once it has been received."
            ),
        )
        self.video_box = QCheckBox(self.tr("Include the &video and stills they appear in"))
        self.redactions: dict[str, Redaction] = {}
        self.wanted_person = PersonId("")
        self.editor: RedactionEditor | None = None
        self.video_combo = QComboBox()
        self.video_combo.setAccessibleName(self.tr("Video to mask"))
        self.mask_button = QPushButton(self.tr("&Mask others…"))
        self.masked_label = set_role(QLabel(), "small")
        self.masked_label.setWordWrap(True)
        mask_row = QWidget()
        masks = QHBoxLayout(mask_row)
        masks.setContentsMargins(0, 0, 0, 0)
        masks.setSpacing(10)
        masks.addWidget(self.video_combo, 1)
        masks.addWidget(self.mask_button)
        self.mask_row = mask_row
        self.video_hint = set_role(QLabel(), "small")
        self.video_hint.setWordWrap(True)
        self.folder_label = set_role(QLabel(self.tr("No folder chosen yet.")), "muted")
        self.folder_label.setWordWrap(True)
        self.choose_button = QPushButton(self.tr("C&hoose folder…"))
        folder_row = QWidget()
        row = QHBoxLayout(folder_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(10)
        row.addWidget(self.folder_label, 1)
        row.addWidget(self.choose_button)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = mark_primary(QPushButton(self.tr("&Export")))
        self.show_button = QPushButton(self.tr("&Show folder"))
        self.close_button = QPushButton(self.tr("&Close"))
        self.buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.show_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.show_button.hide()
        self.close_button.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 22, 24, 18)
        layout.setSpacing(14)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addWidget(self.warning)
        layout.addWidget(labelled(self.tr("&Person"), self.person_combo))
        video = QVBoxLayout()
        video.setSpacing(5)
        video.addWidget(self.video_box)
        video.addWidget(self.video_hint)
        video.addWidget(self.mask_row)
        video.addWidget(self.masked_label)
        layout.addLayout(video)
        layout.addWidget(labelled(self.tr("Destination folder"), folder_row))
        layout.addStretch(1)
        layout.addWidget(self.message)
        layout.addWidget(self.busy)
        layout.addWidget(self.buttons)

        self.choose_button.clicked.connect(self.choose_folder)
        self.mask_button.clicked.connect(self.open_editor)
        self.video_box.toggled.connect(lambda _: self._update())
        self.export_button.clicked.connect(self.export)
        self.show_button.clicked.connect(self.show_folder)
        self.close_button.clicked.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._update()
        self.load()

    def choose_folder(self) -> None:
        """Ask where to write; the choice is not remembered."""
        chosen = QFileDialog.getExistingDirectory(
            self, self.tr("Choose where to write the copy"), str(Path.home())
        )
        if chosen:
            self.destination = Path(chosen)
            self.folder_label.setText(str(self.destination))
            set_role(self.folder_label, "")
        self._update()

    def export(self) -> None:
        summary = self.selected()
        if self._busy or summary is None or self.destination is None:
            return
        services = self._ctx.services
        sar = SubjectAccessService(services.ctx, services.retention.policy_in_force)
        person_id = summary.person.id

        def collect(task: TaskContext) -> Bundle:
            return sar.gather(person_id)

        self._set_busy(True)
        self.message.clear_message()
        self.busy.start(self.tr("Preparing the copy…"))
        self._ctx.runner.run(collect, on_success=self._write, on_failure=self._failed, owner=self)

    def show_folder(self) -> None:
        if self.exported is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.exported.folder)))

    def _write(self, bundle: Bundle) -> None:
        """GUI thread: render the PDF, then write everything in a serial task (it audits)."""
        destination, include_video = self.destination, self.video_box.isChecked()
        redactions = self._redactions_for(bundle.video_ids) if include_video else {}
        bundle = with_redactions(bundle, redactions)
        html = report_html.subject_access_bundle(bundle)
        pdf = html_to_pdf(html, self.tr("Subject access request"))
        summary = self.selected()
        if destination is None or summary is None:
            self._set_busy(False)
            return
        services = self._ctx.services
        sar = SubjectAccessService(services.ctx, services.retention.policy_in_force)
        person_id = summary.person.id
        changed = self.tr("The record changed while the copy was made; please export again.")

        def render(current: str, title: str = "") -> bytes:
            if current != html:
                raise InvalidInput(changed)
            return pdf

        def work(task: TaskContext) -> ExportResult:
            return sar.export(
                person_id,
                destination,
                render_pdf=render,
                include_video=include_video,
                redactions=redactions,
                bundle=bundle,
                progress=lambda f: task.progress(f),
            )

        self.busy.start(self.tr("Writing the copy…"))
        self._ctx.runner.run(
            work,
            on_success=self._exported,
            on_failure=self._failed,
            on_progress=lambda f, _t: self.busy.progress(f),
            heavy=True,
            owner=self,
        )

    def _exported(self, result: ExportResult) -> None:
        self.busy.stop()
        self._busy = False
        self.exported = result
        text = count(len(result.files), "Wrote %n file to {folder}", "Wrote %n files to {folder}")
        self.show_notice(text.replace("{folder}", str(result.folder)))
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        for button in (self.export_button, cancel):
            if button is not None:
                button.hide()
        for widget in (self.person_combo, self.video_box, self.choose_button):
            widget.setEnabled(False)
        self.buttons.setEnabled(True)
        self.show_button.show()
        self.close_button.show()
        self.close_button.setFocus()

    def _failed(self, failure: Failure) -> None:
        self.busy.stop()
        self._set_busy(False)
        self.show_error(failure.message)

    def _people_loaded(self) -> None:
        if self.wanted_person:
            self.select_person(self.wanted_person)

    def open_editor(self) -> RedactionEditor | None:
        """Mask others in the chosen video; the masks are burnt into its copy."""
        summary = self.selected()
        index = self.video_combo.currentIndex()
        if summary is None or not 0 <= index < len(summary.shown_in):
            return None
        media_id = MediaId(summary.shown_in[index][0])
        editor = RedactionEditor(self._ctx, media_id, self.redactions.get(media_id), self)
        editor.redaction_chosen.connect(lambda r: self._masked(media_id, r))
        self.editor = editor
        editor.open()
        return editor

    def _masked(self, media_id: str, redaction: Redaction) -> None:
        if redaction.masks or redaction.mute:
            self.redactions[media_id] = redaction
        else:
            self.redactions.pop(media_id, None)
        self.video_box.setChecked(True)
        self._update()

    def _redactions_for(self, media_ids: list[str]) -> dict[str, Redaction]:
        return {m: r for m, r in self.redactions.items() if m in media_ids}

    def _person_changed(self) -> None:
        summary = self.selected()
        self.video_combo.clear()
        for _, title in summary.shown_in if summary is not None else []:
            self.video_combo.addItem(title)
        if summary is None:
            self.video_hint.setText("")
        elif summary.videos == 0:
            self.video_hint.setText(self.tr("There is no video in this case."))
        else:
            others = ", ".join(summary.others) or self.tr("nobody else recorded")
            self.video_hint.setText(
                self.tr(
                    "Other people may appear in the video ({others}): redact them before "
                    "the copy is released. The PDF lists them too."
                ).replace("{others}", others)
            )
        self._update()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for widget in (self.person_combo, self.video_box, self.choose_button, self.buttons):
            widget.setEnabled(not busy)
        self._update()

    def _update(self) -> None:
        summary = self.selected()
        has_video = summary is not None and bool(summary.shown_in)
        self.video_box.setEnabled(not self._busy and has_video)
        if not has_video:
            self.video_box.setChecked(False)
        self.mask_row.setEnabled(not self._busy and has_video)
        self.mask_row.setVisible(has_video)
        shown = [m for m, _ in summary.shown_in] if summary is not None else []
        masked = len(self._redactions_for(shown))
        self.masked_label.setText(
            self.tr("%1 of %2 masked; the others are copied as they are.")
            .replace("%1", str(masked))
            .replace("%2", str(len(shown)))
            if has_video
            else ""
        )
        self.masked_label.setVisible(has_video)
        ready = summary is not None and self.destination is not None
        self.export_button.setEnabled(not self._busy and ready)
