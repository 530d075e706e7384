"""The review feature (see vigdesk/ui/features.py): import, player, trimmer, principle
labels, stills, contact sheet and shared-review mode.

`events.review_requested(case_id)` opens the case's review workspace in the detail
slot; its "Back to case" emits `events.case_open_requested(case_id)`. In the demo the
first active case with footage opens by itself once the main window shows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, QTimer

from vigdesk.core.ids import CaseId
from vigdesk.render.refcounts import pin_singletons
from vigdesk.ui.review.library import first_case_with_footage
from vigdesk.ui.review.page import ReviewPage

if TYPE_CHECKING:
    from vigdesk.ui.main_window import MainWindow


class ReviewFeature(QObject):
    """Lives as long as the main window; at most one workspace page at a time."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("review")
        self.window = window
        self.page: ReviewPage | None = None
        events = window.ctx.events
        events.review_requested.connect(self.open_case)
        events.vault_locked.connect(self.drop_case_data)

    def open_case(self, case_id: CaseId) -> ReviewPage:
        current = self.current_page()
        if current is not None and current.case_id == case_id:
            self.window.workspace.detail_slot.setCurrentWidget(current)
            return current
        page = ReviewPage(self.window.ctx, case_id)
        self.page = page
        self.window.workspace.set_detail(page)
        return page

    def current_page(self) -> ReviewPage | None:
        """The review page while it is in the workspace (a page another screen replaced
        is only deleted later: it no longer counts)."""
        page = self.page
        if page is None or not shiboken6.isValid(page):
            return None
        if self.window.workspace.detail_slot.indexOf(page) < 0:
            return None
        return page

    def drop_case_data(self) -> None:
        page = self.current_page()
        if page is not None:
            page.drop_case_data()

    def open_first_demo_case(self) -> None:
        """Demo only: open the first active case that has footage, ready to trim."""
        services = self.window.ctx.services
        self.window.ctx.runner.run(
            lambda _: first_case_with_footage(services),
            on_success=self._demo_case_found,
            on_failure=lambda _: None,
            owner=self.window,
        )

    def _demo_case_found(self, case_id: CaseId | None) -> None:
        if case_id is not None:
            self.window.ctx.events.review_requested.emit(case_id)


def install(window: MainWindow) -> None:
    """Add this feature's pages to the main window."""
    pin_singletons()  # PySide6 6.12.0 on CPython 3.11: see refcounts.py
    feature = ReviewFeature(window)
    if window.ctx.demo and window.ctx.profile.role != "bso":  # a BSO starts at the case list
        QTimer.singleShot(0, feature.open_first_demo_case)
