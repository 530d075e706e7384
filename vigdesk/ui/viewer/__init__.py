"""The package viewer (no vault) and the export dialog.

- `window.ViewerWindow`: the viewer; `vigdesk view PACKAGE` shows it alone, from its
  own composition root (`vigdesk/viewer_app.py`).
- `open_package_action(window)`: the File › Open package… action for the main window.
- `export_dialog.ExportDialog`: choose purpose, recipient, lock and expiry for media.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QWidget


def open_package_action(window: QWidget) -> QAction:
    """File › Open package…: pick a package and open it in a viewer window owned by
    `window` (so it closes with it when the vault locks)."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QFileDialog

    from vigdesk.ui.viewer.window import ViewerWindow

    action = QAction(QCoreApplication.translate("MainMenu", "&Open package…"), window)

    def choose() -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            window,
            QCoreApplication.translate("Viewer", "Open a supervision or training package"),
            str(Path.home()),
            QCoreApplication.translate("Viewer", "vigdesk packages (*.vigpkg);;All files (*)"),
        )
        if chosen:
            ViewerWindow(Path(chosen), parent=window).show()

    action.triggered.connect(choose)
    return action
