"""The import conversation on the workspace: progress with Cancel, clear errors, the
honest offer to delete the originals from the card or folder, and then a frame-by-frame
check of each new video in the background, one at a time. GUI thread only.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QMessageBox, QPushButton, QVBoxLayout, QWidget

from vigdesk.core.cases import Person
from vigdesk.core.changes import Changed
from vigdesk.core.ids import CaseId, MediaId, PersonId
from vigdesk.media.decode_check import DecodeReport
from vigdesk.ui.context import MainContext
from vigdesk.ui.failures import Failure
from vigdesk.ui.review.file_dialogs import choose_footage
from vigdesk.ui.review.importing import (
    ImportOutcome,
    check_job,
    delete_sources_job,
    import_job,
    record_check_job,
)
from vigdesk.ui.review.who_appears import WhoAppearsDialog
from vigdesk.ui.review.words import count
from vigdesk.ui.tasks import TaskHandle
from vigdesk.ui.widgets.busy import BusyIndicator
from vigdesk.ui.widgets.message_line import MessageLine


class ActivityBar(QWidget):
    """Progress with Cancel, and one message line, under the page header."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.busy = BusyIndicator()
        self.cancel = QPushButton(self.tr("Cancel"))
        self.cancel.hide()
        self.message = MessageLine()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.busy, 1)
        row.addWidget(self.cancel, 0, Qt.AlignmentFlag.AlignBottom)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(row)
        layout.addWidget(self.message)

    def start(self, text: str) -> None:
        self.message.clear_message()
        self.busy.start(text)
        self.cancel.setEnabled(True)
        self.cancel.show()

    def stop(self) -> None:
        self.busy.stop()
        self.cancel.hide()


