"""The stage of shared-review mode: the picture, a scrubber, large simple controls and
the reflections box. Nothing here names the family.

Buttons keep their places from step to step: what only a clip needs (play, scrubber,
speeds, loop) is hidden on a still with its space kept, and buttons whose text changes
(Play/Pause, Next/Finish) are as wide as their longest text.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from vigdesk.ui.look import mark_primary, set_role
from vigdesk.ui.review.canvas import VideoCanvas
from vigdesk.ui.review.shared.scrubber import Scrubber

STAGE = "#101418"  # as the stage's background in the stylesheet
SPEEDS = (1.0, 0.5, 0.25)


def clock_text(seconds: float) -> str:
    """ "0:04.2": minutes, seconds and tenths, for a parent to read."""
    tenths = max(0, round(seconds * 10))
    minutes, rest = divmod(tenths, 600)
    return f"{minutes}:{rest // 10:02d}.{rest % 10}"


class Stage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_role(self, "review-stage")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # holds focus between buttons
        self.canvas = VideoCanvas(background=QColor(STAGE))
        self.canvas.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.canvas.setCursor(Qt.CursorShape.PointingHandCursor)
        self.step = set_role(QLabel(), "review-stage-step")
        self.hint = set_role(QLabel(), "review-stage-hint")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.position = set_role(QLabel(), "review-stage-time")
        self.length = set_role(QLabel(), "review-stage-time")
        self.scrubber = set_role(Scrubber(), "review-scrubber")
        self.scrubber.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # ← → step frames anywhere
        self.scrubber.setAccessibleName(self.tr("Position in the clip"))
        self.scrubber.setToolTip(self.tr("Drag to find a moment; ← → move one picture"))
        self.previous = set_role(QPushButton(self.tr("◀  Back")), "review-stage-button")
        self.play = mark_primary(set_role(QPushButton(self.tr("Play")), "review-stage-button"))
        self.play.setToolTip(self.tr("Play or pause (Space)"))
        self.next = set_role(QPushButton(self.tr("Next  ▶")), "review-stage-button")
        self.previous.setToolTip(self.tr("The moment before (Page Up or P)"))
        self.next.setToolTip(self.tr("The next moment (Page Down or N)"))
        self.leave = set_role(QPushButton(self.tr("End review (Esc)")), "review-stage-quiet")
        self.speeds: list[QPushButton] = []  # one checked at a time (show_rate), each a Tab stop
        speed_tips = (
            self.tr("Normal speed (S changes the speed)"),
            self.tr("Slow motion, half speed (S)"),
            self.tr("Slow motion, quarter speed (S)"),
        )
        for rate, tip in zip(SPEEDS, speed_tips, strict=True):
            button = set_role(QPushButton(f"{rate:g}×"), "review-stage-toggle")
            button.setCheckable(True)
            button.setToolTip(tip)
            button.setAccessibleName(tip)
            self.speeds.append(button)
        self.speeds[0].setChecked(True)
        self.loop = set_role(QPushButton(self.tr("Loop (L)")), "review-stage-toggle")
        self.loop.setCheckable(True)
        self.loop.setToolTip(
            self.tr("Play this moment again and again. I and O mark where it starts and ends.")
        )
        buttons = [self.previous, self.play, self.next, self.loop]
        buttons += [*self.speeds, self.leave]
        for button in buttons:
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.reflection = QPlainTextEdit()
        self.reflection.setPlaceholderText(
            self.tr("What do you notice? What were you doing that helped?")
        )
        self.reflection.setTabChangesFocus(True)
        self.reflection.setAccessibleName(self.tr("Reflections"))
        set_role(self.reflection, "review-reflection")
        self.reflection.setFixedHeight(84)
        self.clip_only: list[QWidget] = [self.play, self.scrubber, self.position, self.length]
        self.clip_only += [self.loop, *self.speeds]
        for widget in self.clip_only:
            policy = widget.sizePolicy()
            policy.setRetainSizeWhenHidden(True)
            widget.setSizePolicy(policy)
        self._layout()

    def _layout(self) -> None:
        clip = QHBoxLayout()  # what only a clip needs, hidden together on a still
        clip.setSpacing(10)
        clip.addWidget(self.position)
        clip.addWidget(self.scrubber, 1)
        clip.addWidget(self.length)
        clip.addSpacing(14)
        for button in self.speeds:
            clip.addWidget(button)
        clip.addSpacing(6)
        clip.addWidget(self.loop)
        steps = QHBoxLayout()
        steps.setSpacing(12)
        steps.addWidget(self.step)
        steps.addStretch(1)
        for button in (self.previous, self.play, self.next):
            steps.addWidget(button)
        steps.addStretch(1)
        steps.addWidget(self.leave)
        notes = set_role(QLabel(self.tr("Reflections on this moment")), "review-stage-step")
        notes.setBuddy(self.reflection)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 20, 32, 20)
        layout.setSpacing(10)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self.hint)
        layout.addLayout(clip)
        layout.addLayout(steps)
        layout.addWidget(notes)
        layout.addWidget(self.reflection)

    def hold_widths(self) -> None:
        """Give the buttons whose text changes the width of their longest text."""
        self.leave.ensurePolished()
        self.step.ensurePolished()
        wide = self.step.fontMetrics().horizontalAdvance("88 of 88") + 4
        self.step.setFixedWidth(max(wide, self.leave.sizeHint().width()))  # centres the steps
        self.hint.setFixedHeight(self.hint.fontMetrics().height() + 8)
        for button, texts in (
            (self.play, (self.tr("Play"), self.tr("Pause"))),
            (self.next, (self.tr("Next  ▶"), self.tr("Finish  ✓"))),
        ):
            button.ensurePolished()
            shown = button.text()
            widths = []
            for text in texts:
                button.setText(text)
                widths.append(button.sizeHint().width())
            button.setText(shown)
            button.setFixedWidth(max(widths))
        for label in (self.position, self.length):
            label.ensurePolished()
            label.setMinimumWidth(label.fontMetrics().horizontalAdvance("88:88.8") + 4)

    def show_step(self, index: int, count: int, is_still: bool) -> None:
        self.step.setText(
            self.tr("%1 of %2").replace("%1", str(index + 1)).replace("%2", str(count))
        )
        last = index == count - 1
        self.next.setText(self.tr("Finish  ✓") if last else self.tr("Next  ▶"))
        self.previous.setEnabled(index > 0)
        for widget in self.clip_only:
            widget.setVisible(not is_still)

    def show_playing(self, playing: bool, has_video: bool) -> None:
        self.play.setText(self.tr("Pause") if playing else self.tr("Play"))
        self.play.setEnabled(has_video)
        self.scrubber.setEnabled(has_video)

    def show_rate(self, rate: float) -> None:
        for button, value in zip(self.speeds, SPEEDS, strict=True):
            button.setChecked(value == rate)

    def show_length(self, last_frame: int, seconds: float) -> None:
        self.scrubber.blockSignals(True)
        self.scrubber.setRange(0, max(0, last_frame))
        self.scrubber.setValue(0)
        self.scrubber.blockSignals(False)
        self.length.setText(clock_text(seconds))

    def show_position(self, frame: int, seconds: float) -> None:
        self.scrubber.blockSignals(True)
        self.scrubber.setValue(frame)
        self.scrubber.blockSignals(False)
        self.position.setText(clock_text(seconds))

    def clear(self) -> None:
        self.canvas.clear()
        self.reflection.clear()
        self.step.clear()
        self.hint.clear()
        self.position.clear()
        self.length.clear()
