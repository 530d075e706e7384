"""The cases feature (see vigdesk/ui/features.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vigdesk.ui.main_window import MainWindow


def install(window: MainWindow) -> None:
    """Add this feature's menus and pages to the main window."""
    del window
