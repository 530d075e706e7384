"""Mask other people in a video or still before it is released (subject access, or a
supervision/training package): draw rectangles on the picture, move them at other
moments to add keyframes (the mask moves in a straight line between them), blur or
fill each, mute spans of sound, and preview exactly what the copy will burn in.

Frames are read in tasks from the sealed store, in memory; nothing is written. The
result is a `Redaction` (core), handed back through `redaction_chosen`. GUI thread only.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from vigdesk.core.ids import MediaId
from vigdesk.core.media import MediaItem
from vigdesk.media.redact import Keyframe, Mask, Redaction, with_keyframe
from vigdesk.media.watermark import Image
from vigdesk.services.redaction import RedactionService
from vigdesk.services.sar_words import clock
from vigdesk.ui.context import MainContext
from vigdesk.ui.failures import Failure
from vigdesk.ui.look import mark_primary, set_role
from vigdesk.ui.records.labels import count
from vigdesk.ui.records.redaction_canvas import RedactionCanvas
from vigdesk.ui.tasks import TaskContext
from vigdesk.ui.widgets.busy import BusyIndicator
from vigdesk.ui.widgets.message_line import MessageLine

STEP_MS = 40  # the time slider's step: a frame at 25 fps


class RedactionEditor(QDialog):
    redaction_chosen = Signal(object)  # Redaction

    def __init__(
        self,
        ctx: MainContext,
        media_id: MediaId,
        initial: Redaction | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.media_id = media_id
        self.item: MediaItem | None = None
        self.masks: list[Mask] = list(initial.masks) if initial else []
        self.mute: list[tuple[float, float]] = list(initial.mute) if initial else []
        self.mute_from: float | None = None
        self._loading_frame = False
        self._wanted_ms: int | None = None
        self.setObjectName("redactionEditor")
        self.setWindowTitle(self.tr("Mask other people"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(1180, 660)

        self.heading = set_role(QLabel(self.tr("Mask other people")), "heading")
        hint = set_role(
            QLabel(
                self.tr(
                    "Drag on the picture to cover someone. Move to another moment and drag "
                    "the mask (or use the arrow keys) where they are then: it follows in a "
                    "straight line between those keyframes."
                )
            ),
            "muted",
        )
        hint.setWordWrap(True)
        self.canvas = RedactionCanvas()
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setAccessibleName(self.tr("Moment"))
        self.slider.setSingleStep(STEP_MS)
        self.slider.setPageStep(1000)
        self.time_label = QLabel("0:00.0")
        timeline = QHBoxLayout()
        timeline.addWidget(self.slider, 1)
        timeline.addWidget(self.time_label)

        self.mask_list = QListWidget()
        self.mask_list.setAccessibleName(self.tr("Masks"))
        self.new_button = QPushButton(self.tr("&New mask"))
        self.key_button = QPushButton(self.tr("&Keyframe"))
        self.key_button.setToolTip(self.tr("Keep the mask where it is at this moment"))
        self.start_button = QPushButton(self.tr("&Starts here"))
        self.end_button = QPushButton(self.tr("&Ends here"))
        self.remove_button = QPushButton(self.tr("&Remove mask"))
        self.mode = QComboBox()
        self.mode.addItems([self.tr("Solid fill"), self.tr("Blur")])
        self.mode.setAccessibleName(self.tr("How the mask hides"))
        self.mute_list = QListWidget()
        self.mute_list.setAccessibleName(self.tr("Muted sound"))
        self.mute_button = QPushButton(self.tr("&Mute from here"))
        self.unmute_button = QPushButton(self.tr("Remove m&uted span"))
        self.preview_box = QCheckBox(self.tr("&Preview the result"))
        self.summary = set_role(QLabel(), "small")
        self.summary.setWordWrap(True)

        side = QVBoxLayout()
        side.setSpacing(6)
        side.addWidget(set_role(QLabel(self.tr("Masks")), "section"))
        side.addWidget(self.mask_list, 2)
        grid = QHBoxLayout()
        grid.addWidget(self.new_button)
        grid.addWidget(self.remove_button)
        side.addLayout(grid)
        side.addWidget(self.mode)
        keys = QHBoxLayout()
        keys.addWidget(self.key_button)
        keys.addWidget(self.start_button)
        keys.addWidget(self.end_button)
        side.addLayout(keys)
        side.addWidget(set_role(QLabel(self.tr("Muted sound")), "section"))
        side.addWidget(self.mute_list, 1)
        mutes = QHBoxLayout()
        mutes.addWidget(self.mute_button)
        mutes.addWidget(self.unmute_button)
        side.addLayout(mutes)
        side.addWidget(self.preview_box)
        side.addWidget(self.summary)
        side_box = QWidget()
        side_box.setLayout(side)
        side_box.setFixedWidth(340)

        picture = QVBoxLayout()
        picture.addWidget(self.canvas, 1)
        picture.addLayout(timeline)
        body = QHBoxLayout()
        body.addLayout(picture, 1)
        body.addWidget(side_box)

        self.message = MessageLine()
        self.busy = BusyIndicator()
        self.use_button = mark_primary(QPushButton(self.tr("&Use these redactions")))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.addButton(self.use_button, QDialogButtonBox.ButtonRole.AcceptRole)
        col = QVBoxLayout(self)
        col.setContentsMargins(22, 18, 22, 14)
        col.setSpacing(10)
        col.addWidget(self.heading)
        col.addWidget(hint)
        col.addLayout(body, 1)
        col.addWidget(self.message)
        col.addWidget(self.busy)
        col.addWidget(self.buttons)

        for button in (
            self.new_button,
            self.key_button,
            self.start_button,
            self.end_button,
            self.remove_button,
            self.mute_button,
            self.unmute_button,
        ):
            button.setAutoDefault(False)  # Enter never removes or changes a mask
        self.canvas.drawn.connect(self._drawn)
        self.canvas.moved.connect(self._moved)
        self.slider.valueChanged.connect(self._seek)
        self.mask_list.currentRowChanged.connect(lambda _: self._changed())
        self.mode.activated.connect(self._mode_chosen)
        self.new_button.clicked.connect(self.new_mask)
        self.key_button.clicked.connect(self.keyframe_here)
        self.start_button.clicked.connect(lambda: self._span(start=True))
        self.end_button.clicked.connect(lambda: self._span(start=False))
        self.remove_button.clicked.connect(self.remove_mask)
        self.mute_button.clicked.connect(self.toggle_mute)
        self.unmute_button.clicked.connect(self.remove_mute)
        self.preview_box.toggled.connect(lambda _: self._changed())
        self.buttons.accepted.connect(self._use)
        self.buttons.rejected.connect(self.reject)
        ctx.events.vault_locked.connect(self.close)
        self._changed()
        self._open()

    # -- state -----------------------------------------------------------------------------

    @property
    def at_s(self) -> float:
        return self.slider.value() / 1000

    def redaction(self) -> Redaction:
        return Redaction(tuple(self.masks), tuple(sorted(self.mute)))

    def chosen(self) -> int:
        row = self.mask_list.currentRow()
        return row if 0 <= row < len(self.masks) else -1

    def _changed(self, keep_row: int | None = None) -> None:
        row = self.chosen() if keep_row is None else keep_row
        self.mask_list.blockSignals(True)
        self.mask_list.clear()
        for n, m in enumerate(self.masks):
            how = self.tr("blur") if m.mode == "blur" else self.tr("fill")
            end = clock(m.end_s) if m.end_s != float("inf") else self.tr("end")
            keys = count(len(m.keyframes), "%n keyframe", "%n keyframes")
            self.mask_list.addItem(
                self.tr("Mask %1 · %2 · %3 · %4–%5")
                .replace("%1", str(n + 1))
                .replace("%2", how)
                .replace("%3", keys)
                .replace("%4", clock(m.start_s))
                .replace("%5", end)
            )
        self.mask_list.setCurrentRow(min(row, len(self.masks) - 1))
        self.mask_list.blockSignals(False)
        self.mute_list.clear()
        for a, b in sorted(self.mute):
            self.mute_list.addItem(
                self.tr("Muted %1–%2").replace("%1", clock(a)).replace("%2", clock(b))
            )
        if self.mute_from is not None:
            self.mute_list.addItem(self.tr("Muting from %1…").replace("%1", clock(self.mute_from)))
        chosen = self.chosen()
        for button in (self.key_button, self.start_button, self.end_button, self.remove_button):
            button.setEnabled(chosen >= 0)
        self.mode.setEnabled(chosen >= 0)
        if chosen >= 0:
            self.mode.setCurrentIndex(1 if self.masks[chosen].mode == "blur" else 0)
        video = self.item is not None and self.item.is_video
        self.mute_button.setEnabled(video)
        self.mute_button.setText(
            self.tr("Mute &to here") if self.mute_from is not None else self.tr("&Mute from here")
        )
        self.unmute_button.setEnabled(self.mute_list.currentRow() >= 0 or bool(self.mute))
        lines = self.redaction().describe()
        self.summary.setText("\n".join(lines) or self.tr("Nothing is masked yet."))
        self.canvas.set_state(self.redaction(), chosen, self.preview_box.isChecked())

    # -- editing ---------------------------------------------------------------------------

    def _drawn(self, x: float, y: float, w: float, h: float) -> None:
        self.masks.append(Mask((Keyframe(self.at_s, x, y, w, h),), "fill", start_s=self.at_s))
        self._changed(len(self.masks) - 1)

    def _moved(self, x: float, y: float, w: float, h: float) -> None:
        row = self.chosen()
        if row < 0:
            return
        self.masks[row] = with_keyframe(self.masks[row], Keyframe(self.at_s, x, y, w, h))
        self._changed(row)

    def new_mask(self) -> None:
        """Keyboard path: a box in the middle, to move with the arrow keys."""
        self._drawn(0.4, 0.35, 0.2, 0.3)
        self.canvas.setFocus()

    def keyframe_here(self) -> None:
        box = self.canvas.chosen_box()
        if box is not None:
            self._moved(box.x, box.y, box.w, box.h)

    def _span(self, *, start: bool) -> None:
        row = self.chosen()
        if row < 0:
            return
        mask = self.masks[row]
        if start:
            self.masks[row] = replace(mask, start_s=min(self.at_s, mask.end_s))
        else:
            self.masks[row] = replace(mask, end_s=max(self.at_s, mask.start_s))
        self._changed(row)

    def _mode_chosen(self, index: int) -> None:
        row = self.chosen()
        if row >= 0:
            self.masks[row] = replace(self.masks[row], mode="blur" if index == 1 else "fill")
            self._changed(row)

    def remove_mask(self) -> None:
        row = self.chosen()
        if row >= 0:
            del self.masks[row]
            self._changed(max(0, row - 1))

    def toggle_mute(self) -> None:
        if self.mute_from is None:
            self.mute_from = self.at_s
        else:
            a, b = sorted((self.mute_from, self.at_s))
            self.mute.append((a, b))
            self.mute_from = None
        self._changed()

    def remove_mute(self) -> None:
        row = self.mute_list.currentRow()
        spans = sorted(self.mute)
        if self.mute_from is not None and (row == len(spans) or row < 0):
            self.mute_from = None
        elif 0 <= row < len(spans):
            self.mute.remove(spans[row])
        elif spans:
            self.mute.remove(spans[-1])
        self._changed()

    def _use(self) -> None:
        self.redaction_chosen.emit(self.redaction())
        self.accept()

    # -- frames ----------------------------------------------------------------------------

    def _open(self) -> None:
        service = RedactionService(self._ctx.services.ctx)
        media_id = self.media_id

        def work(_: TaskContext) -> tuple[MediaItem, Image]:
            item = service.open_for_redaction(media_id)
            return item, service.frame(item, 0.0)

        self.busy.start(self.tr("Opening…"))
        self._ctx.runner.run(work, on_success=self._opened, on_failure=self._failed, owner=self)

    def _opened(self, loaded: tuple[MediaItem, Image]) -> None:
        self.busy.stop()
        self.item, image = loaded
        self.heading.setText(
            self.tr("Mask other people · %1").replace("%1", self.item.title or self.tr("untitled"))
        )
        last = max(0, int(self.item.duration_s * 1000) - STEP_MS) if self.item.is_video else 0
        self.slider.setRange(0, last)
        self.slider.setEnabled(self.item.is_video)
        self.canvas.show_frame(image, 0.0)
        self._changed()

    def _seek(self, ms: int) -> None:
        self.time_label.setText(clock(ms / 1000))
        if self.item is None or not self.item.is_video:
            return
        self._wanted_ms = ms
        if not self._loading_frame:
            self._fetch()

    def _fetch(self) -> None:
        if self.item is None or self._wanted_ms is None:
            return
        ms, self._wanted_ms = self._wanted_ms, None
        item, service = self.item, RedactionService(self._ctx.services.ctx)
        self._loading_frame = True

        def work(_: TaskContext) -> tuple[float, Image]:
            return ms / 1000, service.frame(item, ms / 1000)

        self._ctx.runner.run(work, on_success=self._got, on_failure=self._failed, owner=self)

    def _got(self, loaded: tuple[float, Image]) -> None:
        self._loading_frame = False
        at, image = loaded
        self.canvas.show_frame(image, at)
        self._changed()
        if self._wanted_ms is not None:  # the slider moved on meanwhile: show the latest
            self._fetch()

    def _failed(self, failure: Failure) -> None:
        self._loading_frame = False
        self.busy.stop()
        self.message.show_error(failure.message)
