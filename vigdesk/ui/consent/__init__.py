"""The consent feature (see vigdesk/ui/features.py): wizard, record PDF, register, withdrawal."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vigdesk.ui.main_window import MainWindow


def install(window: MainWindow) -> None:
    """Add the Consent menu, the review reminder, and answer `consent_requested`."""
    from vigdesk.ui.consent.feature import ConsentFeature

    ConsentFeature(window)  # the window owns it (QObject parent)
