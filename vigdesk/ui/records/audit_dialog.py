"""Records › Information audit: the asset-register figures (counts only) and "Save as PDF…"."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vigdesk.services import report_html
from vigdesk.services.information_audit import InformationAudit, information_audit
from vigdesk.ui.context import MainContext
from vigdesk.ui.failures import Failure
from vigdesk.ui.look import mark_primary, set_role
from vigdesk.ui.records.labels import day, tr
from vigdesk.ui.records.pdf_save import ask_pdf_path, write_pdf
from vigdesk.ui.tasks import TaskContext
from vigdesk.ui.widgets.busy import BusyIndicator
from vigdesk.ui.widgets.message_line import MessageLine

Row = tuple[str, str, bool]  # measure, value, is a group heading


def figures(report: InformationAudit) -> list[Row]:
    """The report as rows under group headings; counts only, no names anywhere."""
    status = {"referred": tr("Referred"), "active": tr("Active"), "closed": tr("Closed")}
    kinds = {"footage": tr("Footage files"), "clip": tr("Clips"), "still": tr("Still images")}
    purposes = {
        "film": tr("Filming"),
        "keep": tr("Keeping video"),
        "supervision": tr("Supervision"),
        "training": tr("Training"),
        "review_filming": tr("Filming review meetings"),
        "family_copy": tr("A copy for the family"),
    }
    oldest = report.oldest_item
    return [
        (tr("Families"), str(report.families), True),
        *[(label, str(report.families_by_status.get(k, 0)), False) for k, label in status.items()],
        (tr("People recorded"), str(report.people), True),
        (tr("Children"), str(report.children), False),
        (tr("Adults"), str(report.people - report.children), False),
        (tr("Video"), "", True),
        *[(label, str(report.videos.get(k, 0)), False) for k, label in kinds.items()],
        (tr("Length of footage"), duration(report.footage_hours), False),
        (tr("Oldest item held"), day_of(oldest) if oldest else "—", False),
        (tr("Retention"), "", True),
        (tr("Items due for deletion"), str(report.media_due_for_deletion), False),
        (tr("Cases on legal hold"), str(report.on_legal_hold), False),
        (tr("Consent in force (share of children)"), "", True),
        *[
            (purposes.get(k, k), f"{round(v * 100)} %", False)
            for k, v in report.consent_coverage.items()
        ],
    ]


def duration(hours: float) -> str:
    minutes = round(hours * 60)
    if minutes < 60:
        return tr("%n min", minutes)
    text = tr("{h} h {m} min").replace("{h}", str(minutes // 60))
    return text.replace("{m}", str(minutes % 60))


def day_of(timestamp: str) -> str:
    try:
        return day(date.fromisoformat(timestamp[:10]))
    except ValueError:
        return timestamp[:10]


class InformationAuditDialog(QDialog):
    """Runs the report in a task at open; GUI thread only."""

    def __init__(self, ctx: MainContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.report: InformationAudit | None = None
        self.saved_to: Path | None = None
        self.setWindowTitle(self.tr("Information audit"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setObjectName("recordsAudit")
        self.resize(560, 620)  # fits a 1280×720 laptop; the table scrolls

        self.title = set_role(QLabel(self.tr("Information audit")), "title")
        self.subtitle = set_role(
            QLabel(
                self.tr(
                    "What this laptop holds, for the council's information asset register. "
                    "Counts only: no names."
                )
            ),
            "muted",
        )
        self.subtitle.setWordWrap(True)
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels([self.tr("Measure"), self.tr("Value")])
        self.table.setProperty("records", True)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setShowGrid(False)
        self.table.verticalHeader().setDefaultSectionSize(27)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        value_header = self.table.horizontalHeaderItem(1)
        if value_header is not None:
            value_header.setTextAlignment(
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            )
        self.message = MessageLine()
        self.busy = BusyIndicator()
        self.save_button = mark_primary(QPushButton(self.tr("&Save as PDF…")))
        self.save_button.setEnabled(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.setSpacing(14)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.busy)
        layout.addWidget(self.buttons)

        self.buttons.rejected.connect(self.reject)
        self.save_button.clicked.connect(self.save_pdf)
        ctx.events.vault_locked.connect(self._drop)
        self._run()

    def rows(self) -> list[tuple[str, str]]:
        """What the table shows (tests, screen readers)."""
        out = []
        for row in range(self.table.rowCount()):
            measure, value = self.table.item(row, 0), self.table.item(row, 1)
            name = measure.text().strip() if measure else ""
            out.append((name, value.text() if value else ""))
        return out

    def save_pdf(self) -> None:
        report = self.report
        if report is None:
            return
        path = ask_pdf_path(
            self, self.tr("Save the information audit"), f"information-audit-{report.as_of}.pdf"
        )
        if path is None:
            return
        self.save_button.setEnabled(False)
        write_pdf(
            self._ctx.runner,
            self,
            report_html.information_audit(report),
            self.tr("Information audit"),
            path,
            self._saved,
            self._failed,
        )

    def _run(self) -> None:
        services = self._ctx.services

        def work(task: TaskContext) -> InformationAudit:
            return information_audit(services.ctx, services.retention)

        self.busy.start(self.tr("Counting…"))
        self._ctx.runner.run(work, on_success=self._shown, on_failure=self._failed, owner=self)

    def _shown(self, report: InformationAudit) -> None:
        self.busy.stop()
        self.report = report
        self.subtitle.setText(
            self.tr(
                "What this laptop holds on {date}, for the council's information asset "
                "register. Counts only: no names."
            ).replace("{date}", day_of(report.as_of))
        )
        rows = figures(report)
        self.table.setRowCount(len(rows))
        bold = QFont(self.table.font())
        bold.setWeight(QFont.Weight.DemiBold)
        for index, (measure, value, group) in enumerate(rows):
            name = QTableWidgetItem(measure if group else f"    {measure}")
            figure = QTableWidgetItem(value)
            figure.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if group:
                name.setFont(bold)
                figure.setFont(bold)
            self.table.setItem(index, 0, name)
            self.table.setItem(index, 1, figure)
        self.save_button.setEnabled(True)

    def _saved(self, path: Path) -> None:
        self.saved_to = path
        self.save_button.setEnabled(True)
        self.message.show_notice(self.tr("Saved to {path}").replace("{path}", str(path)))

    def _failed(self, failure: Failure) -> None:
        self.busy.stop()
        self.save_button.setEnabled(self.report is not None)
        self.message.show_error(failure.message)

    def _drop(self) -> None:
        self.report = None
        self.table.setRowCount(0)
        self.done(QDialog.DialogCode.Rejected)
