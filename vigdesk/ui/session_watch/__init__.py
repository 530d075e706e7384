"""Tell the app when the operating system locks the screen or goes to sleep.

One module per OS and a null fallback, chosen by `create_session_watch` (Vorta's
`network_status/` pattern). Qt's own `applicationStateChanged(Suspended)` is handled
by the session; these add what Qt cannot see on desktops.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject

from vigdesk.ui.session_watch.base import SessionWatch


def create_session_watch(parent: QObject | None = None) -> SessionWatch:
    """The watch for this OS; a do-nothing watch where none is available."""
    if sys.platform.startswith("linux"):
        from vigdesk.ui.session_watch.linux import LinuxSessionWatch

        return LinuxSessionWatch(parent)
    if sys.platform == "win32":
        from vigdesk.ui.session_watch.windows import WindowsSessionWatch

        return WindowsSessionWatch(parent)
    return SessionWatch(parent)


__all__ = ["SessionWatch", "create_session_watch"]
