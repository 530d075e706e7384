"""Nothing typed in the review workspace's details is lost by accident (issue 15, item 2):
details save as you go, when another item is chosen and when the page is left; the wheel
scrolls the details panel without changing the combo box it passes over.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QLabel, QScrollArea, QWidget
from pytestqt.qtbot import QtBot

from tests.ui.conftest import WAIT_MS
from tests.ui.review.conftest import Idle, Seed
from vigdesk.services.principles import principle_label
from vigdesk.ui.main_window import MainWindow
from vigdesk.ui.review import ReviewFeature
from vigdesk.ui.review.page import ReviewPage

NOTE = "Mum waits; Peregrine starts the game."


def _edit_clip(qtbot: QtBot, page: ReviewPage, seed: Seed) -> None:
    """Tick a principle and type a note on the clip, as a practitioner would."""
    page.library.select(seed.clip_id)
    page.show_details(seed.clip_id)
    page.show_details_tab()
    details = page.details
    assert details.item is not None and details.item.id == seed.clip_id
    details.groups[0][0].setCheckState(0, Qt.CheckState.Checked)
    details.note_edit.setFocus()
    qtbot.keyClicks(details.note_edit, NOTE)
    assert details.dirty


def _stored(page: ReviewPage | MainWindow, media_id: str) -> tuple[set[str], str]:
    item = page.ctx.services.media.get(media_id)
    return set(item.labels), item.note


def _row_point(page: ReviewPage, media_id: str) -> QPoint:
    lst = page.library.list
    row = page.library.ids().index(media_id)
    return lst.visualItemRect(lst.item(row)).center()


def test_choosing_another_item_saves_the_details(
    qtbot: QtBot, page: ReviewPage, seed: Seed, idle: Idle
) -> None:
    _edit_clip(qtbot, page, seed)
    page.tabs.setCurrentIndex(0)
    qtbot.mouseClick(
        page.library.list.viewport(),
        Qt.MouseButton.LeftButton,
        pos=_row_point(page, seed.footage_id),
    )
    qtbot.waitUntil(
        lambda: _stored(page, seed.clip_id) == ({principle_label("attentive")}, NOTE),
        timeout=WAIT_MS,
    )
    idle()
    assert page.details.item is not None and page.details.item.id == seed.footage_id


def test_details_save_as_you_type(qtbot: QtBot, page: ReviewPage, seed: Seed) -> None:
    _edit_clip(qtbot, page, seed)
    qtbot.waitUntil(lambda: _stored(page, seed.clip_id)[1] == NOTE, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not page.details.dirty, timeout=WAIT_MS)
    assert page.details.note_edit.toPlainText() == NOTE  # the refresh kept what is shown
    # typing on after the save leaves the cursor where it was
    qtbot.keyClicks(page.details.note_edit, " Again.")
    qtbot.waitUntil(lambda: _stored(page, seed.clip_id)[1] == NOTE + " Again.", timeout=WAIT_MS)


def test_leaving_the_workspace_saves_the_details(
    qtbot: QtBot, review_window: MainWindow, page: ReviewPage, seed: Seed, idle: Idle
) -> None:
    _edit_clip(qtbot, page, seed)
    feature = review_window.findChild(ReviewFeature)
    assert feature is not None
    review_window.workspace.set_detail(QLabel("elsewhere"))
    qtbot.waitUntil(lambda: feature.current_page() is None, timeout=WAIT_MS)
    idle()
    assert _stored(review_window, seed.clip_id) == ({principle_label("attentive")}, NOTE)


def test_the_wheel_scrolls_past_the_helping_question(
    qtbot: QtBot, review_window: MainWindow, page: ReviewPage, seed: Seed
) -> None:
    review_window.resize(1280, 720)
    page.library.select(seed.clip_id)
    page.show_details(seed.clip_id)
    page.show_details_tab()
    combo = page.details.question
    assert combo.count() > 1
    scroll = combo.parentWidget()
    while scroll is not None and not isinstance(scroll, QScrollArea):
        scroll = scroll.parentWidget()
    assert scroll is not None
    bar = scroll.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=WAIT_MS)  # the form scrolls at 720
    page.details.title_edit.setFocus()
    bar.setValue(0)
    before_index = combo.currentIndex()
    for _ in range(3):
        QApplication.sendEvent(combo, wheel_down(combo))
    assert combo.currentIndex() == before_index
    assert not combo.hasFocus()
    assert bar.value() > 0  # the form scrolled instead
    combo.setFocus()  # once chosen, the wheel may change it
    QApplication.sendEvent(combo, wheel_down(combo))
    assert combo.currentIndex() == before_index + 1


def wheel_down(widget: QWidget) -> QWheelEvent:
    centre = QPointF(widget.rect().center())
    return QWheelEvent(
        centre,
        QPointF(widget.mapToGlobal(widget.rect().center())),
        QPoint(0, 0),
        QPoint(0, -120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )


def test_locking_saves_the_details_first(
    qtbot: QtBot, review_window: MainWindow, page: ReviewPage, seed: Seed, idle: Idle
) -> None:
    """The vault locks (Ctrl+L, idle, screen lock): the edit is written before the key goes."""
    _edit_clip(qtbot, page, seed)
    review_window.ctx.events.vault_locked.emit()  # the session then locks on the same worker
    idle()
    assert page.details.item is None  # the case's data is dropped from the screen
    assert _stored(review_window, seed.clip_id) == ({principle_label("attentive")}, NOTE)


def test_saving_as_you_type_leaves_the_panel_as_it_was(
    qtbot: QtBot, page: ReviewPage, seed: Seed
) -> None:
    """The refresh after each save must not fold away a principle opened to read it."""
    page.library.select(seed.clip_id)
    page.show_details(seed.clip_id)
    details = page.details
    guiding = details.groups[4][0]
    guiding.setExpanded(True)
    details.note_edit.setFocus()
    qtbot.keyClicks(details.note_edit, "Reading the behaviours.")
    qtbot.waitUntil(
        lambda: _stored(page, seed.clip_id)[1] == "Reading the behaviours.", timeout=WAIT_MS
    )
    qtbot.waitUntil(lambda: page.ctx.runner.active_count == 0, timeout=WAIT_MS)
    assert guiding.isExpanded()
    assert details.note_edit.textCursor().position() == len("Reading the behaviours.")
