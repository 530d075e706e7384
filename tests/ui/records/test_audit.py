"""Records › Information audit: the report's figures, and "Save as PDF…" where the user picks."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from tests.conftest import CHILD, MOTHER
from tests.ui.conftest import WAIT_MS, visible_texts
from tests.ui.records.conftest import ClosedCase, WindowFactory, feature_of


def test_information_audit_shows_the_figures_and_saves_a_pdf(
    qtbot: QtBot,
    make_window: WindowFactory,
    closed_case: ClosedCase,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = tmp_path / "audit"  # the suffix is added
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window = make_window()
    feature = feature_of(window)
    qtbot.waitUntil(lambda: feature.preview_dialog is not None, timeout=WAIT_MS)
    feature.preview_dialog.reject()  # type: ignore[union-attr]
    feature.audit_action.trigger()
    dialog = feature.open_audit()
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=WAIT_MS)
    rows = dict(dialog.rows())
    assert rows["Families"] == "1" and rows["Closed"] == "1" and rows["Active"] == "0"
    assert rows["Children"] == "1" and rows["Adults"] == "1"
    assert rows["Footage files"] == "1" and rows["Clips"] == "1"
    assert rows["Items due for deletion"] == "2"
    assert rows["Filming"] == "100 %"
    shown = visible_texts()
    assert MOTHER not in shown and CHILD not in shown
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.saved_to is not None, timeout=WAIT_MS)
    assert dialog.saved_to == tmp_path / "audit.pdf"
    assert (tmp_path / "audit.pdf").read_bytes().startswith(b"%PDF")
    assert dialog.message.text() == f"Saved to {tmp_path / 'audit.pdf'}"
