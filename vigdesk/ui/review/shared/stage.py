"""The two screens of shared-review mode: the stage (picture, big controls, the
reflections box) and the plain "Review finished" screen. Nothing here names the family.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vigdesk.ui.look import mark_primary, set_role
from vigdesk.ui.review.canvas import VideoCanvas

STAGE = "#101418"  # as the stage's background in the stylesheet


class Stage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_role(self, "review-stage")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.canvas = VideoCanvas(background=QColor(STAGE))
        self.canvas.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.step = set_role(QLabel(), "review-stage-step")
        self.hint = set_role(QLabel(), "review-stage-hint")
        self.previous = set_role(QPushButton(self.tr("◀  Back")), "review-stage-button")
        self.play = mark_primary(set_role(QPushButton(self.tr("Play")), "review-stage-button"))
        self.next = set_role(QPushButton(self.tr("Next  ▶")), "review-stage-button")
        self.leave = set_role(QPushButton(self.tr("End review (Esc)")), "review-stage-quiet")
        for button in (self.previous, self.play, self.next, self.leave):
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.reflection = QPlainTextEdit()
        self.reflection.setPlaceholderText(
            self.tr("What do you notice? What were you doing that helped? (saved with this moment)")
        )
        self.reflection.setTabChangesFocus(True)
        self.reflection.setAccessibleName(self.tr("Reflections"))
        set_role(self.reflection, "review-reflection")
        self.reflection.setFixedHeight(96)

        controls = QHBoxLayout()
        controls.setSpacing(14)
        controls.addWidget(self.step)
        controls.addStretch(1)
        controls.addWidget(self.previous)
        controls.addWidget(self.play)
        controls.addWidget(self.next)
        controls.addStretch(1)
        controls.addWidget(self.leave)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 28, 40, 28)
        layout.setSpacing(14)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self.hint, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addLayout(controls)
        notes = set_role(QLabel(self.tr("Reflections on this moment")), "review-stage-step")
        notes.setBuddy(self.reflection)
        layout.addWidget(notes)
        layout.addWidget(self.reflection)

    def show_step(self, index: int, count: int, is_still: bool) -> None:
        self.step.setText(
            self.tr("%1 of %2").replace("%1", str(index + 1)).replace("%2", str(count))
        )
        last = index == count - 1
        self.next.setText(self.tr("Finish  ✓") if last else self.tr("Next  ▶"))
        self.previous.setEnabled(index > 0)
        self.play.setVisible(not is_still)
        self.hint.setText(
            self.tr("Take your time with this picture. Press Next when you are ready.")
            if is_still
            else ""
        )
        self.hint.setVisible(is_still)

    def show_playing(self, playing: bool, has_video: bool) -> None:
        self.play.setText(self.tr("Pause") if playing else self.tr("Play"))
        self.play.setEnabled(has_video)

    def clear(self) -> None:
        self.canvas.clear()
        self.reflection.clear()
        self.step.clear()
        self.hint.clear()


class FinishedScreen(QWidget):
    """Shown after the review: nothing personal, just a calm ending."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_role(self, "review-stage")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        title = set_role(QLabel(self.tr("Review finished")), "review-stage-title")
        note = set_role(QLabel(self.tr("Thank you for watching together.")), "review-stage-hint")
        self.close_button = set_role(QPushButton(self.tr("Close")), "review-stage-button")
        self.close_button.setAutoDefault(True)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        for widget in (title, note):
            layout.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(20)
        layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(3)
