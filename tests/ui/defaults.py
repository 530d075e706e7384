"""What Enter would press in a dialog, and whether that would destroy something.

A button is destructive when its text says so (delete, remove, erase, shred, discard,
wipe). Such a button must be neither the dialog's default button nor auto-default
(an auto-default button takes Enter whenever it has focus).
"""

from __future__ import annotations

import re

from PySide6.QtWidgets import QDialog, QMessageBox, QPushButton

DESTRUCTIVE = re.compile(r"\b(delete|remove|erase|shred|discard|wipe)", re.IGNORECASE)

# Dialogs whose destructive default is known and owned by the records and sync screens
# (issue 15, reported to their owners). Delete a line once its dialog is fixed; the
# watcher in tests/ui/conftest.py then checks that dialog too.
ELSEWHERE: dict[str, str] = {}


def is_destructive(button: QPushButton) -> bool:
    return DESTRUCTIVE.search(button.text().replace("&", "")) is not None


def destructive_defaults(dialog: QDialog) -> list[str]:
    """The destructive buttons of `dialog` that Enter could press, described."""
    found: list[str] = []
    buttons = dialog.findChildren(QPushButton)
    for button in buttons:
        if not is_destructive(button):
            continue
        name = f"{type(dialog).__name__}: “{button.text()}”"
        if button.isDefault():
            found.append(f"{name} is the default button")
        elif button.autoDefault():
            found.append(f"{name} takes Enter when focused (auto-default)")
    if isinstance(dialog, QMessageBox):
        default = dialog.defaultButton()
        if default is not None and is_destructive(default):
            found.append(f"{type(dialog).__name__}: “{default.text()}” is the default button")
    return sorted(set(found))
