"""Training › Accreditation log…: progress at a glance, supervision logged from the
keyboard, family details refused without losing what was typed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog
from pytestqt.qtbot import QtBot

from tests.conftest import MOTHER, add_family
from tests.ui.conftest import WAIT_MS, visible_texts
from tests.ui.test_fits_laptop import assert_fits
from vigdesk.core.sessions import SessionKind
from vigdesk.services.training import training_html
from vigdesk.ui.look import apply_look
from vigdesk.ui.main_window import MainWindow
from vigdesk.ui.training.progress_dialog import TrainingDialog, TrainingFeature


def open_log(qtbot: QtBot, window: MainWindow) -> TrainingDialog:
    feature = window.findChild(TrainingFeature)
    assert feature is not None
    feature.action.trigger()
    dialog = feature.dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.snapshot is not None, timeout=WAIT_MS)
    return dialog


def test_progress_and_a_supervision_logged_by_keyboard(
    qtbot: QtBot, main_window: MainWindow
) -> None:
    s = main_window.ctx.services
    fam = add_family(s)
    s.sessions.add_session(fam.case.id, SessionKind.FILMING, date(2026, 10, 1))
    s.sessions.add_session(fam.case.id, SessionKind.SHARED_REVIEW, date(2026, 10, 8))
    dialog = open_log(qtbot, main_window)
    assert dialog.headline.text() == "Stage 1: 1/6 cycles · 1/2 clients · 0/7 h supervision"
    assert dialog.width() <= 1280 and dialog.height() <= 720
    assert MOTHER not in visible_texts()

    dialog.by.setFocus()
    qtbot.keyClicks(dialog.by, "Dr A. Supervisor")
    qtbot.keyClick(dialog.by, Qt.Key.Key_Tab)  # on to Watched, then Learning
    qtbot.keyClick(dialog.watched, Qt.Key.Key_Tab)
    assert dialog.learning.hasFocus()
    qtbot.keyClicks(dialog.learning, f"{MOTHER} waited for the child")
    dialog.log_button.click()
    qtbot.waitUntil(lambda: "identifies a family" in dialog.message.text(), timeout=WAIT_MS)
    assert dialog.learning.toPlainText() == f"{MOTHER} waited for the child"  # nothing lost
    assert dialog.table.rowCount() == 0

    dialog.learning.setPlainText("Waiting for the initiative before naming it")
    dialog.minutes.setValue(90)
    dialog.log_button.click()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=WAIT_MS)
    assert dialog.headline.text().endswith("1.5/7 h supervision")
    assert dialog.learning.toPlainText() == ""
    assert dialog.message.text() == "Supervision logged."


def test_the_pathway_moves_the_stage(qtbot: QtBot, main_window: MainWindow) -> None:
    dialog = open_log(qtbot, main_window)
    dialog.stage.setValue(2)
    dialog.save_settings.click()
    qtbot.waitUntil(lambda: dialog.headline.text().startswith("Stage 2:"), timeout=WAIT_MS)
    assert dialog.headline.text() == "Stage 2: 0/9 cycles · 0/3 clients · 0/8 h supervision"


def test_the_log_fits_a_laptop_with_its_buttons_visible(
    qtbot: QtBot, main_window: MainWindow, qapp: QApplication
) -> None:
    apply_look(qapp)  # the app's stylesheet sets the real sizes
    try:
        assert_fits(qtbot, open_log(qtbot, main_window))
    finally:
        qapp.setStyleSheet("")


def test_the_log_saves_as_a_pdf_for_the_stage_meeting(
    qtbot: QtBot, main_window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    s = main_window.ctx.services
    add_family(s)
    s.training.log_supervision(date(2026, 10, 20), 60, "Dr A. Supervisor", learning="Waiting")
    dialog = open_log(qtbot, main_window)
    target = tmp_path / "log"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    dialog.pdf_button.click()
    qtbot.waitUntil(lambda: dialog.message.text().startswith("Saved to"), timeout=WAIT_MS)
    assert (tmp_path / "log.pdf").read_bytes().startswith(b"%PDF")
    html = training_html(dialog.snapshot.progress, dialog.snapshot.settings, dialog.snapshot.log)  # type: ignore[union-attr]
    assert "Dr A. Supervisor" in html and MOTHER not in html
