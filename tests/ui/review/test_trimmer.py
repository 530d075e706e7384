"""The trimmer: keyboard marks make a frame-exact clip, in a task, GUI never blocked;
stills at the exact frame; labels and notes persist; the contact sheet."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QTreeWidgetItem
from pytestqt.qtbot import QtBot

from tests.ui.conftest import WAIT_MS
from tests.ui.review.conftest import QUESTION, Idle, Seed, decode_stamps, media_of, open_video
from tests.ui.review.test_player import press, settled_on
from vigdesk.core.media import MediaKind
from vigdesk.media.synth import read_stamp
from vigdesk.services.principles import helping_label, principle_label
from vigdesk.ui.main_window import MainWindow
from vigdesk.ui.review import ReviewFeature
from vigdesk.ui.review.page import ReviewPage


def test_keyboard_marks_make_a_frame_exact_clip_without_blocking(
    qtbot: QtBot, page: ReviewPage, seed: Seed, idle: Idle
) -> None:
    open_video(qtbot, page, seed.footage_id)
    page.panel.player.seek(10)
    settled_on(qtbot, page, 10)
    press(qtbot, page, Qt.Key.Key_Right)  # frame 11
    press(qtbot, page, Qt.Key.Key_I)
    press(qtbot, page, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)  # frame 36
    settled_on(qtbot, page, 36)
    press(qtbot, page, Qt.Key.Key_O)
    assert page.panel.marks == (11, 36)
    assert page.panel.trim.in_label.text() == "00:00:00.440"
    assert page.panel.trim.out_label.text() == "00:00:01.480"  # the end of frame 36
    page.panel.trim.name_edit.setText("Turn-taking with the bricks")

    # The GUI thread keeps running its event loop while the clip is made: a timer fires
    # with the task still in flight. (How smooth it stays is measured in tests/bench,
    # not asserted here: a loaded machine may pause any thread.)
    in_flight: list[bool] = []
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: in_flight.append(page.work.clip_task is not None))
    qtbot.mouseClick(page.panel.trim.make_clip, Qt.MouseButton.LeftButton)
    assert page.work.clip_task is not None and page.panel.trim.working  # running in a task
    timer.start()
    qtbot.waitUntil(lambda: page.work.clip_task is None, timeout=WAIT_MS)
    timer.stop()
    assert any(in_flight), "the GUI thread ran no timer while the clip was made"

    idle()
    clip = next(m for m in media_of(page, MediaKind.CLIP) if m.title.startswith("Turn-taking"))
    assert clip.source_media_id == seed.footage_id
    assert clip.start_s == 11 / 25 and abs(clip.duration_s - 26 / 25) < 0.005
    data = page.ctx.services.ctx.blobs.read_bytes(clip.blob_id)
    stamps, duration = decode_stamps(data)
    assert stamps == list(range(11, 37))  # from the marked frame to the out frame, inclusive
    assert abs(duration - 26 / 25) < 0.05
    assert page.tabs.currentIndex() == 1 and page.details.item == clip  # ready to label
    assert page.panel.marks == (None, None) and page.panel.trim.name_edit.text() == ""
    assert page.library.current_id() == clip.id


def test_cancelling_a_clip_keeps_nothing(
    qtbot: QtBot, page: ReviewPage, seed: Seed, idle: Idle
) -> None:
    open_video(qtbot, page, seed.footage_id)
    page.panel.player.seek(5)
    page.panel.mark_in()
    page.panel.player.seek(60)
    page.panel.mark_out()
    before = len(media_of(page, MediaKind.CLIP))
    gate = threading.Event()  # hold the database worker so the cancel lands first
    page.ctx.runner.run(lambda _: gate.wait(WAIT_MS / 1000), on_success=lambda _: None, serial=True)
    page.panel.make_clip()
    assert page.panel.trim.cancel.isVisible()
    qtbot.mouseClick(page.panel.trim.cancel, Qt.MouseButton.LeftButton)
    gate.set()
    qtbot.waitUntil(lambda: page.work.clip_task is None, timeout=WAIT_MS)
    idle()
    assert page.activity.message.text() == "No clip was made."
    assert len(media_of(page, MediaKind.CLIP)) == before
    assert not page.panel.trim.working and page.panel.marks == (5, 60)


def test_still_at_the_exact_frame(qtbot: QtBot, page: ReviewPage, seed: Seed, idle: Idle) -> None:
    open_video(qtbot, page, seed.footage_id)
    page.panel.player.seek(42)
    settled_on(qtbot, page, 42)
    press(qtbot, page, Qt.Key.Key_S)
    dialog = page.work.caption_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.setTextValue("Mum's smile")
    dialog.accept()
    qtbot.waitUntil(lambda: bool(media_of(page, MediaKind.STILL)), timeout=WAIT_MS)
    idle()
    still = media_of(page, MediaKind.STILL)[0]
    assert still.title == "Mum's smile" and still.start_s == 42 / 25
    png = page.ctx.services.media.still_png(still.id)
    import io

    import numpy as np
    from PIL import Image

    rgb = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))
    assert read_stamp(rgb) == 42


def tick(item: QTreeWidgetItem) -> None:
    item.setCheckState(0, Qt.CheckState.Checked)


def test_labels_and_notes_persist_across_reopening(
    qtbot: QtBot, review_window: MainWindow, page: ReviewPage, seed: Seed, idle: Idle
) -> None:
    page.library.select(seed.clip_id)
    page.show_details(seed.clip_id)
    details = page.details
    assert details.item is not None and details.item.id == seed.clip_id
    attentive, behaviours = details.groups[0]
    tick(behaviours[1])  # "gives time and room": ticks its principle too
    assert attentive.checkState(0) == Qt.CheckState.Checked
    tick(details.groups[4][0])  # guiding
    details.question.setCurrentIndex(details.question.findText(QUESTION))
    details.note_edit.setPlainText("She waits, and he starts the game.")
    details.title_edit.setText("Waiting for his turn")
    details.title_edit.textEdited.emit("Waiting for his turn")
    assert details.save.isEnabled()
    qtbot.mouseClick(details.save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: details.message.kind == "notice", timeout=WAIT_MS)
    idle()

    feature = review_window.findChild(ReviewFeature)
    assert feature is not None
    from PySide6.QtWidgets import QLabel

    review_window.workspace.set_detail(QLabel("elsewhere"))
    qtbot.waitUntil(lambda: feature.current_page() is None, timeout=WAIT_MS)
    review_window.ctx.events.review_requested.emit(seed.case_id)
    again = feature.current_page()
    assert again is not None and again is not page
    qtbot.waitUntil(lambda: again.loaded, timeout=WAIT_MS)
    again.library.select(seed.clip_id)
    again.show_details(seed.clip_id)
    shown = again.details
    labels = set(shown.labels())
    assert labels == {
        principle_label("attentive"),
        principle_label("attentive", "time"),
        principle_label("guiding"),
        helping_label(seed.question_id),
    }
    assert shown.title_edit.text() == "Waiting for his turn"
    assert shown.note_edit.toPlainText() == "She waits, and he starts the game."
    assert shown.question.currentText() == QUESTION
    assert shown.groups[0][0].isExpanded()  # a ticked behaviour is shown
    # the list shows the principles as chips, and filters by them
    again.library.label.setCurrentIndex(again.library.label.findData("guiding"))
    assert again.library.ids() == [seed.clip_id]
    again.library.label.setCurrentIndex(again.library.label.findData("helping"))
    assert again.library.ids() == [seed.clip_id]
    again.library.label.setCurrentIndex(again.library.label.findData("none"))
    assert seed.clip_id not in again.library.ids()


def test_filter_and_sort(page: ReviewPage, seed: Seed) -> None:
    library = page.library
    assert set(library.ids()) == {seed.footage_id, seed.clip_id}
    library.kind.setCurrentIndex(library.kind.findData("clip"))
    assert library.ids() == [seed.clip_id]
    library.kind.setCurrentIndex(library.kind.findData("still"))
    assert library.ids() == []
    library.kind.setCurrentIndex(0)
    library.sort.setCurrentIndex(library.sort.findData("longest"))
    assert library.ids() == [seed.footage_id, seed.clip_id]
    library.sort.setCurrentIndex(library.sort.findData("oldest"))
    assert library.ids() == [seed.footage_id, seed.clip_id]


def test_contact_sheet_exports_a_pdf_with_the_stills(
    qtbot: QtBot, page: ReviewPage, seed: Seed, idle: Idle, tmp_path: Path
) -> None:
    for frame, caption in ((20, "Looking up"), (50, "Sharing the tower")):
        page.work.take_still(seed.footage_id, frame / 25, caption)
    qtbot.waitUntil(lambda: len(media_of(page, MediaKind.STILL)) == 2, timeout=WAIT_MS)
    idle()
    sheet = page.work.open_contact_sheet()
    assert sheet is not None
    qtbot.waitUntil(lambda: sheet.ready, timeout=WAIT_MS)  # type: ignore[attr-defined]
    html = sheet.html()  # type: ignore[attr-defined]
    assert html.count('src="data:image/jpeg;base64,') == 2
    assert "Looking up" in html and "Sharing the tower" in html
    target = tmp_path / "stills.pdf"
    sheet.export_to(target)  # type: ignore[attr-defined]
    audit = page.ctx.services.ctx.audit

    def exported() -> list[dict[str, object]]:
        return [e.details for e in audit.entries() if e.action == "export.contact_sheet"]

    qtbot.waitUntil(lambda: bool(exported()), timeout=WAIT_MS)
    assert target.read_bytes().startswith(b"%PDF")
    (details,) = exported()  # audited, path not recorded; for the family (their consent)
    assert details["stills"] == 2 and details["purpose"] == "family_copy"
    (record,) = page.ctx.services.exports.register(seed.case_id)
    assert record.recipient == "the family"
    sheet.close()


def test_back_to_case_and_lock(qtbot: QtBot, page: ReviewPage, seed: Seed) -> None:
    with qtbot.waitSignal(page.ctx.events.case_open_requested, timeout=WAIT_MS) as signal:
        qtbot.mouseClick(page.header.back, Qt.MouseButton.LeftButton)
    assert signal.args == [seed.case_id]


def test_lock_drops_everything(qtbot: QtBot, page: ReviewPage, seed: Seed) -> None:
    open_video(qtbot, page, seed.footage_id)
    page.ctx.events.vault_locked.emit()
    assert page.media is None and page.library.ids() == []
    assert page.panel.player.clock is None and not page.panel.canvas.has_picture
    assert page.details.item is None


def test_export_lets_the_practitioner_choose_then_opens_the_package_dialog(
    qtbot: QtBot, page: ReviewPage, seed: Seed, idle: Idle
) -> None:
    from PySide6.QtWidgets import QApplication

    from vigdesk.ui.review.export_choice import ExportChoice
    from vigdesk.ui.viewer.export_dialog import ExportDialog

    page.work.take_still(seed.footage_id, 1.0, "A look")
    qtbot.waitUntil(lambda: len(media_of(page, MediaKind.STILL)) == 1, timeout=WAIT_MS)
    idle()
    choice = page.work.open_export()
    assert isinstance(choice, ExportChoice)
    kinds = {m.kind for m in choice.selection()}
    assert MediaKind.FOOTAGE not in kinds and MediaKind.STILL in kinds  # footage starts unticked
    for i in range(choice.list.count()):
        choice.list.item(i).setCheckState(Qt.CheckState.Unchecked)
    assert not choice.continue_button.isEnabled()
    choice.list.item(0).setCheckState(Qt.CheckState.Checked)
    qtbot.mouseClick(choice.continue_button, Qt.MouseButton.LeftButton)

    def dialog() -> ExportDialog | None:
        found = [w for w in QApplication.topLevelWidgets() if isinstance(w, ExportDialog)]
        return found[0] if found and found[0].isVisible() else None

    qtbot.waitUntil(lambda: dialog() is not None, timeout=WAIT_MS)
    shown = dialog()
    assert shown is not None and len(shown._media) == 1
    shown.close()
