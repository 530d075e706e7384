"""Shared-review mode: only the chosen moments, nothing else of the case on screen, a
plain screen after leaving, and the reflections recorded in a shared-review session."""

from __future__ import annotations

from datetime import date

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QPlainTextEdit, QWidget
from pytestqt.qtbot import QtBot

from tests.ui.conftest import WAIT_MS
from tests.ui.review.conftest import PEOPLE, QUESTION, Idle, Seed, media_of
from vigdesk.core.media import MediaKind
from vigdesk.core.sessions import SessionKind
from vigdesk.ui.review.page import ReviewPage
from vigdesk.ui.review.shared.chooser import ReviewChooser
from vigdesk.ui.review.shared.window import ReviewWindow


def gone(window: QWidget) -> bool:
    return not shiboken6.isValid(window) or not window.isVisible()


def texts_in(root: QWidget) -> list[str]:
    """Every text a person could read in `root`'s widget tree, visible or not."""
    found = [root.windowTitle()]
    for widget in [root, *root.findChildren(QWidget)]:
        if isinstance(widget, QLabel | QLineEdit | QAbstractButton):
            found.append(widget.text())
        if isinstance(widget, QPlainTextEdit):
            found.extend([widget.toPlainText(), widget.placeholderText()])
        found.extend([widget.toolTip(), widget.accessibleName(), widget.windowTitle()])
    return [t for t in found if t]


def assert_nothing_of_the_case(window: QWidget, page: ReviewPage, seed: Seed) -> None:
    assert page.media is not None
    secrets = [seed.code, seed.initials, *PEOPLE, QUESTION]
    secrets += [m.title for m in page.media.items]
    for text in texts_in(window):
        for secret in secrets:
            assert secret not in text, f"{secret!r} shown in {text!r}"


def start_review(qtbot: QtBot, page: ReviewPage, seed: Seed, idle: Idle) -> ReviewWindow:
    page.work.take_still(seed.footage_id, 1.0, "Teddy looks up")
    qtbot.waitUntil(lambda: bool(media_of(page, MediaKind.STILL)), timeout=WAIT_MS)
    idle()
    chooser = page.work.open_shared_review()
    assert isinstance(chooser, ReviewChooser)
    assert [m.kind for m in chooser.chosen()] == [MediaKind.CLIP, MediaKind.STILL]
    window = chooser.start_review()
    assert isinstance(window, ReviewWindow)
    assert window.parentWidget() is page.window()  # locking the main window closes it
    qtbot.waitUntil(lambda: window.player.ready, timeout=WAIT_MS)
    return window


def test_review_mode_shows_no_other_case_data(
    qtbot: QtBot, page: ReviewPage, seed: Seed, idle: Idle
) -> None:
    window = start_review(qtbot, page, seed, idle)
    assert window.isFullScreen() or window.windowState() & Qt.WindowState.WindowFullScreen
    assert window.stage.step.text() == "1 of 2"
    assert_nothing_of_the_case(window, page, seed)
    qtbot.waitUntil(lambda: window.player.playing or window.player.frame > 0, timeout=WAIT_MS)

    window.stage.reflection.setPlainText("He looks to me before he builds.")
    qtbot.keyClick(window, Qt.Key.Key_PageDown)
    assert window.index == 1 and not window.stage.play.isVisibleTo(window)
    qtbot.waitUntil(lambda: window.stage.canvas.has_picture, timeout=WAIT_MS)
    assert "Press Finish" in window.stage.hint.text()  # the last still waits for Finish
    assert_nothing_of_the_case(window, page, seed)

    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert window.finished and window.pages.currentWidget() is window.done_screen
    assert window.player.clock is None and not window.stage.canvas.has_picture
    assert_nothing_of_the_case(window, page, seed)
    assert "Review finished" in texts_in(window)
    idle()
    assert_nothing_of_the_case(window, page, seed)  # the session list shows dates only
    window.close()


