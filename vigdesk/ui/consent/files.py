"""File dialogs that forget where they were: no recent folders left behind.

Qt's own file dialog writes the folders it visited to `QtProject.conf` when it is
destroyed; a folder name can say whose consent form was scanned. These dialogs are
opened with `open()` (no nested event loop: a lock closes them with their window)
and wipe that history once they are gone.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, QStandardPaths, Qt
from PySide6.QtWidgets import QFileDialog, QWidget

_QT_HISTORY_KEYS = ("FileDialog/history", "FileDialog/lastVisited")


def forget_visited_folders(_: QObject | None = None) -> None:
    """Remove the folders Qt's file dialog remembered (safe to call any time)."""
    settings = QSettings(QSettings.Scope.UserScope, "QtProject")
    for key in _QT_HISTORY_KEYS:
        settings.remove(key)
    settings.sync()


def _start_folder() -> str:
    documents = QStandardPaths.StandardLocation.DocumentsLocation
    return QStandardPaths.writableLocation(documents) or str(Path.home())


def _dialog(
    parent: QWidget, caption: str, name_filter: str, on_chosen: Callable[[Path], None]
) -> QFileDialog:
    dialog = QFileDialog(parent, caption, _start_folder(), name_filter)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.fileSelected.connect(lambda chosen: on_chosen(Path(chosen)) if chosen else None)
    dialog.destroyed.connect(forget_visited_folders)
    return dialog


def choose_file_to_open(
    parent: QWidget, caption: str, name_filter: str, on_chosen: Callable[[Path], None]
) -> QFileDialog:
    """Ask for one existing file; `on_chosen(path)` runs on the GUI thread if one is picked."""
    dialog = _dialog(parent, caption, name_filter, on_chosen)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    dialog.open()
    return dialog


def choose_file_to_save(
    parent: QWidget,
    caption: str,
    suggested_name: str,
    name_filter: str,
    on_chosen: Callable[[Path], None],
) -> QFileDialog:
    """Ask where to save; the overwrite question is Qt's. `on_chosen(path)` on the GUI thread."""
    dialog = _dialog(parent, caption, name_filter, on_chosen)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setDefaultSuffix(Path(suggested_name).suffix.lstrip("."))
    dialog.selectFile(suggested_name)
    dialog.open()
    return dialog
