"""The cases feature (see vigdesk/ui/features.py): case list, case page, people,
sessions, helping questions, questionnaires and outcomes."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vigdesk.ui.cases.feature import CasesFeature
    from vigdesk.ui.main_window import MainWindow


def install(window: MainWindow) -> None:
    """Add the Cases menu, the case list and case pages to the main window."""
    from vigdesk.ui.cases.feature import CasesFeature

    CasesFeature(window)


def feature_of(window: MainWindow) -> CasesFeature | None:
    """The installed feature (a child of the window), e.g. for tests and screenshots."""
    from vigdesk.ui.cases.feature import CasesFeature

    return window.findChild(CasesFeature)
