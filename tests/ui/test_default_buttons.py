"""No destructive action is a default button (issue 15). Every dialog any ui test opens
is checked by the `no_destructive_default` watcher in tests/ui/conftest.py; these tests
prove the watcher catches what it must, and keep its list of known exceptions honest.
"""

from __future__ import annotations

import importlib
import pkgutil

from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
)
from pytestqt.qtbot import QtBot

import vigdesk.ui
from tests.ui.conftest import WAIT_MS, DialogWatch
from tests.ui.defaults import ELSEWHERE, destructive_defaults


def _shown(qtbot: QtBot, dialog: QDialog) -> QDialog:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    QApplication.processEvents()
    return dialog


def test_a_delete_button_made_default_is_caught(
    qtbot: QtBot, no_destructive_default: DialogWatch
) -> None:
    box = QMessageBox()
    box.setText("Delete the originals?")
    delete = box.addButton("Delete originals", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton("Keep them", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(delete)
    assert destructive_defaults(_shown(qtbot, box)) == [
        "QMessageBox: “Delete originals” is the default button"
    ]
    box.close()
    # the watcher saw it too
    qtbot.waitUntil(lambda: bool(no_destructive_default.problems), timeout=WAIT_MS)
    no_destructive_default.problems.clear()


def test_an_accept_button_that_removes_is_caught_even_without_set_default(
    qtbot: QtBot, no_destructive_default: DialogWatch
) -> None:
    """A QDialogButtonBox makes its first accept button the default on show: Enter in
    any line edit of the dialog would press it."""
    dialog = QDialog()
    layout = QVBoxLayout(dialog)
    layout.addWidget(QLineEdit())
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    buttons.addButton("&Remove", QDialogButtonBox.ButtonRole.AcceptRole)
    layout.addWidget(buttons)
    assert destructive_defaults(_shown(qtbot, dialog)) == [
        "QDialog: “&Remove” is the default button"
    ]
    dialog.close()
    qtbot.waitUntil(lambda: bool(no_destructive_default.problems), timeout=WAIT_MS)
    no_destructive_default.problems.clear()


def test_a_safe_prompt_passes(qtbot: QtBot) -> None:
    box = QMessageBox()
    delete = box.addButton("Delete originals", QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton("Keep them", QMessageBox.ButtonRole.RejectRole)
    delete.setAutoDefault(False)
    box.setDefaultButton(keep)
    assert destructive_defaults(_shown(qtbot, box)) == []
    box.close()


def test_the_known_exceptions_name_dialogs_that_exist() -> None:
    """A renamed or deleted dialog must not keep an exception alive."""
    names: set[str] = set()
    for module in pkgutil.walk_packages(vigdesk.ui.__path__, "vigdesk.ui."):
        if module.name.startswith("vigdesk.ui.session_watch."):
            continue  # per-OS modules
        loaded = importlib.import_module(module.name)
        for value in vars(loaded).values():
            if isinstance(value, type) and issubclass(value, QDialog):
                names.add(value.__name__)
    assert set(ELSEWHERE) <= names
