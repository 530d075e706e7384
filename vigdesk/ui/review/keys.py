"""The player's keyboard: one table drives both the shortcuts and the "?" help panel.

Every key is on the main block of a laptop keyboard (no number pad). The shortcuts are
scoped to the player panel, so typing in the clip's name field is never taken over.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QPoint, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from vigdesk.ui.look import set_role


@dataclass(frozen=True)
class Key:
    command: str  # the PlayerPanel method name it calls
    keys: tuple[str, ...]
    text: str


def _t(text: str) -> str:
    return QCoreApplication.translate("PlayerKeys", text)


def key_table() -> tuple[Key, ...]:
    return (
        Key("toggle_play", ("Space", "K"), _t("Play or pause")),
        Key("shuttle_forward", ("L",), _t("Play forwards; again for 2× and 4×")),
        Key("shuttle_back", ("J",), _t("Scrub backwards; again for 2× and 4×")),
        Key("frame_back", ("Left", ","), _t("Back one frame")),
        Key("frame_forward", ("Right", "."), _t("Forward one frame")),
        Key("second_back", ("Shift+Left",), _t("Back 1 second")),
        Key("second_forward", ("Shift+Right",), _t("Forward 1 second")),
        Key("five_back", ("Ctrl+Left", "Down"), _t("Back 5 seconds")),
        Key("five_forward", ("Ctrl+Right", "Up"), _t("Forward 5 seconds")),
        Key("go_start", ("Home",), _t("First frame")),
        Key("go_end", ("End",), _t("Last frame")),
        Key("mark_in", ("I",), _t("Mark in: the clip starts on this frame")),
        Key("mark_out", ("O",), _t("Mark out: the clip ends with this frame")),
        Key("go_in", ("Shift+I",), _t("Go to the in mark")),
        Key("go_out", ("Shift+O",), _t("Go to the out mark")),
        Key("clear_marks", ("X",), _t("Clear in and out")),
        Key("toggle_loop", ("R",), _t("Loop the marked span on or off")),
        Key("make_clip", ("Ctrl+Return",), _t("Make the clip")),
        Key("take_still", ("S",), _t("Take a still of this frame")),
        Key("slower", ("[",), _t("Slower (down to 0.25×)")),
        Key("faster", ("]",), _t("Faster (up to 2×)")),
        Key("drop_marker", ("M",), _t("Mark this moment (playback goes on)")),
        Key(
            "marker_key",
            ("1", "2", "3", "4", "5"),
            _t("Type of the selected marker: 1–4 round the circle, 5 a moment"),
        ),
        Key("edit_marker", ("N",), _t("Who the selected marker is about, and a note")),
        Key("marker_earlier", ("Alt+Left",), _t("Move the selected marker a frame earlier")),
        Key("marker_later", ("Alt+Right",), _t("Move the selected marker a frame later")),
        Key("delete_marker", ("Delete",), _t("Delete the selected marker")),
        Key("toggle_mute", ("Shift+M",), _t("Sound off or on")),
        Key("show_keys", ("?", "F1"), _t("Show these keys")),
    )


def install_shortcuts(panel: QWidget, handler: Callable[[str], None]) -> list[QShortcut]:
    """QShortcuts on `panel` (and its children) calling `handler(command)`; a command
    with several keys that must be told apart (`marker_key`) gets "command:key"."""
    made: list[QShortcut] = []
    once = ("mark_in", "mark_out", "make_clip", "drop_marker", "marker_key", "delete_marker")
    for key in key_table():
        for sequence in key.keys:
            shortcut = QShortcut(QKeySequence(sequence), panel)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.setAutoRepeat(key.command not in once)
            command = f"{key.command}:{sequence}" if key.command == "marker_key" else key.command
            shortcut.activated.connect(lambda command=command: handler(command))
            made.append(shortcut)
    return made


def native(sequence: str) -> str:
    return QKeySequence(sequence).toString(QKeySequence.SequenceFormat.NativeText)


class KeysPanel(QFrame):
    """A popup listing the player's keys; closes on Esc or a click elsewhere."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        set_role(self, "review-keys")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 16)
        layout.setSpacing(10)
        layout.addWidget(set_role(QLabel(self.tr("Player keys")), "heading"))
        grid = QGridLayout()
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(5)
        for row, key in enumerate(key_table()):
            keys = set_role(QLabel("  ".join(native(k) for k in key.keys)), "review-keycap")
            grid.addWidget(keys, row, 0, Qt.AlignmentFlag.AlignRight)
            grid.addWidget(QLabel(key.text), row, 1)
        layout.addLayout(grid)
        note = set_role(
            QLabel(
                self.tr(
                    "J scrubs backwards by stepping the picture, without sound: "
                    "the video engine cannot play in reverse."
                )
            ),
            "small",
        )
        note.setWordWrap(True)
        layout.addWidget(note)

    def rows(self) -> list[tuple[str, str]]:
        return [(" ".join(k.keys), k.text) for k in key_table()]

    def show_near(self, anchor: QWidget) -> None:
        self.adjustSize()
        corner = anchor.mapToGlobal(QPoint(anchor.width(), 0))
        self.move(corner.x() - self.width(), corner.y() - self.height() - 6)
        self.show()
