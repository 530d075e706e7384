"""Export clips and stills of one case as a supervision or training package.

Shows the consent check for the chosen purpose as soon as it changes (a task asks
`services.exports.consent_problem`), loads a recipient's public key to show its
fingerprint, then makes the package in a task with progress. The services enforce
consent and audit; this dialog only shows their answers. Open with `open()`, as a
child of the main window. `exported(ExportResult)` after a package is written.

The review feature opens it with the case and the selected media items::

    ExportDialog(window.ctx, case, items, parent=window).open()
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vigdesk.core.cases import Case
from vigdesk.core.changes import Changed
from vigdesk.core.consent import Purpose
from vigdesk.core.media import MediaItem
from vigdesk.media.redact import Redaction
from vigdesk.services.exports import ExportRequest, ExportResult, RecipientKey, load_recipient_key
from vigdesk.ui.context import MainContext
from vigdesk.ui.failures import Failure
from vigdesk.ui.look import mark_primary, set_role
from vigdesk.ui.records.redaction_editor import RedactionEditor
from vigdesk.ui.tasks import TaskContext, TaskHandle
from vigdesk.ui.viewer.export_form import ExportForm
from vigdesk.ui.viewer.style import viewer_qss
from vigdesk.ui.widgets.busy import BusyIndicator
from vigdesk.ui.widgets.field import labelled
from vigdesk.ui.widgets.message_line import MessageLine
from vigdesk.ui.widgets.scroll_form import ScrollForm


class ExportDialog(QDialog):
    exported = Signal(object)
    consent_checked = Signal()

    def __init__(
        self,
        ctx: MainContext,
        case: Case,
        media: Sequence[MediaItem],
        parent: QWidget | None = None,
        *,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx, self._case, self._media = ctx, case, tuple(media)
        self._key: RecipientKey | None = None
        self._consent_ok = False
        self._task: TaskHandle | None = None
        self.setWindowTitle(self.tr("Export for supervision or training"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setStyleSheet(viewer_qss())
        self.form = ExportForm(case.code, today or date.today())
        self.form.setMinimumWidth(480)  # not on the dialog: its layout then keeps the height
        self.consent = self.form.consent
        self.message = MessageLine()
        self.busy = BusyIndicator()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.make_button = mark_primary(QPushButton(self.tr("&Make package")))
        self.buttons.addButton(self.make_button, QDialogButtonBox.ButtonRole.AcceptRole)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 22, 24, 18)
        layout.setSpacing(14)
        layout.addWidget(set_role(QLabel(self._summary()), "heading"))
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 8, 0)
        column.setSpacing(14)
        intro = set_role(
            QLabel(
                self.tr(
                    "Each clip is re-encoded with the case code, the recipient's name and "
                    "the dates burned in. People are named by initials only, and the package "
                    "stops opening after its expiry date."
                )
            ),
            "muted",
        )
        intro.setWordWrap(True)
        column.addWidget(intro)
        column.addWidget(self.form)
        column.addWidget(self._mask_row())
        column.addStretch(1)
        # the form scrolls, so the dialog and its buttons fit a 1280×720 laptop
        self.body = ScrollForm(body, max_height=430)
        layout.addWidget(self.body, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.busy)
        layout.addWidget(self.buttons)

        self.form.changed.connect(self._update)
        self.form.purpose_changed.connect(self.check_consent)
        self.form.key_file_changed.connect(self._load_key)
        self.buttons.accepted.connect(self.make)
        self.buttons.rejected.connect(self.reject)
        self.check_consent(self.form.purpose)

    def _mask_row(self) -> QWidget:
        """Choose an item and mask other people in it (burnt in under the watermark)."""
        self.redactions: dict[str, Redaction] = {}
        self.editor: RedactionEditor | None = None
        self.mask_combo = QComboBox()
        self.mask_combo.setAccessibleName(self.tr("Clip or still to mask"))
        for item in self._media:
            self.mask_combo.addItem(item.title or self.tr("untitled"))
        self.mask_button = QPushButton(self.tr("Mask &others…"))
        self.mask_button.setAutoDefault(False)
        self.mask_button.clicked.connect(self.open_editor)
        self.masked_label = set_role(QLabel(self.tr("Nothing masked.")), "small")
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.mask_combo, 1)
        line.addWidget(self.mask_button)
        return labelled(
            self.tr("Mask other people (optional)"),
            row,
            self.tr("Someone who did not agree to this purpose can be blurred or covered."),
            [self.masked_label],
        )

    def open_editor(self) -> RedactionEditor | None:
        index = self.mask_combo.currentIndex()
        if not 0 <= index < len(self._media):
            return None
        media_id = self._media[index].id
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
        n = len(self.redactions)
        self.masked_label.setText(
            self.tr("Nothing masked.")
            if not n
            else self.tr("%1 of %2 masked.")
            .replace("%1", str(n))
            .replace("%2", str(len(self._media)))
        )

    def _summary(self) -> str:
        clips = sum(1 for m in self._media if m.is_video)
        stills = len(self._media) - clips
        parts = [
            self.tr("1 clip") if clips == 1 else self.tr("%n clips", "", clips),
            self.tr("1 still") if stills == 1 else self.tr("%n stills", "", stills),
        ]
        counts = [text for text, n in zip(parts, (clips, stills), strict=True) if n]
        return self.tr("%1 · %2").replace("%1", self._case.code).replace("%2", ", ".join(counts))

    def check_consent(self, purpose: Purpose) -> None:
        """Ask the service whether `purpose` is consented for every child (in a task)."""
        self._consent_ok = False
        exports, case_id = self._ctx.services.exports, self._case.id
        media_ids = [m.id for m in self._media]

        def work(_: TaskContext) -> str | None:
            return exports.consent_problem(case_id, purpose, media_ids)

        def done(problem: str | None) -> None:
            if purpose is not self.form.purpose:
                return
            self._consent_ok = problem is None
            if problem is None:
                self.consent.show_notice(
                    self.tr("Consent for %1 is in place for everyone who appears.").replace(
                        "%1", purpose.value
                    )
                )
            else:
                self.consent.show_error(problem)
            self._update()
            self.consent_checked.emit()

        self._ctx.runner.run(work, on_success=done, on_failure=self._failed, owner=self)
        self._update()

    def _load_key(self, path: Path | None) -> None:
        self._key = None
        self.form.key_info.clear()
        self._update()
        if path is None:
            return

        def work(_: TaskContext) -> RecipientKey:
            return load_recipient_key(path)

        def done(key: RecipientKey) -> None:
            self._key = key
            self.form.key_info.setText(
                self.tr("Key of %1 · fingerprint %2 — check it with them by phone.")
                .replace("%1", key.name)
                .replace("%2", " ".join(key.fingerprint[i : i + 4] for i in range(0, 32, 4)))
            )
            self._update()

        self._ctx.runner.run(work, on_success=done, on_failure=self._failed, owner=self)

    def make(self) -> None:
        if self._task is not None or self._problem() is not None:
            return
        form = self.form
        request = ExportRequest(
            media_ids=tuple(m.id for m in self._media),
            purpose=form.purpose,
            recipient=form.recipient.text().strip(),
            expires_on=form.expires_on,
            out=form.out,
            passphrase=None if form.by_key.isChecked() else form.passphrase.passphrase(),
            recipient_key=self._key if form.by_key.isChecked() else None,
            redactions=dict(self.redactions),
        )
        exports = self._ctx.services.exports

        def work(task: TaskContext) -> ExportResult:
            return exports.export(
                request, progress=lambda f: task.progress(f), cancelled=task.cancelled
            )

        self.message.clear_message()
        self.busy.start(self.tr("Watermarking and sealing…"))
        self.form.setEnabled(False)
        self._task = self._ctx.runner.run(
            work,
            on_success=self._made,
            on_failure=self._failed,
            on_progress=lambda f, _t: self.busy.progress(f),
            heavy=True,
            changes={Changed.EXPORTS},
            owner=self,
        )
        self._update()

    def reject(self) -> None:
        if self._task is not None:
            self._task.cancel()
            return
        super().reject()

    def _made(self, result: ExportResult) -> None:
        self._task = None
        self.busy.stop()
        hint = (
            self.tr("Tell %1 the passphrase separately, by phone.")
            if result.record.lock_mode == "passphrase"
            else self.tr("Only %1's private key opens it.")
        ).replace("%1", result.record.recipient)
        self.message.show_notice(
            self.tr("Saved %1. %2").replace("%1", result.path.name).replace("%2", hint)
        )
        self.make_button.hide()
        close = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        if close is not None:
            close.setText(self.tr("Close"))
        self.exported.emit(result)

    def _failed(self, failure: Failure) -> None:
        self._task = None
        self.busy.stop()
        self.form.setEnabled(True)
        if not failure.cancelled:
            self.message.show_error(failure.message)
        self._update()

    def _problem(self) -> str | None:
        if not self._consent_ok:
            return self.tr("Consent for this purpose is needed first.")
        return self.form.problem(self._key is not None)

    def _update(self) -> None:
        busy = self._task is not None
        self.make_button.setEnabled(not busy and self._problem() is None)
        self.make_button.setToolTip(self._problem() or "")
