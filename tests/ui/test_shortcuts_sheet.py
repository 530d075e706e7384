"""Help › Keyboard shortcuts lists every shortcut there is, read from the actions and
the player's key table themselves, so the sheet cannot drift from the keys."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence

from vigdesk.ui.main_window import MainWindow
from vigdesk.ui.review.keys import key_table


def native(sequence: QKeySequence | str) -> str:
    return QKeySequence(sequence).toString(QKeySequence.SequenceFormat.NativeText)


def menu_actions(window: MainWindow) -> list[QAction]:
    found: list[QAction] = []
    pending = list(window.menuBar().actions())
    while pending:
        action = pending.pop()
        if action.menu() is not None:
            pending.extend(action.menu().actions())  # type: ignore[union-attr]
        elif not action.isSeparator():
            found.append(action)
    return found


def test_every_menu_shortcut_is_on_the_sheet(main_window: MainWindow) -> None:
    dialog = main_window.open_shortcuts()
    keys_shown = " ".join(keys for _, keys in dialog.rows())
    with_keys = [a for a in menu_actions(main_window) if not a.shortcut().isEmpty()]
    assert len(with_keys) > 3  # the feature menus' shortcuts, not only File and Help
    for action in with_keys:
        name = action.text().replace("&", "").rstrip("…")
        row = next((keys for text, keys in dialog.rows() if text == name), None)
        assert row is not None, f"{name} is missing from the sheet"
        for sequence in action.shortcuts():
            assert native(sequence) in row
    assert native("Ctrl+N") in keys_shown and native("Ctrl+Shift+S") in keys_shown
    dialog.close()


def test_every_player_key_is_on_the_sheet(main_window: MainWindow) -> None:
    dialog = main_window.open_shortcuts()
    rows = dict(dialog.rows())
    for key in key_table():
        assert key.text in rows, f"the player's {key.command} is missing"
        for sequence in key.keys:
            assert native(sequence) in rows[key.text]
    assert dialog.sections() == ["Menus", "Player (review workspace)"]
    dialog.close()
