"""File dialogs that leave no trace of where family footage was.

Every QFileDialog, static helpers included, writes the last folder and a folder
history to Qt's own settings (QtProject.conf) when it is destroyed; a folder named
after a family would outlive the vault. These dialogs are children of the window,
open with `open()` (no nested event loop, closed with the window at lock) and point
their history at the home folder before they go.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDir, Qt
from PySide6.QtWidgets import QFileDialog, QWidget

VIDEO_PATTERNS = "*.mp4 *.m4v *.mov *.mts *.m2ts *.ts *.mpg *.mpeg *.vob *.webm *.mkv *.avi *.3gp"
VIDEO_SUFFIXES = frozenset(p[1:].lower() for p in VIDEO_PATTERNS.split())  # ".mp4", ...


def _tr(text: str) -> str:
    return QCoreApplication.translate("FileDialogs", text)


def choose_footage(parent: QWidget, chosen: Callable[[list[Path]], None]) -> QFileDialog:
    """Pick one or more video files; `chosen(paths)` runs only if the user picks some."""
    dialog = _dialog(parent, _tr("Import footage"))
    dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    dialog.setNameFilters(
        [_tr("Video files (%1)").replace("%1", VIDEO_PATTERNS), _tr("All files (*)")]
    )
    dialog.filesSelected.connect(lambda files: chosen([Path(f) for f in files]))
    dialog.open()
    return dialog


def choose_save_path(
    parent: QWidget, title: str, suggested: str, pattern: str, chosen: Callable[[Path], None]
) -> QFileDialog:
    """Pick where to save an export the user asked for."""
    dialog = _dialog(parent, title)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    dialog.setNameFilters([pattern])
    dialog.setDefaultSuffix(pattern.rsplit("*.", 1)[-1].rstrip(")"))
    dialog.selectFile(suggested)
    dialog.fileSelected.connect(lambda name: chosen(Path(name)))
    dialog.open()
    return dialog


def is_video(path: Path) -> bool:
    return path.suffix.lower() in VIDEO_SUFFIXES


def _dialog(parent: QWidget, title: str) -> QFileDialog:
    dialog = QFileDialog(parent, title, QDir.homePath())
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.finished.connect(lambda _: _forget(dialog))
    return dialog


def _forget(dialog: QFileDialog) -> None:
    """Point what Qt will save (last folder, history) at the home folder."""
    dialog.setHistory([])
    dialog.setDirectory(QDir.homePath())
