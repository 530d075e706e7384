"""The layout does not jump (issue 15 item 8): on a 1280×720 laptop, with the app's own
look, the case list keeps its width from page to page, and the library/player split
keeps its place when marks are set and when playback starts."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.ui.conftest import WAIT_MS
from tests.ui.review.conftest import Idle, Seed, open_video
from vigdesk.ui.cases import feature_of
from vigdesk.ui.main_window import MainWindow
from vigdesk.ui.review import ReviewFeature
from vigdesk.ui.review.page import ReviewPage

LAPTOP = (1280, 720 - 48 - 32)  # the screen less a taskbar and a title bar


def settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def review_page(qtbot: QtBot, window: MainWindow, seed: Seed, idle: Idle) -> ReviewPage:
    feature = window.findChild(ReviewFeature)
    assert feature is not None
    idle()
    window.ctx.events.review_requested.emit(seed.case_id)
    page = feature.current_page()
    assert page is not None
    qtbot.waitUntil(lambda: page.loaded, timeout=WAIT_MS)
    return page


def test_the_case_list_keeps_its_width_between_pages(
    qtbot: QtBot, review_window: MainWindow, seed: Seed, idle: Idle, styled: None
) -> None:
    review_window.resize(1100, LAPTOP[1])  # the first window, before it is maximised
    cases = feature_of(review_window)
    assert cases is not None
    pane = review_window.workspace.pane
    record = cases.open_case(seed.case_id)
    assert record is not None
    qtbot.waitUntil(lambda: record.snapshot is not None, timeout=WAIT_MS)
    settle()
    width = pane.width()
    page = review_page(qtbot, review_window, seed, idle)
    open_video(qtbot, page, seed.footage_id)
    page.show_details_tab()
    settle()
    assert pane.width() == width
    cases.open_case(seed.case_id)
    settle()
    assert pane.width() == width
    assert review_window.minimumSizeHint().width() <= LAPTOP[0]  # still fits a laptop


def test_the_split_keeps_its_place_when_marking_and_playing(
    qtbot: QtBot, review_window: MainWindow, seed: Seed, idle: Idle, styled: None
) -> None:
    review_window.resize(*LAPTOP)
    page = review_page(qtbot, review_window, seed, idle)
    open_video(qtbot, page, seed.footage_id)
    settle()
    sizes = page.body.sizes()
    panel = page.panel
    panel.player.seek(12)
    panel.mark_in()
    panel.player.seek(40)
    panel.mark_out()
    panel.trim.name_edit.setText("A long name for the moment the child looked up")
    settle()
    assert page.body.sizes() == sizes
    panel.canvas.setFocus()
    qtbot.keyClick(panel.canvas, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: panel.player.frame > 42, timeout=WAIT_MS)
    settle()
    assert page.body.sizes() == sizes
    qtbot.keyClick(panel.canvas, Qt.Key.Key_L)
    qtbot.keyClick(panel.canvas, Qt.Key.Key_L)
    settle()
    assert page.body.sizes() == sizes
    qtbot.keyClick(panel.canvas, Qt.Key.Key_K)
