"""The row under the timeline: transport buttons, exact timecode and frame, speed, loop,
sound and the "?" keys button. It only displays the player's state; the panel wires it.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon, QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSlider,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from vigdesk.ui.look import set_role
from vigdesk.ui.review.icons import icon
from vigdesk.ui.review.keys import native
from vigdesk.ui.review.player import SHUTTLE_SPEEDS, Player
from vigdesk.ui.review.timecode import timecode

WIDE = 560  # px from which the shuttle buttons show
ROOMY = 480  # px from which the volume slider shows
SPEEDS = (0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0)  # [ and ] step through these
# The box also offers the fastest shuttle speed, so it can always say what plays.
BOX_SPEEDS = (*SPEEDS, *(float(s) for s in SHUTTLE_SPEEDS if s not in SPEEDS))


class TransportBar(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.back = self._button(icon("rewind"), self.tr("Scrub backwards"), "J")
        self.frame_back = self._button(icon("frame-back"), self.tr("Back one frame"), "Left")
        self.play = self._button(icon("play", "#FFFFFF"), self.tr("Play"), "Space")
        set_role(self.play, "review-play")
        self.frame_forward = self._button(
            icon("frame-forward"), self.tr("Forward one frame"), "Right"
        )
        self.forward = self._button(icon("forward"), self.tr("Play forwards faster"), "L")
        self.timecode = set_role(QLabel(timecode(0)), "review-timecode")
        self.timecode.setAccessibleName(self.tr("Time"))
        self.timecode.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.frame_label = set_role(QLabel(), "small")
        self.shuttle_label = set_role(QLabel(), "review-shuttle")
        self.speed = QComboBox()
        self.speed.setAccessibleName(self.tr("Playback speed"))
        self.speed.setToolTip(self.tr("Playback speed; voices keep their pitch ([ and ])"))
        for value in BOX_SPEEDS:
            self.speed.addItem(f"{value:g}×", value)
        self.speed.setCurrentIndex(BOX_SPEEDS.index(1.0))
        self.speed.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.loop = self._button(icon("loop"), self.tr("Loop the marked span"), "R")
        self.loop.setCheckable(True)
        self.mute = self._button(icon("sound"), self.tr("Sound off"), "Shift+M")
        self.volume = QSlider(Qt.Orientation.Horizontal)
        self.volume.setRange(0, 100)
        self.volume.setValue(100)
        self.volume.setFixedWidth(64)
        self.volume.hide()
        self.volume.setAccessibleName(self.tr("Volume"))
        self.volume.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.help = QToolButton()
        self.help.setText("?")
        self.help.setToolTip(self.tr("Player keys (?)"))
        self.help.setAccessibleName(self.tr("Show the player keys"))
        set_role(self.help, "review-help")

        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        for button in (self.back, self.frame_back, self.play, self.frame_forward, self.forward):
            row.addWidget(button)
        row.addSpacing(10)
        times = QVBoxLayout()
        times.setSpacing(0)
        times.addWidget(self.timecode)
        frame_row = QHBoxLayout()
        frame_row.setSpacing(8)
        frame_row.addWidget(self.frame_label)
        frame_row.addWidget(self.shuttle_label)
        frame_row.addStretch(1)
        times.addLayout(frame_row)
        row.addLayout(times)
        row.addStretch(1)
        row.addWidget(self.speed)
        row.addWidget(self.loop)
        row.addWidget(self.mute)
        row.addWidget(self.volume)
        row.addSpacing(4)
        row.addWidget(self.help)
        self.back.hide()
        self.forward.hide()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Narrow: drop the shuttle buttons (J and L still work), then the volume slider."""
        super().resizeEvent(event)
        width = event.size().width()
        for widget, room in ((self.back, WIDE), (self.forward, WIDE), (self.volume, ROOMY)):
            if widget.isHidden() != (width < room):
                widget.setVisible(width >= room)

    def _button(self, image: QIcon, text: str, key: str) -> QToolButton:
        button = QToolButton()
        button.setIcon(image)
        button.setIconSize(QSize(20, 20))
        button.setToolTip(f"{text} ({native(key)})")
        button.setAccessibleName(text)
        button.setAutoRaise(True)
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        set_role(button, "review-transport")
        return button

    def refresh(self, player: Player) -> None:
        """Show `player`'s state (GUI thread, after any of its signals)."""
        playing = player.playing
        self.play.setIcon(icon("pause" if playing else "play", "#FFFFFF"))
        self.play.setAccessibleName(self.tr("Pause") if playing else self.tr("Play"))
        muted = player.muted
        self.mute.setIcon(icon("mute" if muted else "sound"))
        self.mute.setAccessibleName(self.tr("Sound on") if muted else self.tr("Sound off"))
        if player.shuttle > 0:
            self.shuttle_label.setText(self.tr("▶▶ %1×").replace("%1", str(player.shuttle)))
        elif player.shuttle < 0:
            self.shuttle_label.setText(self.tr("◀◀ %1×").replace("%1", str(-player.shuttle)))
        else:
            self.shuttle_label.setText("")
        self.loop.setChecked(player.loop is not None)
        # What plays: a shuttle's speed (J/L) while it runs, else the chosen speed.
        index = self.speed.findData(float(abs(player.shuttle)) if player.shuttle else player.rate)
        if index >= 0 and index != self.speed.currentIndex():
            self.speed.blockSignals(True)
            self.speed.setCurrentIndex(index)
            self.speed.blockSignals(False)
        enabled = player.clock is not None
        for widget in (
            self.back,
            self.frame_back,
            self.play,
            self.frame_forward,
            self.forward,
            self.loop,
        ):
            widget.setEnabled(enabled)
        self.show_frame(player)

    def show_frame(self, player: Player) -> None:
        clock = player.clock
        if clock is None:
            self.timecode.setText(timecode(0))
            self.frame_label.setText("")
            return
        self.timecode.setText(timecode(clock.start_s(player.frame)))
        self.frame_label.setText(
            self.tr("frame %1 / %2").replace("%1", str(player.frame)).replace("%2", str(clock.last))
        )