class ImportFlow(QObject):
    """`imported(list[str])` with the new media ids after an import that added any;
    `check_progressed(media id, fraction)` while each is decode-checked, then with None.
    """

    imported = Signal(object)
    check_progressed = Signal(str, object)

    def __init__(self, ctx: MainContext, case_id: CaseId, bar: ActivityBar, owner: QWidget) -> None:
        super().__init__(owner)
        self._ctx = ctx
        self._case_id = case_id
        self._bar = bar
        self._owner = owner
        self._handle: TaskHandle | None = None
        self._to_check: list[MediaId] = []
        self._checking: str | None = None
        self.offer: QMessageBox | None = None
        self.who_appears: WhoAppearsDialog | None = None
        bar.cancel.clicked.connect(self.cancel)

    @property
    def busy(self) -> bool:
        return self._handle is not None

    def choose(self) -> None:
        choose_footage(self._owner.window(), self.ask)

    def ask(self, paths: list[Path]) -> None:
        """Ask who appears in the chosen files (the people load in a task), then import
        them for those people; cancelling the question imports nothing."""
        videos = self._startable(paths)
        if not videos:
            return
        services, case_id = self._ctx.services, self._case_id

        def asked(found: tuple[list[Person], date]) -> None:
            dialog = WhoAppearsDialog(found[0], len(videos), found[1], self._owner.window())
            dialog.accepted.connect(lambda: self.start(videos, dialog.chosen()))
            dialog.finished.connect(lambda _: setattr(self, "who_appears", None))
            self._ctx.events.vault_locked.connect(dialog.reject)  # it shows full names
            self.who_appears = dialog
            dialog.open()

        self._ctx.runner.run(
            lambda _: (services.cases.people(case_id), services.ctx.today()),
            on_success=asked,
            on_failure=lambda failure: self._bar.message.show_error(failure.message),
            owner=self._owner,
        )

    def _startable(self, paths: list[Path]) -> list[Path]:
        videos = [p for p in paths if p.is_file()]
        if not videos:
            self._bar.message.show_error(self.tr("Nothing to import: choose video files."))
            return []
        if self._handle is not None:
            self._bar.message.show_notice(
                self.tr("An import is already running; wait for it to finish.")
            )
            return []
        return videos

    def start(self, paths: list[Path], appearing: list[PersonId] | None = None) -> None:
        """Import `paths` now, for the people in `appearing` (None: the whole family)."""
        videos = self._startable(paths)
        if not videos:
            return
        services, case_id = self._ctx.services, self._case_id
        n = len(videos)
        self._bar.start(
            count(n, "Encrypting and checking %n file…", "Encrypting and checking %n files…")
        )
        self._handle = self._ctx.runner.run(
            lambda task: import_job(services, case_id, videos, task, appearing),
            on_success=self._finished,
            on_failure=self._failed,
            on_progress=self._progress,
            heavy=True,
            changes={Changed.MEDIA},
            owner=self._owner,
        )

    def cancel(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self._bar.cancel.setEnabled(False)
            self._bar.busy.progress(None, self.tr("Cancelling… nothing half-done is kept."))

    # -- outcome -------------------------------------------------------------------------------

    def _progress(self, fraction: float | None, text: str) -> None:
        line = self.tr("Encrypting and checking %1").replace("%1", text) if text else ""
        self._bar.busy.progress(fraction, line)

    def _failed(self, failure: Failure) -> None:
        self._handle = None
        self._bar.stop()
        if failure.cancelled:
            self._bar.message.show_notice(self.tr("Import cancelled. Nothing was added."))
        else:
            self._bar.message.show_error(failure.message)

    def _finished(self, outcome: ImportOutcome) -> None:
        self._handle = None
        self._bar.stop()
        imported = outcome.imported
        trouble = len(imported) < len(outcome.files)
        if trouble:
            head = count(len(imported), "%n file imported.", "%n files imported.")
        else:
            head = count(
                len(imported),
                "%n file imported, encrypted and checked.",
                "%n files imported, encrypted and checked.",
            )
        lines = [head]
        if trouble or len(outcome.files) > 1:
            lines += self._file_lines(outcome)
        if trouble:
            self._bar.message.show_error("\n".join(lines))
        else:
            self._bar.message.show_notice("\n".join(lines))
        if imported:
            self.imported.emit([r.item.id for r in imported])
            self._offer_delete([r.source for r in imported])
            self._to_check += [r.item.id for r in imported]
            if self._checking is None:
                self._check_next()

    def _file_lines(self, outcome: ImportOutcome) -> list[str]:
        """One line per file, in the order chosen; the reason for a stop before the
        files it left untried."""
        lines: list[str] = []
        for file in outcome.files:
            if file.result is not None:
                lines.append(
                    self.tr("%1: imported, encrypted and checked.").replace("%1", file.name)
                )
            elif file.why:
                lines.append(file.why if file.name in file.why else f"{file.name}: {file.why}")
            else:
                if outcome.stopped and outcome.stopped not in lines:
                    lines.append(outcome.stopped)
                lines.append(self.tr("%1: not imported.").replace("%1", file.name))
        return lines

    # -- the frame-by-frame check ----------------------------------------------------------

    def _check_next(self) -> None:
        """Decode the next new video on the pool, so clips and edits go on meanwhile."""
        if not self._to_check:
            self._checking = None
            return
        media_id = self._checking = self._to_check.pop(0)
        services = self._ctx.services
        self.check_progressed.emit(media_id, 0.0)
        self._ctx.runner.run(
            lambda task: check_job(services, media_id, task),
            on_success=lambda report: self._checked(media_id, report),
            on_failure=lambda failure: self._check_failed(media_id, failure),
            on_progress=lambda fraction, _: self.check_progressed.emit(media_id, fraction or 0.0),
            owner=self._owner,
        )

    def _checked(self, media_id: MediaId, report: DecodeReport) -> None:
        services = self._ctx.services
        self._ctx.runner.run(
            lambda _: record_check_job(services, media_id, report),
            on_success=lambda _: self._recorded(media_id, report),
            on_failure=lambda failure: self._check_failed(media_id, failure),
            serial=True,
            changes={Changed.MEDIA},
            owner=self._owner,
        )

    def _recorded(self, media_id: MediaId, report: DecodeReport) -> None:
        self.check_progressed.emit(media_id, None)
        if report.warning:
            self._bar.message.show_error(
                self.tr("%1. The footage is kept: watch that part before you rely on it.").replace(
                    "%1", report.warning
                )
            )
        self._check_next()

    def _check_failed(self, media_id: MediaId, failure: Failure) -> None:
        self.check_progressed.emit(media_id, None)
        if not failure.cancelled:
            self._bar.message.show_error(
                self.tr("The frame-by-frame check could not finish: %1").replace(
                    "%1", failure.message
                )
            )
        self._check_next()

    def _offer_delete(self, sources: list[Path]) -> None:
        box = QMessageBox(self._owner.window())
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Delete the originals?"))
        box.setText(self.tr("Delete the original from the card or folder?", "", len(sources)))
        box.setInformativeText(
            self.tr(
                "vigdesk now holds an encrypted copy, checked against the original. "
                "Deleting overwrites the original with zeros first. On memory cards, phones "
                "and SSDs old data can survive where the computer cannot reach it, so this "
                "lowers the risk but cannot guarantee the footage is gone: format the card "
                "in the camera when you can."
            )
        )
        box.setDetailedText("\n".join(p.name for p in sources))
        # Enter and Escape keep the originals: deleting takes a click on its own button.
        delete = box.addButton(self.tr("Delete originals"), QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(self.tr("Keep them"), QMessageBox.ButtonRole.RejectRole)
        delete.setAutoDefault(False)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda _: self._offer_answered(box.clickedButton() is delete, sources))
        self.offer = box
        box.open()

    def _offer_answered(self, delete: bool, sources: list[Path]) -> None:
        self.offer = None
        if not delete:
            return
        self._bar.start(self.tr("Deleting the originals…"))
        self._bar.cancel.hide()
        self._ctx.runner.run(
            lambda task: delete_sources_job(sources, task),
            on_success=self._deleted,
            on_failure=self._failed,
            owner=self._owner,
        )

    def _deleted(self, problems: list[tuple[str, str]]) -> None:
        self._bar.stop()
        if problems:
            self._bar.message.show_error("\n".join(f"{name}: {why}" for name, why in problems))
        else:
            self._bar.message.show_notice(
                self.tr("The originals were overwritten and deleted. Format the card when you can.")
            )
