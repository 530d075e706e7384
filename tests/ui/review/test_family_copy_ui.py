"""Family copy… from the review page: tick a clip, write strengths, choose a folder,
make the copy; refused (and the button off) while someone lacks family_copy consent."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from tests.ui.conftest import WAIT_MS
from tests.ui.letters.test_case_letters import fits
from tests.ui.review.conftest import Idle, Seed
from vigdesk.core.consent import Purpose
from vigdesk.ui.review.family_copy import FamilyCopyDialog
from vigdesk.ui.review.page import ReviewPage


def test_the_family_copy_dialog_makes_a_registered_copy(
    qtbot: QtBot, page: ReviewPage, seed: Seed, idle: Idle, tmp_path: Path
) -> None:
    dialog = page.work.open_family_copy()
    assert isinstance(dialog, FamilyCopyDialog)
    assert dialog.items.count() == 1  # the clip; never the raw footage
    assert fits(dialog)
    dialog.choose([seed.clip_id])
    qtbot.waitUntil(lambda: "agreed" in dialog.consent.text(), timeout=WAIT_MS)
    assert not dialog.make_button.isEnabled()  # no strengths, no folder yet
    qtbot.keyClicks(dialog.strengths, "You followed his lead beautifully.")
    dialog.set_folder(tmp_path)
    assert dialog.make_button.isEnabled()
    dialog.make_button.click()
    qtbot.waitUntil(lambda: dialog.made is not None, timeout=WAIT_MS)
    assert dialog.made is not None
    names = sorted(p.name for p in dialog.made.folder.iterdir())
    assert names == ["clip-01.mp4", "strengths.pdf"]
    assert seed.code not in str(dialog.made.folder)
    (record,) = page.ctx.services.exports.register(seed.case_id)
    assert record.purpose is Purpose.FAMILY_COPY


def test_without_consent_the_dialog_says_who_and_stays_off(
    qtbot: QtBot, page: ReviewPage, seed: Seed, idle: Idle, tmp_path: Path
) -> None:
    services = page.ctx.services
    for record in services.consent.for_case(seed.case_id):
        if record.purpose is Purpose.FAMILY_COPY:
            services.consent.withdraw([record.id], "changed her mind")
    dialog = page.work.open_family_copy()
    assert isinstance(dialog, FamilyCopyDialog)
    dialog.choose([seed.clip_id])
    qtbot.waitUntil(lambda: "MW" in dialog.consent.text(), timeout=WAIT_MS)
    qtbot.keyClicks(dialog.strengths, "Lovely.")
    dialog.set_folder(tmp_path)
    assert not dialog.make_button.isEnabled()
