"""What is new is shown: an import is titled from its file and opens in the player;
a new clip's filmstrip fills in (issue 15 item 9)."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from tests.ui.conftest import WAIT_MS
from tests.ui.review.conftest import Idle, Seed, make_footage, media_of, open_video
from tests.ui.review.test_import import answer_offer, drop
from vigdesk.core.media import MediaKind
from vigdesk.ui.review.page import ReviewPage


def test_an_import_is_titled_from_its_file_and_opens_in_the_player(
    qtbot: QtBot, page: ReviewPage, idle: Idle, tmp_path: Path
) -> None:
    visit = make_footage(tmp_path, "garden-visit-tuesday.mp4", label="G")
    drop(page, [visit])
    answer_offer(qtbot, page, delete=False)
    qtbot.waitUntil(
        lambda: (
            page.panel.item is not None
            and page.panel.item.title == "garden-visit-tuesday.mp4"
            and page.panel.player.ready
        ),
        timeout=WAIT_MS,
    )
    idle()
    new = next(m for m in media_of(page, MediaKind.FOOTAGE) if m.title == visit.name)
    assert page.panel.item is not None and page.panel.item.id == new.id
    assert page.library.current_id() == new.id
    assert page.details.item is not None and page.details.item.id == new.id
    row = page.library.list.currentItem()
    assert row is not None and visit.name in row.text()


def test_a_new_clip_fills_its_filmstrip(
    qtbot: QtBot, page: ReviewPage, seed: Seed, idle: Idle
) -> None:
    open_video(qtbot, page, seed.footage_id)
    qtbot.waitUntil(lambda: page.panel.timeline.strip_count > 0, timeout=WAIT_MS)
    page.panel.player.seek(5)
    qtbot.waitUntil(lambda: page.panel.player.shown_frame == 5, timeout=WAIT_MS)
    page.panel.mark_in()
    page.panel.player.seek(30)
    qtbot.waitUntil(lambda: page.panel.player.shown_frame == 30, timeout=WAIT_MS)
    page.panel.mark_out()
    page.panel.trim.name_edit.setText("Waiting for a reply")
    page.panel.make_clip()
    qtbot.waitUntil(lambda: page.work.clip_task is None, timeout=WAIT_MS)
    idle()
    clip = next(m for m in media_of(page, MediaKind.CLIP) if m.title == "Waiting for a reply")
    open_video(qtbot, page, clip.id)
    qtbot.waitUntil(lambda: page.panel.timeline.strip_count > 0, timeout=WAIT_MS)
