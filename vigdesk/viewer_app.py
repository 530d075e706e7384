"""Composition root of the package-viewer process (`vigdesk view PACKAGE`).

No vault is opened, no settings are kept, nothing is written to disk. It shares the
Qt process set-up (`harden_process`, `create_application`, `announce_ready`) with the
desk's root, `app.py`; importing this module loads no PySide6.
"""

from __future__ import annotations

import os
from pathlib import Path


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
