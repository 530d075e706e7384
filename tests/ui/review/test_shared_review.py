"""Shared-review mode: only the chosen moments, nothing else of the case on screen,
reflections saved to each clip's note, and a plain screen after leaving."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QPlainTextEdit, QWidget
from pytestqt.qtbot import QtBot

from tests.ui.conftest import WAIT_MS
from tests.ui.review.conftest import PEOPLE, QUESTION, Idle, Seed, media_of
from vigdesk.core.media import MediaKind
from vigdesk.ui.review.page import ReviewPage
from vigdesk.ui.review.shared.chooser import ReviewChooser
from vigdesk.ui.review.shared.window import ReviewWindow


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
    assert "Press Next" in window.stage.hint.text()  # a still waits for Next
    assert_nothing_of_the_case(window, page, seed)

    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert window.finished and window.pages.currentWidget() is window.done_screen
    assert window.player.clock is None and not window.stage.canvas.has_picture
    assert_nothing_of_the_case(window, page, seed)
    assert "Review finished" in texts_in(window)
    idle()
    note = page.ctx.services.media.get(seed.clip_id).note
    assert "He looks to me before he builds." in note
    assert note.startswith("Shared review, the parent's reflections (")
    window.close()


def test_reflections_are_appended_not_replaced(
    qtbot: QtBot, page: ReviewPage, seed: Seed, idle: Idle
) -> None:
    page.ctx.services.media.annotate(
        seed.clip_id, title="Sharing a look", labels=(), note="Practitioner's note."
    )
    window = start_review(qtbot, page, seed, idle)
    window.stage.reflection.setPlainText("First thought.")
    window.next()
    window.previous()
    assert window.stage.reflection.toPlainText() == "First thought."
    window.stage.reflection.setPlainText("First thought. And another.")
    window.leave()
    idle()
    note = page.ctx.services.media.get(seed.clip_id).note
    assert note.startswith("Practitioner's note.\n\n")
    assert "First thought." in note and note.rstrip().endswith("And another.")
    assert note.count("First thought.") == 1
    window.close()


def test_lock_closes_review_mode(qtbot: QtBot, page: ReviewPage, seed: Seed, idle: Idle) -> None:
    window = start_review(qtbot, page, seed, idle)
    page.ctx.events.vault_locked.emit()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=WAIT_MS)


def test_advice_on_long_or_many_clips(page: ReviewPage, seed: Seed) -> None:
    from dataclasses import replace

    from vigdesk.ui.review.shared.playlist import advice

    clip = next(m for m in media_of(page, MediaKind.CLIP))
    assert advice([clip]) == []
    long = replace(clip, duration_s=14.0)
    assert any("longer than 10 seconds" in a for a in advice([long]))
    assert any("4 clips" in a for a in advice([clip] * 4))
    assert advice([]) == ["Choose at least one clip or still."]