def test_the_end_records_a_new_shared_review_session_with_the_reflections(
    qtbot: QtBot, page: ReviewPage, seed: Seed, idle: Idle
) -> None:
    services = page.ctx.services
    services.media.annotate(seed.clip_id, title="Sharing a look", labels=(), note="Mine.")
    window = start_review(qtbot, page, seed, idle)
    window.stage.reflection.setPlainText("First thought.")
    window.next()
    window.previous()
    assert window.stage.reflection.toPlainText() == "First thought."
    window.stage.reflection.setPlainText("First thought. And another.")
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    idle()
    done = window.done_screen
    assert done.target.currentText() == "A new shared review session, today"
    assert done.save.isEnabled() and not done.save.isDefault()
    assert window.focusWidget() is done.save
    qtbot.keyClick(done.save, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: gone(window), timeout=WAIT_MS)
    idle()
    [session] = services.sessions.list_sessions(seed.case_id)
    assert session.kind is SessionKind.SHARED_REVIEW
    assert session.held_on == page.ctx.services.ctx.today()
    assert "clip “Sharing a look”: First thought. And another." in session.notes
    assert session.notes.count("First thought.") == 1
    assert seed.clip_id in session.media_ids
    assert services.media.get(seed.clip_id).note == "Mine."  # nothing goes on the clip


def test_the_practitioner_picks_the_review_session_it_belongs_to(
    qtbot: QtBot, page: ReviewPage, seed: Seed, idle: Idle
) -> None:
    services = page.ctx.services
    earlier = services.sessions.add_session(
        seed.case_id, SessionKind.SHARED_REVIEW, date(2026, 10, 2), notes="Planned."
    )
    services.sessions.add_session(seed.case_id, SessionKind.FILMING, date(2026, 10, 1))
    window = start_review(qtbot, page, seed, idle)
    window.stage.reflection.setPlainText("She waits for him.")
    window.leave()
    idle()
    target = window.done_screen.target
    texts = [target.itemText(i) for i in range(target.count())]
    assert texts == ["A new shared review session, today", "The shared review of 2 Oct 2026"]
    target.setCurrentIndex(1)
    window.done_screen.save.click()
    qtbot.waitUntil(lambda: gone(window), timeout=WAIT_MS)
    idle()
    sessions = services.sessions.list_sessions(seed.case_id)
    assert len(sessions) == 2
    [review] = [s for s in sessions if s.id == earlier.id]
    assert review.notes.startswith("Planned.\n\n") and "She waits for him." in review.notes


def test_closing_the_review_records_it_too(
    qtbot: QtBot, page: ReviewPage, seed: Seed, idle: Idle
) -> None:
    window = start_review(qtbot, page, seed, idle)
    window.stage.reflection.setPlainText("Nothing is lost.")
    window.close()
    idle()
    [session] = page.ctx.services.sessions.list_sessions(seed.case_id)
    assert "Nothing is lost." in session.notes


def test_lock_closes_review_mode(qtbot: QtBot, page: ReviewPage, seed: Seed, idle: Idle) -> None:
    window = start_review(qtbot, page, seed, idle)
    window.stage.reflection.setPlainText("Said just before the lock.")
    page.ctx.events.vault_locked.emit()
    qtbot.waitUntil(lambda: gone(window), timeout=WAIT_MS)
    idle()  # the words went to a review session on the serial worker, before the key goes
    [session] = page.ctx.services.sessions.list_sessions(seed.case_id)
    assert "Said just before the lock." in session.notes


def test_advice_on_long_or_many_clips(page: ReviewPage, seed: Seed) -> None:
    from dataclasses import replace

    from vigdesk.ui.review.shared.playlist import advice

    clip = next(m for m in media_of(page, MediaKind.CLIP))
    assert advice([clip]) == []
    long = replace(clip, duration_s=14.0)
    assert any("longer than 10 seconds" in a for a in advice([long]))
    assert any("4 clips" in a for a in advice([clip] * 4))
    assert advice([]) == ["Choose at least one clip or still."]
