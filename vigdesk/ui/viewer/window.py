"""The viewer window: open a package with no vault, then play its clips and stills.

Reads the public header first (in a task) to ask for the right secret and to refuse an
expired package at once; then authenticates and decrypts in a task, entirely in memory.
Writes nothing to disk but the supervisor's sealed reply, where they choose. `today` is
injectable so tests can travel in time.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from vigdesk.core.errors import VigdeskError
from vigdesk.services.exports import (
    OpenedPackage,
    PackageHeader,
    open_package_file,
    peek_package,
    write_reply,
)
from vigdesk.ui.failures import Failure
from vigdesk.ui.tasks import TaskContext, TaskRunner
from vigdesk.ui.viewer.content_panel import ContentPanel
from vigdesk.ui.viewer.open_panel import OpenPanel
from vigdesk.ui.viewer.reply_dialog import ReplyDialog
from vigdesk.ui.viewer.style import viewer_qss

REPLY_SUFFIX = ".vigreply"


class ViewerWindow(QMainWindow):
    """`opened` once the package is decrypted and shown. GUI thread only."""

    opened = Signal()

    def __init__(
        self,
        package: Path,
        *,
        runner: TaskRunner | None = None,
        today: Callable[[], date] = date.today,
        key_file: Path | None = None,
        passphrase: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        if parent is not None:
            self.setWindowFlag(Qt.WindowType.Window)
        self.setStyleSheet(viewer_qss())
        self.setWindowTitle(self.tr("%1 — vigdesk viewer").replace("%1", package.name))
        self.resize(1080, 720)
        self._path = package
        self._today = today
        self._auto = (passphrase, key_file) if passphrase is not None else None
        self.runner = runner if runner is not None else TaskRunner(None, self)
        self.open_panel = OpenPanel(package, key_file)
        self.content = ContentPanel()
        self.pages = QStackedWidget()
        self.pages.addWidget(self.open_panel)
        self.pages.addWidget(self.content)
        self.setCentralWidget(self.pages)
        self.open_panel.open_requested.connect(self.open_with)
        self.content.comments.save_requested.connect(self.save_reply)
        self.reply_saved_to: Path | None = None
        path = package

        def peek(_: TaskContext) -> PackageHeader:
            return peek_package(path)

        self.runner.run(peek, on_success=self._peeked, on_failure=self._unreadable, owner=self)

    def open_with(self, passphrase: str, key_file: Path | None) -> None:
        """Authenticate and decrypt in a task; errors show on the open page."""
        path, today = self._path, self._today()
        self.open_panel.set_busy(True)

        def work(_: TaskContext) -> OpenedPackage:
            return open_package_file(path, today=today, passphrase=passphrase, key_file=key_file)

        self.runner.run(work, on_success=self._opened, on_failure=self._failed, owner=self)

    def _peeked(self, header: PackageHeader) -> None:
        self.open_panel.set_header(header, self._today())
        auto, self._auto = self._auto, None
        if auto is not None and self._today() <= header.expires_on:
            self.open_with(auto[0] or "", auto[1])

    def _unreadable(self, failure: Failure) -> None:
        self.open_panel.show_unreadable(failure.message)

    def _opened(self, package: OpenedPackage) -> None:
        self.open_panel.set_busy(False)
        self.open_panel.passphrase_edit.clear()
        self.content.show_package(package)
        self.pages.setCurrentWidget(self.content)
        self.opened.emit()

    def _failed(self, failure: Failure) -> None:
        self.open_panel.set_busy(False)
        self.open_panel.show_error(failure.message)
        self.open_panel.passphrase_edit.selectAll()
        self.open_panel.passphrase_edit.setFocus()

    def save_reply(self, path: Path | None = None) -> Path | None:
        """Ask who answers and where to save, then seal the comments to the practitioner.
        The reply file is the only thing the viewer ever writes."""
        manifest, comments = self.content.manifest, self.content.comments
        if manifest is None or not comments.comments:
            return None
        ask = ReplyDialog(manifest.recipient, len(comments.comments), self)
        if ask.exec() != QDialog.DialogCode.Accepted:
            return None
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(
                self,
                self.tr("Save the reply"),
                str(Path.home() / f"reply-{manifest.package_id[:8]}{REPLY_SUFFIX}"),
                self.tr("vigdesk replies (*%1)").replace("%1", REPLY_SUFFIX),
            )
            if not chosen:
                return None
            path = Path(chosen)
        try:
            write_reply(
                path,
                manifest,
                ask.name.text(),
                ask.minutes.value(),
                comments.comments,
                self._today(),
            )
        except VigdeskError as exc:
            self.content.notice.show_error(str(exc))
            return None
        comments.saved = True
        self.reply_saved_to = path
        self.content.notice.show_notice(
            self.tr("Reply saved to %1: send it to the practitioner.").replace("%1", str(path))
        )
        return path

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.content.comments.saved:
            ask = QMessageBox(
                QMessageBox.Icon.Question,
                self.tr("Unsaved comments"),
                self.tr("Your comments are not saved as a reply yet. Close and lose them?"),
                parent=self,
            )
            keep = ask.addButton(self.tr("&Keep open"), QMessageBox.ButtonRole.RejectRole)
            ask.addButton(self.tr("Close &without saving"), QMessageBox.ButtonRole.DestructiveRole)
            ask.setDefaultButton(keep)
            ask.setEscapeButton(keep)
            ask.exec()
            if ask.clickedButton() is keep:
                event.ignore()
                return
        self.content.clear()
        self.runner.cancel_all()
        super().closeEvent(event)
