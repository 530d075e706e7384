"""Training › Accreditation log…: stage progress, the trainee's settings, supervision.

Everything is read and written in tasks; the page shows no family: cycles are counts,
supervision entries refuse family details (the service checks).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vigdesk.core.accreditation import StageProgress, Supervision, SupervisionFormat, hours
from vigdesk.core.changes import Changed
from vigdesk.core.dates import QT_FORMAT, day_text
from vigdesk.services.replies import ReplyImport
from vigdesk.services.training import TrainingSettings, training_html
from vigdesk.ui.context import MainContext
from vigdesk.ui.failures import Failure
from vigdesk.ui.look import mark_primary, set_role
from vigdesk.ui.records.pdf_save import ask_pdf_path, write_pdf
from vigdesk.ui.tasks import TaskContext
from vigdesk.ui.widgets.message_line import MessageLine

if TYPE_CHECKING:
    from vigdesk.ui.main_window import MainWindow


@dataclass(frozen=True)
class Snapshot:
    settings: TrainingSettings
    progress: StageProgress
    log: list[Supervision]
    stages: int


def buddy(text: str, field: QWidget) -> QLabel:
    """A label whose &-mnemonic moves focus to `field`."""
    label = QLabel(text)
    label.setBuddy(field)
    return label


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class TrainingFeature(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.dialog: TrainingDialog | None = None
        menu = window.add_menu(self.tr("&Training"))
        self.action = menu.addAction(self.tr("&Accreditation log…"))
        self.action.triggered.connect(self.open)
        self.reply_action = menu.addAction(self.tr("&Import supervisor's reply…"))
        self.reply_action.triggered.connect(lambda: self.import_reply())
        self.last_import: ReplyImport | None = None

    def import_reply(self, path: Path | None = None) -> None:
        """Attach a supervisor's reply file (chosen here) to the clips it comments on."""
        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(
                self.window,
                self.tr("Import a supervisor's reply"),
                str(Path.home()),
                self.tr("vigdesk replies (*.vigreply);;All files (*)"),
            )
            if not chosen:
                return
            path = Path(chosen)
        replies, ctx, source = self.window.ctx.services.replies, self.window.ctx, path

        def work(task: TaskContext) -> ReplyImport:
            return replies.import_reply(source)

        def done(result: ReplyImport) -> None:
            self.last_import = result
            ctx.events.announce_changes({Changed.MEDIA, Changed.TRAINING})
            QMessageBox.information(
                self.window,
                self.tr("Reply imported"),
                self.tr("%1 comments from %2 are on the clips; the supervision is logged.")
                .replace("%1", str(result.comments))
                .replace("%2", result.supervisor),
            )

        def failed(failure: Failure) -> None:
            QMessageBox.warning(self.window, self.tr("Reply not imported"), failure.message)

        ctx.runner.run(work, on_success=done, on_failure=failed, owner=self.window)

    def open(self) -> TrainingDialog:
        if self.dialog is None:
            self.dialog = TrainingDialog(self.window.ctx, self.window)
            self.dialog.destroyed.connect(lambda: setattr(self, "dialog", None))
        self.dialog.show()
        self.dialog.raise_()
        return self.dialog


