"""Review video again right after leaving the review for the family record shows the
review (the old page, taken out of the workspace but not yet deleted, was "shown" out
of sight: QStackedWidget::setCurrentWidget on a widget it no longer holds)."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from tests.ui.conftest import WAIT_MS
from tests.ui.review.conftest import Idle, Seed
from vigdesk.ui.cases import feature_of
from vigdesk.ui.main_window import MainWindow
from vigdesk.ui.review import ReviewFeature
from vigdesk.ui.review.page import ReviewPage


def test_review_again_after_the_record_shows_the_review(
    qtbot: QtBot, review_window: MainWindow, seed: Seed, idle: Idle
) -> None:
    review = review_window.findChild(ReviewFeature)
    cases = feature_of(review_window)
    assert review is not None and cases is not None
    slot = review_window.workspace.detail_slot
    idle()
    review_window.ctx.events.review_requested.emit(seed.case_id)
    qtbot.waitUntil(lambda: isinstance(slot.currentWidget(), ReviewPage), timeout=WAIT_MS)
    cases.open_case(seed.case_id)  # the review page leaves the workspace (deleted later)
    assert not isinstance(slot.currentWidget(), ReviewPage)
    review_window.ctx.events.review_requested.emit(seed.case_id)
    shown = slot.currentWidget()
    assert isinstance(shown, ReviewPage) and shown.case_id == seed.case_id
    assert review.current_page() is shown
