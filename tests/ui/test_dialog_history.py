"""File dialogs leave no folder names in Qt's shared settings file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QFileDialog
from pytestqt.qtbot import QtBot

from tests.ui.conftest import WAIT_MS
from vigdesk.ui import dialog_history


def qt_project_text() -> str:
    settings = QSettings(QSettings.Scope.UserScope, "QtProject")
    settings.sync()
    path = Path(settings.fileName())
    return path.read_text(errors="replace") if path.exists() else ""


def test_a_closed_file_dialog_leaves_no_history(qtbot: QtBot, tmp_path: Path) -> None:
    folder = tmp_path / "Wolstenholme family visit"
    folder.mkdir()
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    guard = dialog_history.install(app)
    try:
        # Without the guard Qt would remember the folder: the control case.
        dialog = QFileDialog(None, "Pick", str(folder))
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        app.removeEventFilter(guard)
        dialog.show()
        dialog.reject()
        with qtbot.waitSignal(dialog.destroyed, timeout=WAIT_MS):
            dialog.deleteLater()
        assert "Wolstenholme" in qt_project_text()

        app.installEventFilter(guard)
        dialog_history.forget_file_dialog_history()
        guarded = QFileDialog(None, "Pick", str(folder))
        guarded.setOption(QFileDialog.Option.DontUseNativeDialog)
        guarded.show()
        guarded.reject()
        with qtbot.waitSignal(guarded.destroyed, timeout=WAIT_MS):
            guarded.deleteLater()  # Qt writes the history in the destructor...
        qtbot.waitUntil(lambda: "Wolstenholme" not in qt_project_text(), timeout=WAIT_MS)
    finally:
        app.removeEventFilter(guard)
