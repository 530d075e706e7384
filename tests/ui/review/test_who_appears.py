"""The import asks who appears in the footage (issue 19): the family is proposed, the
practitioner unticks who is not in it, and the import is refused, naming them, when
someone ticked lacks consent."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from tests.ui.conftest import WAIT_MS
from tests.ui.review.conftest import Idle, Seed, make_footage, media_of
from vigdesk.core.cases import PersonKind
from vigdesk.core.media import MediaKind
from vigdesk.ui.main_window import MainWindow
from vigdesk.ui.review.page import ReviewPage
from vigdesk.ui.review.who_appears import WhoAppearsDialog


def who_appears(page: ReviewPage) -> WhoAppearsDialog:
    """The question, once the people have loaded (callers without a qtbot use this)."""
    deadline = time.monotonic() + WAIT_MS / 1000
    while page.importer.who_appears is None:
        assert time.monotonic() < deadline, "the who-appears question never came"
        QTest.qWait(10)  # processes events until the condition holds
    dialog = page.importer.who_appears
    assert dialog is not None and dialog.isVisible()
    return dialog


def accept_who_appears(page: ReviewPage, untick: tuple[str, ...] = ()) -> list[str]:
    """Answer the question as a practitioner would: untick, then Import."""
    dialog = who_appears(page)
    for person_id in untick:
        dialog.boxes[person_id].setChecked(False)
    chosen = dialog.chosen()
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    return chosen


def add_partner(window: MainWindow, seed: Seed) -> str:
    return window.ctx.services.cases.add_person(
        seed.case_id, PersonKind.ADULT, "Piers Quayle", relationship="mother's partner"
    ).id


def test_the_family_is_proposed_and_someone_not_filmed_can_be_unticked(
    qtbot: QtBot,
    page: ReviewPage,
    review_window: MainWindow,
    seed: Seed,
    idle: Idle,
    tmp_path: Path,
) -> None:
    partner = add_partner(review_window, seed)
    before = len(media_of(page, MediaKind.FOOTAGE))
    page.importer.ask([make_footage(tmp_path, seconds=1.0)])
    dialog = who_appears(page)
    assert partner in dialog.chosen() and len(dialog.chosen()) == 3
    chosen = accept_who_appears(page, untick=(partner,))
    qtbot.waitUntil(lambda: page.importer.offer is not None, timeout=WAIT_MS)
    page.importer.offer.reject()  # type: ignore[union-attr]
    idle()
    footage = media_of(page, MediaKind.FOOTAGE)
    assert len(footage) == before + 1
    newest = max(footage, key=lambda m: m.created_at)
    assert newest.appears == tuple(chosen) and partner not in chosen


def test_someone_ticked_without_consent_stops_the_import_by_initials(
    qtbot: QtBot,
    page: ReviewPage,
    review_window: MainWindow,
    seed: Seed,
    idle: Idle,
    tmp_path: Path,
) -> None:
    add_partner(review_window, seed)
    before = len(media_of(page, MediaKind.FOOTAGE))
    page.importer.ask([make_footage(tmp_path, seconds=1.0)])
    accept_who_appears(page)
    qtbot.waitUntil(lambda: page.activity.message.kind == "error", timeout=WAIT_MS)
    assert "PQ appears and has not consented to filming" in page.activity.message.text()
    idle()
    assert len(media_of(page, MediaKind.FOOTAGE)) == before


def test_nobody_ticked_cannot_import_and_cancel_imports_nothing(
    qtbot: QtBot, page: ReviewPage, idle: Idle, tmp_path: Path
) -> None:
    before = len(media_of(page, MediaKind.FOOTAGE))
    page.importer.ask([make_footage(tmp_path, seconds=1.0)])
    dialog = who_appears(page)
    for box in dialog.boxes.values():
        box.setChecked(False)
    assert not dialog.import_button.isEnabled()
    assert "at least one" in dialog.hint.text()
    dialog.reject()
    idle()
    assert not page.activity.busy.isVisible()
    assert len(media_of(page, MediaKind.FOOTAGE)) == before


def test_locking_closes_the_question(
    qtbot: QtBot, page: ReviewPage, review_window: MainWindow, idle: Idle, tmp_path: Path
) -> None:
    page.importer.ask([make_footage(tmp_path, seconds=1.0)])
    who_appears(page)
    review_window.ctx.events.vault_locked.emit()
    qtbot.waitUntil(lambda: page.importer.who_appears is None, timeout=WAIT_MS)
