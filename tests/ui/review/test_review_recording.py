"""The review workspace marks footage as the recording of a review meeting (keyboard), and
a clip cut from it takes guider-skill labels, saved as you go."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.ui.conftest import WAIT_MS
from tests.ui.review.conftest import Idle, Seed
from vigdesk.core.sessions import SessionKind
from vigdesk.services.review_recordings import load_guider_skills
from vigdesk.ui.main_window import MainWindow
from vigdesk.ui.review.page import ReviewPage


def test_mark_footage_as_a_review_then_label_a_clip_with_a_guider_skill(
    qtbot: QtBot, review_window: MainWindow, page: ReviewPage, seed: Seed, idle: Idle
) -> None:
    s = review_window.ctx.services
    review = s.sessions.add_session(seed.case_id, SessionKind.SHARED_REVIEW, date(2026, 10, 8))
    page.refresh()
    qtbot.waitUntil(
        lambda: page.media is not None and bool(page.media.review_sessions), timeout=WAIT_MS
    )
    details = page.details
    page.show_details_tab()
    page.library.select(seed.footage_id)
    page.show_details(seed.footage_id)
    assert details.review_row.isVisible() and not details.skills_row.isVisible()
    details.review_box.setFocus()
    qtbot.keyClick(details.review_box, Qt.Key.Key_Down)  # "Shared review, 8 Oct 2026"
    qtbot.waitUntil(
        lambda: page.media is not None and page.media.reviews.get(seed.footage_id) == review.id,
        timeout=WAIT_MS,
    )
    assert s.reviews_filmed.for_case(seed.case_id) == {seed.footage_id: review.id}

    idle()
    page.library.select(seed.clip_id)
    page.show_details(seed.clip_id)
    assert details.skills_row.isVisible() and not details.review_row.isVisible()
    first = details.skills_tree.topLevelItem(0)
    assert first is not None
    first.setCheckState(0, Qt.CheckState.Checked)
    skill = load_guider_skills()[0].tag
    qtbot.waitUntil(lambda: skill in s.media.get(seed.clip_id).labels, timeout=WAIT_MS)
