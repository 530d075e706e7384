"""Cases › Service outcomes: families per status and the mean change per measure,
across the whole service, with no names, initials or codes; exportable as CSV."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from vigdesk.core.errors import storage_error
from vigdesk.core.questionnaires import Instrument
from vigdesk.services.outcomes import ServiceSummary
from vigdesk.services.session import Services
from vigdesk.ui.failures import Failure
from vigdesk.ui.look import set_role
from vigdesk.ui.models.labels import status_label
from vigdesk.ui.models.outcome_changes import ChangeColumn, ChangeModel
from vigdesk.ui.tasks import TaskContext, TaskRunner
from vigdesk.ui.widgets.busy import BusyIndicator
from vigdesk.ui.widgets.message_line import MessageLine


@dataclass(frozen=True)
class _Loaded:
    summary: ServiceSummary
    instruments: tuple[Instrument, ...]


def _stat(value: str, label: str) -> QFrame:
    box = set_role(QFrame(), "cases-stat")
    layout = QVBoxLayout(box)
    layout.setContentsMargins(16, 12, 16, 12)
    layout.setSpacing(2)
    number = set_role(QLabel(value), "cases-stat-value")
    number.setObjectName(f"stat-{label}")
    layout.addWidget(number)
    layout.addWidget(set_role(QLabel(label), "small"))
    return box


class ServiceSummaryDialog(QDialog):
    """Loads the summary in a task when created; emits `exported(Path)` after a CSV export."""

    exported = Signal(object)

    def __init__(self, services: Services, runner: TaskRunner, parent: QWidget | None) -> None:
        super().__init__(parent)
        self._services = services
        self._runner = runner
        self.summary: ServiceSummary | None = None
        self.setWindowTitle(self.tr("Service outcomes"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(760, 560)
        self.setProperty("cases", True)

        intro = set_role(
            QLabel(
                self.tr(
                    "Every family in this vault, counted and averaged. Nothing here names or "
                    "identifies a family, so it can go into a service report."
                )
            ),
            "muted",
        )
        intro.setWordWrap(True)
        self.stats = QHBoxLayout()
        self.stats.setSpacing(10)
        self.model = ChangeModel(self)
        self.table = QTableView()
        self.table.setObjectName("caseTable")
        self.table.setModel(self.model)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(34)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ChangeColumn.MEASURE, QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.note = set_role(QLabel(), "small")
        self.note.setWordWrap(True)
        self.busy = BusyIndicator()
        self.message = MessageLine()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = QPushButton(self.tr("&Export CSV…"))
        self.export_button.setEnabled(False)
        self.buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)
        self.export_button.clicked.connect(self.choose_file)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 22, 24, 18)
        layout.setSpacing(14)
        layout.addWidget(intro)
        layout.addLayout(self.stats)
        layout.addWidget(set_role(QLabel(self.tr("Change from baseline to end")), "heading"))
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        layout.addWidget(self.busy)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.load()

    def load(self) -> None:
        services = self._services
        self.busy.start(self.tr("Adding up outcomes…"))

        def work(ctx: TaskContext) -> _Loaded:
            return _Loaded(
                services.outcomes.summary(), tuple(services.questionnaires.instruments())
            )

        self._runner.run(work, on_success=self._loaded, on_failure=self._failed, owner=self)

    def _loaded(self, loaded: _Loaded) -> None:
        self.busy.stop()
        summary = self.summary = loaded.summary
        while (item := self.stats.takeAt(0)) is not None:
            if (old := item.widget()) is not None:
                old.deleteLater()
        self.stats.addWidget(_stat(str(summary.cases), self.tr("Families")))
        for count in summary.by_status:
            self.stats.addWidget(_stat(str(count.cases), status_label(count.status)))
        self.stats.addWidget(
            _stat(str(summary.with_baseline_and_end), self.tr("With baseline and end"))
        )
        self.model.set_changes(summary.changes, loaded.instruments)
        self.note.setText(
            self.tr(
                "Change is end minus baseline, averaged over each family member's pairs of "
                "scores on the same questionnaire version; helping questions compare the "
                "baseline rating with the latest."
            )
            if summary.changes
            else self.tr("No family has both a baseline and an end score yet.")
        )
        self.export_button.setEnabled(True)

    def _failed(self, failure: Failure) -> None:
        self.busy.stop()
        self.message.show_error(failure.message)

    def choose_file(self) -> QFileDialog:
        """A save dialog (its own, opened with open(); no recent paths are kept)."""
        chooser = QFileDialog(self, self.tr("Export service outcomes"))
        chooser.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        chooser.setNameFilter(self.tr("CSV files (*.csv)"))
        chooser.setDefaultSuffix("csv")
        chooser.selectFile("service-outcomes.csv")
        chooser.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        chooser.fileSelected.connect(lambda name: self.export_to(Path(name)))
        chooser.open()
        return chooser

    def export_to(self, path: Path) -> None:
        """Write the anonymous CSV to `path` in a task."""
        outcomes = self._services.outcomes
        self.message.clear_message()
        self.busy.start(self.tr("Exporting…"))
        self.export_button.setEnabled(False)

        def work(ctx: TaskContext) -> Path:
            text = outcomes.summary_csv()
            try:
                path.write_text(text, encoding="utf-8", newline="")
            except OSError as exc:
                raise storage_error(exc, "write the CSV file") from exc
            return path

        self._runner.run(
            work, on_success=self._exported, on_failure=self._export_failed, owner=self
        )

    def _exported(self, path: Path) -> None:
        self.busy.stop()
        self.export_button.setEnabled(True)
        self.message.show_notice(self.tr("Saved to %1").replace("%1", str(path)))
        self.exported.emit(path)

    def _export_failed(self, failure: Failure) -> None:
        self.busy.stop()
        self.export_button.setEnabled(True)
        self.message.show_error(failure.message)