class TrainingDialog(QDialog):
    """GUI thread only."""

    def __init__(self, ctx: MainContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.snapshot: Snapshot | None = None
        self.setWindowTitle(self.tr("Accreditation log"))
        self.setObjectName("trainingLog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(980, 620)  # fits 1280×720

        self.headline = set_role(QLabel(self.tr("Counting…")), "title")
        self.note = set_role(
            QLabel(
                self.tr(
                    "A cycle is a filming followed by a shared review with the same family. "
                    "Counts stay when a family's records are deleted; no family is named here."
                )
            ),
            "muted",
        )
        self.note.setWordWrap(True)
        self.bars = {k: QProgressBar() for k in ("cycles", "clients", "supervision")}
        self.figures = {k: QLabel() for k in self.bars}
        self.state = set_role(QLabel(), "muted")
        bars = QGridLayout()
        bars.setColumnStretch(1, 1)
        for row, (key, label) in enumerate(
            (
                ("cycles", self.tr("Cycles")),
                ("clients", self.tr("New families")),
                ("supervision", self.tr("Supervision")),
            )
        ):
            self.bars[key].setTextVisible(False)
            bars.addWidget(QLabel(label), row, 0)
            bars.addWidget(self.bars[key], row, 1)
            bars.addWidget(self.figures[key], row, 2)

        # Your pathway
        self.stage = QSpinBox()
        self.stage.setRange(1, 3)
        self.since = self._date_edit()
        self.course = self._date_edit()
        self.supervisor = QLineEdit()
        self.save_settings = QPushButton(self.tr("Save &pathway"))
        pathway = QGroupBox(self.tr("Your pathway"))
        form = QFormLayout(pathway)
        form.addRow(self.tr("&Stage"), self.stage)
        form.addRow(self.tr("Stage &began"), self.since)
        form.addRow(self.tr("&Initial course"), self.course)
        form.addRow(self.tr("Super&visor"), self.supervisor)
        form.addRow("", self.save_settings)

        # Log supervision
        self.held_on = self._date_edit()
        self.minutes = QSpinBox()
        self.minutes.setRange(5, 600)
        self.minutes.setSingleStep(15)
        self.minutes.setValue(60)
        self.minutes.setSuffix(self.tr(" min"))
        self.format = QComboBox()
        self.format.addItem(self.tr("Individual"), SupervisionFormat.INDIVIDUAL.value)
        self.format.addItem(self.tr("Group"), SupervisionFormat.GROUP.value)
        self.by = QLineEdit()
        self.watched = QLineEdit()
        self.watched.setPlaceholderText(self.tr("package ids, separated by spaces"))
        self.learning = QPlainTextEdit()
        self.learning.setTabChangesFocus(True)
        self.learning.setPlaceholderText(self.tr("What you learnt (no family names or codes)"))
        self.learning.setFixedHeight(52)
        self.log_button = mark_primary(QPushButton(self.tr("&Log supervision")))
        entry = QGroupBox(self.tr("Log supervision"))
        add = QGridLayout(entry)
        add.setColumnStretch(1, 1)
        add.setColumnStretch(3, 1)
        add.setColumnStretch(5, 1)
        for col, (label, field) in enumerate(
            (
                (self.tr("&Date"), self.held_on),
                (self.tr("Le&ngth"), self.minutes),
                (self.tr("&Format"), self.format),
            )
        ):
            add.addWidget(buddy(label, field), 0, 2 * col)
            add.addWidget(field, 0, 2 * col + 1)
        add.addWidget(buddy(self.tr("Supervis&ed by"), self.by), 1, 0)
        add.addWidget(self.by, 1, 1, 1, 3)
        add.addWidget(buddy(self.tr("&Watched"), self.watched), 1, 4)
        add.addWidget(self.watched, 1, 5)
        add.addWidget(buddy(self.tr("Lea&rning"), self.learning), 2, 0)
        add.addWidget(self.learning, 2, 1, 1, 5)
        add.addWidget(self.log_button, 3, 5)

        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Date"), self.tr("Hours"), self.tr("Supervisor"), self.tr("Learning points")]
        )
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.remove_button = QPushButton(self.tr("Re&move entry"))
        self.remove_button.setAutoDefault(False)

        self.message = MessageLine()
        self.pdf_button = QPushButton(self.tr("Save as P&DF…"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.addButton(self.pdf_button, QDialogButtonBox.ButtonRole.ActionRole)
        for button in (self.save_settings, self.pdf_button):
            button.setAutoDefault(False)

        left = QVBoxLayout()
        left.addWidget(pathway)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(set_role(QLabel(self.tr("Supervision received")), "section"))
        right.addWidget(self.table, 1)
        right.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignRight)
        columns = QHBoxLayout()
        columns.addLayout(left, 0)
        columns.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.addWidget(self.headline)
        layout.addWidget(self.note)
        layout.addLayout(bars)
        layout.addWidget(self.state)
        layout.addLayout(columns, 1)
        layout.addWidget(entry)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

        self.buttons.rejected.connect(self.reject)
        self.save_settings.clicked.connect(self.save_pathway)
        self.log_button.clicked.connect(self.log_supervision)
        self.remove_button.clicked.connect(self.remove_selected)
        self.pdf_button.clicked.connect(self.save_pdf)
        ctx.events.vault_locked.connect(self.close)
        self.refresh()

    def _date_edit(self) -> QDateEdit:
        edit = QDateEdit(qdate(self._ctx.vault.clock().date()))
        edit.setDisplayFormat(QT_FORMAT)
        edit.setCalendarPopup(True)
        edit.setMaximumDate(qdate(self._ctx.vault.clock().date()))
        return edit

    # -- tasks ---------------------------------------------------------------------------

    def _run(self, change: Any = None, done: str = "", then: Any = None) -> None:
        """Apply `change` (if any) and reload, in a task; on success show `done` and call
        `then` (so typed text is cleared only once it is saved)."""
        training = self._ctx.services.training

        def work(task: TaskContext) -> Snapshot:
            if change is not None:
                change(training)
            return Snapshot(
                training.settings(),
                training.progress(),
                training.supervision(),
                len(training.stages),
            )

        def shown(snap: Snapshot) -> None:
            self._shown(snap)
            if done:
                self.message.show_notice(done)
            if then is not None:
                then()

        self._ctx.runner.run(work, on_success=shown, on_failure=self._failed, owner=self)

    def refresh(self) -> None:
        self._run()

    def save_pathway(self) -> None:
        settings = TrainingSettings(
            stage=self.stage.value(),
            stage_started_on=pydate(self.since.date()),
            course_on=pydate(self.course.date()),
            supervisor=self.supervisor.text(),
        )
        self._run(lambda t: t.set_settings(settings), self.tr("Pathway saved."))

    def log_supervision(self) -> None:
        held_on, minutes = pydate(self.held_on.date()), self.minutes.value()
        by, learning = self.by.text(), self.learning.toPlainText()
        watched = tuple(self.watched.text().split())
        kind = SupervisionFormat(self.format.currentData())

        def change(t: Any) -> None:
            t.log_supervision(held_on, minutes, by, kind, watched=watched, learning=learning)

        def clear() -> None:
            self.learning.clear()
            self.watched.clear()

        self._run(change, self.tr("Supervision logged."), clear)

    def remove_selected(self) -> None:
        row = self.table.currentRow()
        if self.snapshot is None or not 0 <= row < len(self.snapshot.log):
            return
        entry_id = self.snapshot.log[row].id
        self._run(lambda t: t.delete_supervision(entry_id))

    def save_pdf(self) -> None:
        if self.snapshot is None:
            return
        path = ask_pdf_path(self, self.tr("Save the accreditation log"), "accreditation-log.pdf")
        if path is None:
            return
        html = training_html(self.snapshot.progress, self.snapshot.settings, self.snapshot.log)
        write_pdf(
            self._ctx.runner,
            self,
            html,
            self.tr("Accreditation log"),
            path,
            self._saved,
            self._failed,
        )

    # -- results -------------------------------------------------------------------------

    def _shown(self, snap: Snapshot) -> None:
        self.snapshot = snap
        p, s = snap.progress, snap.settings
        self.headline.setText(p.text())
        for key, have, need in (
            ("cycles", p.cycles, p.stage.cycles),
            ("clients", p.new_clients, p.stage.new_clients),
            ("supervision", p.supervision_minutes, p.stage.supervision_minutes),
        ):
            bar = self.bars[key]
            bar.setRange(0, max(need, 1))
            bar.setValue(min(have, need))
            shown = (hours(have), hours(need)) if key == "supervision" else (have, need)
            self.figures[key].setText(
                f"{shown[0]} / {shown[1]}" + (" h" if key == "supervision" else "")
            )
        self.state.setText(
            self.tr("Stage complete: ready for the stage-transition meeting.")
            if p.complete
            else self.tr("Counted since {date}.").replace(
                "{date}",
                day_text(s.stage_started_on) if s.stage_started_on else self.tr("the start"),
            )
        )
        self.stage.setRange(1, snap.stages)
        self.stage.setValue(s.stage)
        if s.stage_started_on:
            self.since.setDate(qdate(s.stage_started_on))
        if s.course_on:
            self.course.setDate(qdate(s.course_on))
        self.supervisor.setText(s.supervisor)
        if not self.by.text():
            self.by.setText(s.supervisor)
        self.table.setRowCount(len(snap.log))
        for row, e in enumerate(snap.log):
            kind = self.format.itemText(self.format.findData(e.format.value)).lower()
            cells = (day_text(e.held_on), hours(e.minutes), f"{e.supervisor} ({kind})", e.learning)
            for col, text in enumerate(cells):
                self.table.setItem(row, col, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)

    def _saved(self, path: Path) -> None:
        self.message.show_notice(self.tr("Saved to {path}").replace("{path}", str(path)))

    def _failed(self, failure: Failure) -> None:
        self.message.show_error(failure.message)
