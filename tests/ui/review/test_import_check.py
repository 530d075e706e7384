"""After an import returns, every frame is decode-checked in the background with
progress in the library; damage shows on the footage's row, and each import shows its
file name as title and the recording date from the camera."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from pytestqt.qtbot import QtBot

from tests.media.damage import clean_video, damaged
from tests.ui.conftest import WAIT_MS
from tests.ui.review.conftest import Idle, make_footage
from vigdesk.core.dates import day_text
from vigdesk.ui.review.media_delegate import ROW_ROLE, Row
from vigdesk.ui.review.page import ReviewPage


def rows(page: ReviewPage) -> dict[str, tuple[Row, str]]:
    """Title → (what the delegate draws, tooltip) for each row of the library."""
    out = {}
    for index in range(page.library.list.count()):
        item = page.library.list.item(index)
        row = item.data(ROW_ROLE)
        assert isinstance(row, Row)
        out[row.title] = (row, item.toolTip())
    return out


def chips(page: ReviewPage, title: str) -> list[str]:
    found = rows(page).get(title)
    return [text for text, _ in found[0].chips] if found else []


def test_damage_found_in_the_background_shows_in_the_library(
    qtbot: QtBot, page: ReviewPage, idle: Idle, tmp_path: Path
) -> None:
    bad, good = tmp_path / "visit.mp4", tmp_path / "calm.mp4"
    bad.write_bytes(damaged(clean_video("mp4")))
    good.write_bytes(clean_video("mp4", 2))
    progress: list[tuple[str, object]] = []
    page.importer.check_progressed.connect(lambda media_id, f: progress.append((media_id, f)))
    page.importer.start([bad, good])
    qtbot.waitUntil(lambda: page.importer.offer is not None, timeout=WAIT_MS)
    assert page.importer.offer is not None
    page.importer.offer.reject()
    qtbot.waitUntil(lambda: "Damaged footage" in chips(page, "visit.mp4"), timeout=WAIT_MS)
    idle()
    _, tip = rows(page)["visit.mp4"]
    assert "of 150 frames could not be decoded between 00:00:02 and" in tip
    assert "Damaged footage" not in chips(page, "calm.mp4")
    assert not any(c.startswith("Checking") for c in chips(page, "calm.mp4"))
    ids = {media_id for media_id, _ in progress}
    assert len(ids) == 2  # both checked, one after the other
    assert all(f is None for _, f in progress[-1:])
    assert "could not be decoded" in page.activity.message.text()


def test_the_row_shows_checking_while_the_check_runs(
    qtbot: QtBot, page: ReviewPage, idle: Idle, tmp_path: Path
) -> None:
    page.library.show_check(page.library.ids()[0], 0.4)
    first = page.library.list.item(0).data(ROW_ROLE)
    assert isinstance(first, Row) and "Checking frames 40%" in [t for t, _ in first.chips]
    page.library.show_check(page.library.ids()[0], None)
    first = page.library.list.item(0).data(ROW_ROLE)
    assert not any(t.startswith("Checking") for t, _ in first.chips)


def test_the_title_is_the_file_name_and_the_date_when_it_was_filmed(
    qtbot: QtBot, page: ReviewPage, idle: Idle, tmp_path: Path
) -> None:
    filmed = datetime(2023, 11, 20, 9, 30, tzinfo=UTC)
    path = make_footage(tmp_path, "MVI_0423.MOV", container="mov", seconds=1.0, recorded_at=filmed)
    page.importer.start([path])
    qtbot.waitUntil(lambda: page.importer.offer is not None, timeout=WAIT_MS)
    assert page.importer.offer is not None
    page.importer.offer.reject()
    qtbot.waitUntil(lambda: "MVI_0423.MOV" in rows(page), timeout=WAIT_MS)
    idle()
    row, _ = rows(page)["MVI_0423.MOV"]
    assert day_text(filmed) in row.meta
