"""The import's answer lists every file; the question about deleting the originals
keeps them unless the practitioner clicks the destructive button itself."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from tests.media.conftest import picture
from tests.ui.conftest import WAIT_MS
from tests.ui.review.conftest import Idle, make_footage, media_of
from vigdesk.core.media import MediaKind
from vigdesk.ui.review.page import ReviewPage


def the_offer(qtbot: QtBot, page: ReviewPage) -> QMessageBox:
    qtbot.waitUntil(lambda: page.importer.offer is not None, timeout=WAIT_MS)
    box = page.importer.offer
    assert box is not None
    qtbot.waitUntil(box.isVisible, timeout=WAIT_MS)
    return box


def test_enter_on_the_offer_keeps_the_originals(
    qtbot: QtBot, page: ReviewPage, idle: Idle, tmp_path: Path
) -> None:
    path = make_footage(tmp_path, seconds=1.0)
    page.importer.start([path])
    box = the_offer(qtbot, page)
    delete = next(b for b in box.buttons() if b.text() == "Delete originals")
    keep = next(b for b in box.buttons() if b.text() == "Keep them")
    assert isinstance(delete, QPushButton) and isinstance(keep, QPushButton)
    assert not delete.isDefault() and not delete.autoDefault()
    assert box.defaultButton() is keep and box.escapeButton() is keep
    box.activateWindow()
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.importer.offer is None, timeout=WAIT_MS)
    idle()
    assert path.exists(), "Enter must never delete the original footage"
    assert "overwritten" not in page.activity.message.text()


def test_escape_on_the_offer_keeps_the_originals(
    qtbot: QtBot, page: ReviewPage, idle: Idle, tmp_path: Path
) -> None:
    path = make_footage(tmp_path, seconds=1.0)
    page.importer.start([path])
    box = the_offer(qtbot, page)
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: page.importer.offer is None, timeout=WAIT_MS)
    idle()
    assert path.exists()


def test_every_file_of_a_batch_is_listed_and_only_good_ones_offered(
    qtbot: QtBot, page: ReviewPage, idle: Idle, tmp_path: Path
) -> None:
    first = make_footage(tmp_path, "A.mp4", seconds=1.0, label="A")
    photo = tmp_path / "bad.mp4"
    photo.write_bytes(picture("mjpeg", "yuvj420p"))
    empty = tmp_path / "empty.mp4"
    empty.touch()
    last = make_footage(tmp_path, "B.webm", container="webm", seconds=1.0)
    page.importer.start([first, photo, empty, last])
    box = the_offer(qtbot, page)
    assert box.detailedText().splitlines() == ["A.mp4", "B.webm"]
    button = next(b for b in box.buttons() if b.text() == "Delete originals")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not first.exists() and not last.exists(), timeout=WAIT_MS)
    idle()
    assert photo.exists() and empty.exists()
    assert len(media_of(page, MediaKind.FOOTAGE)) == 3  # the seeded one and two new


def test_the_outcome_names_each_file_in_order(
    qtbot: QtBot, page: ReviewPage, idle: Idle, tmp_path: Path
) -> None:
    first = make_footage(tmp_path, "A.mp4", seconds=1.0, label="A")
    photo = tmp_path / "bad.mp4"
    photo.write_bytes(picture("png", "rgb24"))
    last = make_footage(tmp_path, "B.mp4", seconds=1.0, label="B")
    page.importer.start([first, photo, last])
    box = the_offer(qtbot, page)
    lines = page.activity.message.text().splitlines()
    assert page.activity.message.kind == "error"
    assert lines == [
        "2 files imported.",
        "A.mp4: imported, encrypted and checked.",
        "bad.mp4 is a still image, not video.",
        "B.mp4: imported, encrypted and checked.",
    ]
    box.reject()
    idle()
