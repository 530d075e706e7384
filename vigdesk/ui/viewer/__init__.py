"""The package viewer (no vault) and the export dialog.

- `run_viewer(path, ...)`: `vigdesk view PACKAGE` — a viewer-only app; no vault is
  opened, no settings are kept, nothing is written to disk.
- `open_package_action(window)`: the File › Open package… action for the main window.
- `export_dialog.ExportDialog`: choose purpose, recipient, lock and expiry for media.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QWidget


def run_viewer(
    package: Path, *, key_file: Path | None = None, passphrase: str | None = None
) -> int:
    """Start a Qt app showing only the viewer window; returns its exit code."""
    import sys

    from PySide6.QtCore import QSettings, QTimer

    from vigdesk.app import READY_ENV, announce_ready, create_application, harden_process
    from vigdesk.ui.viewer.window import ViewerWindow

    harden_process()
    # Keep no settings at all (not even a file dialog's last folder): point them nowhere.
    for fmt in (QSettings.Format.IniFormat, QSettings.Format.NativeFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, os.path.join(os.devnull, "vigdesk"))
    app = create_application(sys.argv[:1])
    app.setQuitOnLastWindowClosed(True)
    window = ViewerWindow(package, key_file=key_file, passphrase=passphrase)
    window.show()
    ready = os.environ.get(READY_ENV)  # tests that start `vigdesk view` wait on it
    if ready:
        QTimer.singleShot(0, lambda: announce_ready(Path(ready), window))
    return int(app.exec())


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
