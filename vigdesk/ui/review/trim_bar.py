"""The trimmer's controls: in/out marks with their exact times, the clip's name,
"Make clip", "Take still", and a progress line with Cancel while a clip is made.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from vigdesk.ui.look import mark_primary, set_role
from vigdesk.ui.review.keys import native
from vigdesk.ui.review.timecode import FrameClock, timecode
from vigdesk.ui.review.words import count
from vigdesk.ui.widgets.busy import BusyIndicator


class TrimBar(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mark_in = QPushButton(self.tr("Mark in"))
        self.mark_in.setToolTip(
            self.tr("The clip starts on this frame (%1)").replace("%1", native("I"))
        )
        self.mark_out = QPushButton(self.tr("Mark out"))
        self.mark_out.setToolTip(
            self.tr("The clip ends with this frame (%1)").replace("%1", native("O"))
        )
        self.in_label = set_role(QLabel("–"), "review-time")
        self.in_label.setAccessibleName(self.tr("In"))
        self.out_label = set_role(QLabel("–"), "review-time")
        self.out_label.setAccessibleName(self.tr("Out"))
        self.span_label = set_role(QLabel(), "muted")
        self.span_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.span_label.setMinimumWidth(40)
        self.clear = QToolButton()
        self.clear.setText("×")
        self.clear.setToolTip(self.tr("Clear in and out (%1)").replace("%1", native("X")))
        self.clear.setAccessibleName(self.tr("Clear in and out"))
        set_role(self.clear, "review-help")
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(self.tr("Name the clip, e.g. “Sharing a look”"))
        self.name_edit.setAccessibleName(self.tr("Clip name"))
        self.name_edit.setMaxLength(120)
        self.make_clip = mark_primary(QPushButton(self.tr("Make clip")))
        self.make_clip.setToolTip(native("Ctrl+Return"))
        self.take_still = QPushButton(self.tr("Take still…"))
        self.take_still.setToolTip(
            self.tr("Save this exact frame as a still (%1)").replace("%1", native("S"))
        )
        self.busy = BusyIndicator()
        self.cancel = QPushButton(self.tr("Cancel"))
        self.cancel.hide()

        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(8)
        marks = QHBoxLayout()
        marks.setSpacing(8)
        marks.addWidget(self.mark_in)
        marks.addWidget(self.in_label)
        marks.addSpacing(4)
        marks.addWidget(self.mark_out)
        marks.addWidget(self.out_label)
        marks.addSpacing(4)
        marks.addWidget(self.span_label, 1)
        marks.addWidget(self.clear)
        grid.addLayout(marks, 0, 0, 1, 3)
        grid.addWidget(self.name_edit, 1, 0)
        grid.addWidget(self.make_clip, 1, 1)
        grid.addWidget(self.take_still, 1, 2)
        progress = QHBoxLayout()
        progress.addWidget(self.busy, 1)
        progress.addWidget(self.cancel)
        grid.addLayout(progress, 2, 0, 1, 3)
        grid.setColumnStretch(0, 1)

    def show_marks(self, clock: FrameClock | None, first: int | None, last: int | None) -> None:
        """`first`/`last`: the first and last frame the clip holds (inclusive)."""
        has_video = clock is not None
        self.in_label.setText(
            timecode(clock.start_s(first)) if clock and first is not None else "–"
        )
        self.out_label.setText(timecode(clock.end_s(last)) if clock and last is not None else "–")
        for button in (self.mark_in, self.mark_out, self.take_still):
            button.setEnabled(has_video and not self.working)
        self.clear.setEnabled(first is not None or last is not None)
        if clock and first is not None and last is not None and last >= first:
            frames = last - first + 1
            seconds = frames / float(clock.fps)
            self.span_label.setText(self.tr("%1 s").replace("%1", f"{seconds:.2f}"))
            self.span_label.setToolTip(count(frames, "%n frame", "%n frames"))
            self.make_clip.setEnabled(not self.working)
        else:
            self.span_label.setText(self.tr("Press I and O") if has_video else "")
            self.span_label.setToolTip(self.tr("Mark where the moment starts (I) and ends (O)"))
            self.make_clip.setEnabled(False)

    @property
    def working(self) -> bool:
        return not self.busy.isHidden()

    def start_work(self, text: str, cancellable: bool = True) -> None:
        self.busy.start(text)
        self.cancel.setVisible(cancellable)
        self.cancel.setEnabled(True)
        self.make_clip.setEnabled(False)

    def stop_work(self) -> None:
        self.busy.stop()
        self.cancel.hide()
