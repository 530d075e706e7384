"""Moment markers in the player: M marks while playing, number keys type the marker,
the list and the timeline show them, clicking one seeks, Delete and Alt+arrows edit."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.ui.conftest import WAIT_MS
from tests.ui.review.conftest import Idle, Seed, open_video
from tests.ui.review.test_player import press
from vigdesk.ui.review.page import ReviewPage


def stored(page: ReviewPage, media_id: str) -> list[tuple[float, str]]:
    db = page.ctx.services.ctx.db
    rows = db.execute(
        "SELECT at_s, type FROM markers WHERE media_id = ? ORDER BY at_s", (media_id,)
    )
    return [(float(r[0]), str(r[1])) for r in rows]


def test_m_marks_during_playback_and_number_keys_set_the_type(
    qtbot: QtBot, page: ReviewPage, seed: Seed, idle: Idle
) -> None:
    open_video(qtbot, page, seed.footage_id)
    panel, player = page.panel, page.panel.player
    press(qtbot, page, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: player.playing and player.frame >= 5, timeout=WAIT_MS)
    press(qtbot, page, Qt.Key.Key_M)
    press(qtbot, page, Qt.Key.Key_1)  # may land while the marker is still being written
    qtbot.waitUntil(lambda: panel.markers.row_count() == 1, timeout=WAIT_MS)
    assert player.playing  # marking never stops playback
    qtbot.waitUntil(lambda: [t for _, t in stored(page, seed.footage_id)] == ["child_initiative"])
    first = stored(page, seed.footage_id)[0][0]
    qtbot.waitUntil(lambda: player.frame * 0.04 >= first + 0.2, timeout=WAIT_MS)
    press(qtbot, page, Qt.Key.Key_M)
    qtbot.waitUntil(lambda: panel.markers.row_count() == 2, timeout=WAIT_MS)
    idle()
    press(qtbot, page, Qt.Key.Key_2)
    qtbot.waitUntil(
        lambda: (
            [t for _, t in stored(page, seed.footage_id)] == ["child_initiative", "adult_reception"]
        ),
        timeout=WAIT_MS,
    )
    assert player.playing
    qtbot.waitUntil(
        lambda: "Initiatives received 1, missed 0" in panel.markers.summary.text(),
        timeout=WAIT_MS,
    )  # the list follows once the change is back from the database worker
    assert panel.markers.chains.topLevelItemCount() == 1
    assert panel.timeline.marker_count == 2
    names = [panel.markers.list.topLevelItem(i).text(1) for i in range(2)]  # type: ignore[union-attr]
    assert names == ["Child's initiative", "Adult's reception"]


def test_clicking_a_marker_seeks_and_keys_move_and_delete_it(
    qtbot: QtBot, page: ReviewPage, seed: Seed, idle: Idle
) -> None:
    markers = page.ctx.services.markers
    markers.add(seed.footage_id, 0.4, "child_initiative", who="PW")
    markers.add(seed.footage_id, 2.0, "adult_response", who="MW", note="names it")
    open_video(qtbot, page, seed.footage_id)
    column, player = page.panel.markers, page.panel.player
    qtbot.waitUntil(lambda: column.row_count() == 2, timeout=WAIT_MS)
    assert [column.list.topLevelItem(i).text(0) for i in range(2)] == ["0:00.40", "0:02.00"]  # type: ignore[union-attr]
    row = column.list.topLevelItem(1)
    assert row is not None
    qtbot.mouseClick(
        column.list.viewport(),
        Qt.MouseButton.LeftButton,
        pos=column.list.visualItemRect(row).center(),
    )
    qtbot.waitUntil(lambda: player.frame == 50, timeout=WAIT_MS)  # 2.00 s at 25 fps
    press(qtbot, page, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: stored(page, seed.footage_id)[1][0] == 2.04, timeout=WAIT_MS)
    idle()
    assert column.selected_id() is not None
    press(qtbot, page, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: len(stored(page, seed.footage_id)) == 1, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: column.row_count() == 1, timeout=WAIT_MS)
    assert page.panel.timeline.marker_count == 1


def test_a_clip_has_its_own_markers_and_a_still_none(
    qtbot: QtBot, page: ReviewPage, seed: Seed
) -> None:
    page.ctx.services.markers.add(seed.footage_id, 0.4, "child_initiative")
    open_video(qtbot, page, seed.footage_id)
    qtbot.waitUntil(lambda: page.panel.markers.row_count() == 1, timeout=WAIT_MS)
    open_video(qtbot, page, seed.clip_id)
    qtbot.waitUntil(lambda: page.panel.markers.row_count() == 0, timeout=WAIT_MS)
    press(qtbot, page, Qt.Key.Key_M)
    qtbot.waitUntil(lambda: page.panel.markers.row_count() == 1, timeout=WAIT_MS)
    assert len(stored(page, seed.clip_id)) == 1 and len(stored(page, seed.footage_id)) == 1


def test_clip_this_chain_makes_a_labelled_clip_with_its_markers(
    qtbot: QtBot, page: ReviewPage, seed: Seed, idle: Idle
) -> None:
    markers = page.ctx.services.markers
    for at, kind in (
        (0.8, "child_initiative"),
        (1.2, "adult_reception"),
        (1.2, "vig:receiving/eyes"),
        (1.6, "adult_response"),
    ):
        markers.add(seed.footage_id, at, kind)
    open_video(qtbot, page, seed.footage_id)
    column = page.panel.markers
    qtbot.waitUntil(lambda: column.chains.topLevelItemCount() == 1, timeout=WAIT_MS)
    column.tabs.setCurrentIndex(1)
    assert not column.clip_chain.isEnabled()
    row = column.chains.topLevelItem(0)
    assert row is not None and row.text(1) == "0.40 · 0.40 s"
    qtbot.mouseClick(
        column.chains.viewport(),
        Qt.MouseButton.LeftButton,
        pos=column.chains.visualItemRect(row).center(),
    )
    assert column.clip_chain.isEnabled()
    qtbot.mouseClick(column.clip_chain, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: page.details.item is not None and page.details.item.id != seed.footage_id,
        timeout=WAIT_MS,
    )
    idle()
    clip = page.details.item
    assert clip is not None and clip.labels == ("vig:receiving/eyes",)
    assert clip.title == "Chain at 0:00.80"
    assert (clip.start_s, clip.end_s) == (0.0, 2.64)  # 1 s pads, held inside the video
    copies = markers.list_markers(clip.id)
    assert sorted((round(m.at_s, 2), m.type) for m in copies)[0] == (0.8, "child_initiative")
    assert "Labels: Receiving initiatives" in page.activity.message.text()


def test_n_says_who_and_adds_a_note_while_the_film_plays(
    qtbot: QtBot, page: ReviewPage, seed: Seed, idle: Idle
) -> None:
    marker = page.ctx.services.markers.add(seed.footage_id, 0.4, "child_initiative")
    open_video(qtbot, page, seed.footage_id)
    column, player = page.panel.markers, page.panel.player
    qtbot.waitUntil(lambda: column.row_count() == 1, timeout=WAIT_MS)
    column.select(marker.id)
    press(qtbot, page, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: player.playing, timeout=WAIT_MS)
    press(qtbot, page, Qt.Key.Key_N)
    editor = page.marker_work.editor
    assert editor is not None and editor.isVisible() and player.playing
    assert [editor.who.itemData(i) for i in range(editor.who.count())] == ["", "MW", "PW"]
    editor.who.setCurrentIndex(editor.who.findData("PW"))
    editor.note.setText("reaches for the cup")
    editor.accept()
    qtbot.waitUntil(lambda: "Child's initiative · PW" in _row_texts(page), timeout=WAIT_MS)
    idle()
    saved = page.ctx.services.markers.list_markers(seed.footage_id)[0]
    assert (saved.who, saved.note) == ("PW", "reaches for the cup")


def _row_texts(page: ReviewPage) -> list[str]:
    rows = page.panel.markers.list
    return [rows.topLevelItem(i).text(1) for i in range(rows.topLevelItemCount())]  # type: ignore[union-attr]
