"""Subject access export into a chosen folder, and erasure confirmed by the typed case code.

Qt's static file dialogs are replaced (they are Qt's layer, not ours) by functions that
return a folder or file in tmp_path.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from tests.conftest import MOTHER
from tests.ui.conftest import WAIT_MS, visible_texts
from tests.ui.records.conftest import ClosedCase, WindowFactory, feature_of
from vigdesk.core.errors import NotFound
from vigdesk.services.session import Services
from vigdesk.ui.main_window import MainWindow
from vigdesk.ui.records.dashboard import RetentionDashboard


def dashboard_on(qtbot: QtBot, window: MainWindow, case_id: str) -> RetentionDashboard:
    feature = feature_of(window)
    qtbot.waitUntil(lambda: not feature.checking, timeout=WAIT_MS)
    if feature.preview_dialog is not None:
        feature.preview_dialog.reject()
    window.ctx.events.records_requested.emit(case_id)
    dashboard = feature.open_dashboard()
    qtbot.waitUntil(lambda: dashboard.snapshot is not None, timeout=WAIT_MS)
    assert dashboard.case_bar.case_id() == case_id
    return dashboard


def test_export_writes_the_record_into_the_chosen_folder(
    qtbot: QtBot,
    make_window: WindowFactory,
    closed_case: ClosedCase,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    chosen = tmp_path / "chosen"
    chosen.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(chosen))
    family = closed_case.family
    dashboard = dashboard_on(qtbot, make_window(), family.case.id)
    dialog = dashboard.open_subject_access()
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.people is not None, timeout=WAIT_MS)
    assert dialog.warning.isVisible()
    assert "This copy is not encrypted" in visible_texts()
    assert dialog.select_person(family.mother.id)
    assert MOTHER in dialog.person_combo.currentText()
    assert not dialog.export_button.isEnabled()  # no folder yet
    qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)
    assert dialog.folder_label.text() == str(chosen)
    assert dialog.export_button.isEnabled()
    assert dialog.video_box.isEnabled() and not dialog.video_box.isChecked()
    dialog.video_box.setChecked(True)
    # Mask the child in the footage: a box drawn with the keyboard, blurred, previewed.
    assert dialog.video_combo.count() == 2
    dialog.video_combo.setCurrentIndex(0)
    editor = dialog.open_editor()
    assert editor is not None
    qtbot.waitUntil(lambda: editor.canvas.image is not None, timeout=WAIT_MS)
    qtbot.mouseClick(editor.new_button, Qt.MouseButton.LeftButton)
    qtbot.keyClick(editor.canvas, Qt.Key.Key_Right)
    editor.mode.setCurrentIndex(1)
    editor.mode.activated.emit(1)
    editor.slider.setValue(2000)
    qtbot.waitUntil(lambda: editor.canvas.at_s == 2.0, timeout=WAIT_MS)
    qtbot.keyClick(editor.canvas, Qt.Key.Key_Down)
    assert len(editor.masks) == 1 and len(editor.masks[0].keyframes) == 2
    assert editor.masks[0].mode == "blur"
    editor.preview_box.setChecked(True)
    qtbot.mouseClick(editor.use_button, Qt.MouseButton.LeftButton)
    assert "1 of 2 masked" in dialog.masked_label.text()
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.exported is not None, timeout=WAIT_MS)
    assert dialog.exported is not None
    folder = dialog.exported.folder
    assert folder.parent == chosen
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["clip-2.mp4", "footage-1-redacted.mp4", "record.json", "record.pdf"]
    record = json.loads((folder / "record.json").read_text())
    about = next(x["items"] for x in record["sections"] if x["key"] == "about")
    assert about[0]["What we hold"] == MOTHER
    (masked,) = record["redactions"].values()
    assert masked == ["Blurred from 0:00.0 to the end"]
    listed = next(x["items"] for x in record["sections"] if x["key"] == "masked")
    assert [m["What was masked"] for m in listed] == ["Blurred from 0:00.0 to the end"]
    assert (folder / "record.pdf").read_bytes().startswith(b"%PDF")
    assert dialog.message.kind == "notice" and str(folder) in dialog.message.text()
    assert dialog.show_button.isVisible() and not dialog.export_button.isVisible()


def test_erasure_needs_the_typed_case_code(
    qtbot: QtBot,
    make_window: WindowFactory,
    services: Services,
    closed_case: ClosedCase,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    certificate = tmp_path / "certificate.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(certificate), ""))
    family = closed_case.family
    dashboard = dashboard_on(qtbot, make_window(), family.case.id)
    dialog = dashboard.open_erasure()
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.people is not None, timeout=WAIT_MS)
    assert dialog.select_person(family.mother.id)
    explained = dialog.explain.text()
    assert "2 videos and stills" in explained and "legal hold" in explained
    assert "The case stays, with PW." in explained
    qtbot.keyClicks(dialog.reason_edit, "Request from the parent")
    qtbot.keyClicks(dialog.code_edit, "VIG-00-XXXX")
    assert not dialog.erase_button.isEnabled()
    dialog.code_edit.clear()
    qtbot.keyClicks(dialog.code_edit, family.case.code.lower())
    assert dialog.erase_button.isEnabled()
    with qtbot.waitSignal(dialog.erased, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.erase_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.saved_to is not None, timeout=WAIT_MS)
    assert dialog.saved_to == certificate
    assert certificate.read_bytes().startswith(b"%PDF")
    assert services.media.list_media(family.case.id) == []
    assert [p.id for p in services.cases.people(family.case.id)] == [family.child.id]
    assert not any(path.exists() for path in closed_case.blob_paths)

    # The child is the last one: erasing them takes the whole case.
    dialog.accept()
    qtbot.waitUntil(
        lambda: dashboard.snapshot is not None and not dashboard.loading, timeout=WAIT_MS
    )
    second = dashboard.open_erasure()
    assert second is not None
    qtbot.waitUntil(lambda: second.people is not None, timeout=WAIT_MS)
    assert "whole case record" in second.explain.text()
    second.reason_edit.setText("Request from the parent")
    second.code_edit.setText(family.case.code)
    with qtbot.waitSignal(second.erased, timeout=WAIT_MS):
        second.erase()
    qtbot.waitUntil(lambda: second.saved_to is not None, timeout=WAIT_MS)
    with pytest.raises(NotFound):
        services.cases.find(family.case.code)


def test_a_legal_hold_blocks_erasure(
    qtbot: QtBot, make_window: WindowFactory, services: Services, closed_case: ClosedCase
) -> None:
    family = closed_case.family
    services.retention.set_hold(family.case.id, "court order")
    dashboard = dashboard_on(qtbot, make_window(), family.case.id)
    dialog = dashboard.open_erasure()
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.people is not None, timeout=WAIT_MS)
    dialog.reason_edit.setText("Request")
    dialog.code_edit.setText(family.case.code)
    assert dialog.hold_box.isVisible()
    assert dialog.confirmed() and not dialog.erase_button.isEnabled()
    dialog.reject()
    assert not dialog.isVisible()
