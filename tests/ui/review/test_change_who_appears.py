"""Changing who appears in a video after import (issue 19): from the details of the
selected footage, clip or still; audited; consent then follows the new list."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.ui.conftest import WAIT_MS
from tests.ui.review.conftest import Idle, Seed
from tests.ui.review.test_who_appears import add_partner
from vigdesk.ui.main_window import MainWindow
from vigdesk.ui.review.page import ReviewPage


def select(qtbot: QtBot, page: ReviewPage, media_id: str) -> None:
    page.library.select(media_id)
    page.show_details(media_id)
    page.show_details_tab()
    qtbot.waitUntil(
        lambda: page.details.item is not None and page.details.item.id == media_id,
        timeout=WAIT_MS,
    )


def test_the_practitioner_adds_someone_who_appears_and_consent_follows(
    qtbot: QtBot, page: ReviewPage, review_window: MainWindow, seed: Seed, idle: Idle
) -> None:
    services = review_window.ctx.services
    partner = add_partner(review_window, seed)
    page.refresh()
    idle()
    select(qtbot, page, seed.footage_id)
    assert page.details.appears_label.text() == "Shows: MW (mother), PW"
    assert page.details.appears_button.isEnabled()
    page.details.appears_button.setFocus()
    qtbot.keyClick(page.details.appears_button, Qt.Key.Key_Space)
    work = page.appearing
    qtbot.waitUntil(lambda: work.dialog is not None and work.dialog.isVisible(), timeout=WAIT_MS)
    dialog = work.dialog
    assert dialog is not None
    assert "Who appears" in dialog.windowTitle()
    assert not dialog.boxes[partner].isChecked()  # ticked as recorded, not the default
    assert dialog.import_button.text() == "Save"
    dialog.boxes[partner].setChecked(True)
    dialog.import_button.click()
    qtbot.waitUntil(lambda: page.details.message.kind == "error", timeout=WAIT_MS)
    text = page.details.message.text()
    assert "PQ appears and has not consented to keeping" in text
    idle()
    stored = services.media.get(seed.footage_id)
    assert stored.appears is not None and partner in stored.appears
    qtbot.waitUntil(
        lambda: (
            page.details.appears_label.text() == "Shows: MW (mother), PQ (mother's partner), PW"
        ),
        timeout=WAIT_MS,
    )
    audit = [e for e in services.ctx.audit.entries() if e.action == "media.appearing_set"]
    assert audit and audit[-1].object_id == seed.footage_id

    # Taking him off again: playback is allowed once more.
    qtbot.keyClick(page.details.appears_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: work.dialog is not None and work.dialog.isVisible(), timeout=WAIT_MS)
    assert work.dialog is not None
    work.dialog.boxes[partner].setChecked(False)
    work.dialog.import_button.click()
    qtbot.waitUntil(lambda: page.details.message.kind == "notice", timeout=WAIT_MS)
    assert "Saved" in page.details.message.text()
    services.media.open_for_playback(seed.footage_id).close()


def test_nobody_ticked_cannot_be_saved_and_locking_closes_it(
    qtbot: QtBot, page: ReviewPage, review_window: MainWindow, seed: Seed
) -> None:
    select(qtbot, page, seed.clip_id)
    page.details.appears_button.click()
    work = page.appearing
    qtbot.waitUntil(lambda: work.dialog is not None and work.dialog.isVisible(), timeout=WAIT_MS)
    assert work.dialog is not None
    for box in work.dialog.boxes.values():
        box.setChecked(False)
    assert not work.dialog.import_button.isEnabled()
    review_window.ctx.events.vault_locked.emit()
    qtbot.waitUntil(lambda: work.dialog is None, timeout=WAIT_MS)
