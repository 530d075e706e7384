"""The records feature (see vigdesk/ui/features.py): retention sweep preview at unlock and
daily, the retention dashboard with legal holds, subject access export, erasure requests
with a certificate, and the information audit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vigdesk.ui.main_window import MainWindow


def install(window: MainWindow) -> None:
    """Add the Records menu and status reminder, and start the schedule checks."""
    from vigdesk.ui.records.feature import RecordsFeature

    RecordsFeature(window)
