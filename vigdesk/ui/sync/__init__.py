"""The sync feature (see vigdesk/ui/features.py): the office-network indicator in the
status bar, Sync now and auto-sync, the conflicts dialog and the BSO's site console.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vigdesk.ui.main_window import MainWindow


def install(window: MainWindow) -> None:
    """Add the Sync menu and the status indicator, and start the auto-sync timer."""
    from vigdesk.ui.sync.feature import SyncFeature

    SyncFeature(window)
