"""Keep Qt's file dialogs from remembering folders on disk.

Every QFileDialog, native or not, saves its history and last-visited folder to
the shared `QtProject` settings file when it is destroyed. Folder names can hold
a family's name ("Smith visit 3"), so this guard wipes that group whenever a
file dialog goes, and at start-up and lock. It installs once per application.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog

GROUP = "FileDialog"


def forget_file_dialog_history() -> None:
    """Remove what Qt's file dialogs stored about folders the user visited."""
    settings = QSettings(QSettings.Scope.UserScope, "QtProject")
    if settings.childGroups().count(GROUP) or settings.contains(f"{GROUP}/lastVisited"):
        settings.remove(GROUP)
        settings.sync()


class DialogHistoryGuard(QObject):
    """An application event filter: each file dialog shown gets a clean-up on its death."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.Show
            and isinstance(watched, QFileDialog)
            and not watched.property("vigdesk_history_guarded")
        ):
            watched.setProperty("vigdesk_history_guarded", True)
            # Qt saves the history in the dialog's destructor; wipe it just after.
            watched.destroyed.connect(lambda: QTimer.singleShot(0, forget_file_dialog_history))
            watched.finished.connect(lambda _: QTimer.singleShot(0, forget_file_dialog_history))
        return False


def install(app: QApplication) -> DialogHistoryGuard:
    guard = DialogHistoryGuard(app)
    app.installEventFilter(guard)
    forget_file_dialog_history()
    app.aboutToQuit.connect(forget_file_dialog_history)
    return guard
