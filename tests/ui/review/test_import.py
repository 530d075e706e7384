"""Import from the file dialog or by dropping files; clear errors; the delete offer;
file dialogs leave no folder names behind; the demo opens a case ready to trim."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, QSettings, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from tests.conftest import MOTHER
from tests.ui.conftest import WAIT_MS
from tests.ui.review.conftest import Idle, Seed, make_footage, media_of
from tests.ui.review.test_who_appears import accept_who_appears
from vigdesk.core.cases import PersonKind
from vigdesk.core.media import MediaKind
from vigdesk.ui.context import MainContext
from vigdesk.ui.main_window import MainWindow
from vigdesk.ui.review import ReviewFeature
from vigdesk.ui.review.file_dialogs import choose_footage
from vigdesk.ui.review.page import ReviewPage


def drop(page: ReviewPage, paths: list[Path]) -> None:
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(
        QPointF(20, 20),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    page.dropEvent(event)
    accept_who_appears(page)


def answer_offer(qtbot: QtBot, page: ReviewPage, delete: bool) -> None:
    qtbot.waitUntil(lambda: page.importer.offer is not None, timeout=WAIT_MS)
    box = page.importer.offer
    assert box is not None and box.isVisible()
    assert "cannot guarantee" in box.informativeText()
    wanted = "Delete originals" if delete else "Keep them"
    button = next(b for b in box.buttons() if b.text() == wanted)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_dropped_files_are_imported_and_originals_deleted_on_request(
    qtbot: QtBot, page: ReviewPage, idle: Idle, tmp_path: Path
) -> None:
    first = make_footage(tmp_path, "a.mp4", label="A")
    second = make_footage(tmp_path, "b.mov", seconds=1.0)
    drop(page, [first, second])
    assert page.activity.busy.isVisible() and page.activity.cancel.isVisible()
    answer_offer(qtbot, page, delete=True)
    qtbot.waitUntil(lambda: not first.exists() and not second.exists(), timeout=WAIT_MS)
    idle()
    assert len(media_of(page, MediaKind.FOOTAGE)) == 3
    assert "overwritten and deleted" in page.activity.message.text()


def test_keeping_the_originals(qtbot: QtBot, page: ReviewPage, idle: Idle, tmp_path: Path) -> None:
    path = make_footage(tmp_path, seconds=1.0)
    page.importer.start([path])
    answer_offer(qtbot, page, delete=False)
    idle()
    assert path.exists()
    assert page.activity.message.kind == "notice"
    newest = page.library.ids()[0]  # newest first, and selected
    assert page.library.current_id() == newest


def test_a_damaged_file_is_named_and_the_rest_imported(
    qtbot: QtBot, page: ReviewPage, idle: Idle, tmp_path: Path
) -> None:
    good = make_footage(tmp_path, seconds=1.0)
    broken = tmp_path / "card-error.mp4"
    broken.write_bytes(good.read_bytes()[:3000])
    page.importer.start([broken, good])
    answer_offer(qtbot, page, delete=False)
    idle()
    assert page.activity.message.kind == "error"
    assert "card-error.mp4" in page.activity.message.text()
    assert "1 file imported." in page.activity.message.text()
    assert len(media_of(page, MediaKind.FOOTAGE)) == 2


def test_missing_consent_names_who_and_what(
    qtbot: QtBot, review_window: MainWindow, idle: Idle, tmp_path: Path
) -> None:
    services = review_window.ctx.services
    case = services.cases.add_case("JB", date(2026, 10, 1))
    services.cases.add_person(
        case.id, PersonKind.ADULT, "Juniper Blackwood", parental_responsibility=True
    )
    services.cases.add_person(
        case.id, PersonKind.CHILD, "Wren Blackwood", date_of_birth=date(2024, 1, 5)
    )
    feature = review_window.findChild(ReviewFeature)
    assert feature is not None
    page = feature.open_case(case.id)
    qtbot.waitUntil(lambda: page.loaded, timeout=WAIT_MS)
    assert "No footage yet" in page.panel.canvas._hint
    path = make_footage(tmp_path, seconds=1.0)
    page.importer.start([path])
    qtbot.waitUntil(lambda: page.activity.message.kind == "error", timeout=WAIT_MS)
    text = page.activity.message.text()
    assert text.startswith("Cannot import footage:")  # the service's words, shown as they are
    assert "for WB" in text and "filming" in text and "keeping video" in text
    assert page.importer.offer is None and path.exists()
    assert MOTHER not in text


def test_cancel_import(qtbot: QtBot, page: ReviewPage, idle: Idle, tmp_path: Path) -> None:
    import threading

    gate = threading.Event()
    page.ctx.runner.run(lambda _: gate.wait(WAIT_MS / 1000), on_success=lambda _: None, serial=True)
    page.importer.start([make_footage(tmp_path, seconds=1.0)])
    qtbot.mouseClick(page.activity.cancel, Qt.MouseButton.LeftButton)
    gate.set()
    qtbot.waitUntil(lambda: not page.importer.busy, timeout=WAIT_MS)
    idle()
    assert page.activity.message.text() == "Import cancelled. Nothing was added."
    assert len(media_of(page, MediaKind.FOOTAGE)) == 1


def test_file_dialog_leaves_no_folder_names(qtbot: QtBot, page: ReviewPage, tmp_path: Path) -> None:
    folder = tmp_path / "Wolstenholme visit"
    folder.mkdir()
    video = make_footage(folder, seconds=1.0)
    chosen: list[list[Path]] = []
    dialog = choose_footage(page.window(), chosen.append)
    assert dialog.parent() is page.window() and dialog.isVisible()
    assert any("*.mts" in f and "*.webm" in f for f in dialog.nameFilters())
    dialog.setDirectory(str(folder))
    dialog.selectFile(str(video))
    with qtbot.waitSignal(dialog.destroyed, timeout=WAIT_MS):  # it saves Qt's settings then
        dialog.accept()
    assert chosen == [[video]]
    saved = QSettings(QSettings.Scope.UserScope, "QtProject")
    saved.sync()
    stored = " ".join(str(saved.value(k)) for k in saved.allKeys())
    assert "Wolstenholme" not in stored


def test_demo_opens_the_first_case_with_footage(
    qtbot: QtBot, review_window: MainWindow, seed: Seed, idle: Idle
) -> None:
    ctx = review_window.ctx
    demo = MainContext(
        ctx.vault,
        ctx.profile,
        ctx.services,
        ctx.runner,
        ctx.events,
        ctx.settings,
        ctx.idle_ms,
        True,
    )
    window = MainWindow(demo)
    qtbot.addWidget(window)
    window.show()
    feature = window.findChild(ReviewFeature)
    assert feature is not None
    qtbot.waitUntil(lambda: feature.current_page() is not None, timeout=WAIT_MS)
    page = feature.current_page()
    assert page is not None and page.case_id == seed.case_id
    qtbot.waitUntil(lambda: page.loaded, timeout=WAIT_MS)
    idle()
    window.close()


def test_no_message_boxes_are_left_parentless(page: ReviewPage) -> None:
    assert not [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QMessageBox | QFileDialog) and w.parent() is None
    ]
