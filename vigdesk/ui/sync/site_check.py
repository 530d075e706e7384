"""The console's Site check tab: `vigdesk doctor --site` for the BSO (read-only: change
files and audit trails per device, stale key wraps, oversized files, files not on the
site, erasures), and the erasures not yet confirmed gone from the site, with the
laptops still holding them.

Checked when the tab is first shown and on "Check again", in a task; nothing is
written, here or on the site.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QTime
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vigdesk.core.dates import day_text
from vigdesk.services.doctor_findings import Finding, Severity
from vigdesk.sync.erasures import SITE_FILES
from vigdesk.ui.context import MainContext
from vigdesk.ui.failures import Failure
from vigdesk.ui.look import set_role
from vigdesk.ui.sync.state import SiteCheckData, site_check
from vigdesk.ui.sync.trees import console_tree, mark_problem
from vigdesk.ui.tasks import TaskContext
from vigdesk.ui.widgets.message_line import MessageLine


class SiteCheckTab(QWidget):
    """`data` is None until checked."""

    def __init__(self, ctx: MainContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.data: SiteCheckData | None = None
        self._checking = False
        self.summary = set_role(QLabel(self.tr("Not checked yet.")), "muted")
        self.summary.setWordWrap(True)
        self.alert = MessageLine()
        self.findings = console_tree([self.tr("Result"), self.tr("What the check found")], (90,))
        self.erasures_title = set_role(
            QLabel(self.tr("Erasures not yet gone from the site")), "heading"
        )
        self.erasures = console_tree(
            [
                self.tr("Family"),
                self.tr("Person"),
                self.tr("Erased"),
                self.tr("Last checked"),
                self.tr("Still held by"),
            ],
            (130, 70, 110, 110),
        )
        self.erasures.setMaximumHeight(120)
        self.hint = set_role(
            QLabel(
                self.tr(
                    "Read-only: the same checks as 'vigdesk doctor --site'. An erasure is "
                    "confirmed gone once every laptop that held it has synced."
                )
            ),
            "small",
        )
        self.hint.setWordWrap(True)
        self.check_button = QPushButton(self.tr("Check again"))
        self.check_button.clicked.connect(self.check)
        row = QHBoxLayout()
        row.setSpacing(12)
        row.addWidget(self.hint, 1)
        row.addWidget(self.check_button)
        col = QVBoxLayout(self)
        col.setContentsMargins(12, 14, 12, 12)
        col.setSpacing(8)
        col.addWidget(self.summary)
        col.addWidget(self.alert)
        col.addWidget(self.findings, 3)
        col.addWidget(self.erasures_title)
        col.addWidget(self.erasures, 1)
        col.addLayout(row)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.data is None and not self._checking:
            self.check()

    def check(self) -> None:
        if self._checking:
            return
        services = self._ctx.services

        def work(_: TaskContext) -> SiteCheckData:
            return site_check(services)

        self._checking = True
        self.check_button.setEnabled(False)
        self._say(self.tr("Checking the site…"), problem=False)
        self._ctx.runner.run(work, on_success=self._checked, on_failure=self._failed, owner=self)

    def _failed(self, failure: Failure) -> None:
        self._checking = False
        self.check_button.setEnabled(True)
        self._say(failure.message, problem=True)

    def _say(self, text: str, problem: bool) -> None:
        self.summary.setVisible(not problem)
        self.summary.setText("" if problem else text)
        if problem:
            self.alert.show_error(text)
        else:
            self.alert.clear_message()

    def _checked(self, data: SiteCheckData) -> None:
        self._checking = False
        self.check_button.setEnabled(True)
        self.data = data
        self.findings.clear()
        self.erasures.clear()
        if data.report is None:
            self._say(self.tr("Cannot check the site now: %1").replace("%1", data.error), True)
            return
        for finding in data.report.findings:
            self.findings.addTopLevelItem(self._finding(finding))
        for e in data.erasures:
            holders = [
                self.tr("the site's video folder")
                if d == SITE_FILES
                else data.names.get(d, self.tr("device %1").replace("%1", d[:8]))
                for d in e.waiting
            ]
            item = QTreeWidgetItem(
                [
                    e.case_code,
                    e.initials,
                    day_text_of(e.erased_on),
                    day_text_of(e.checked_at) if e.checked_at else self.tr("Not yet"),
                    ", ".join(holders) or self.tr("Checked at the next sync"),
                ]
            )
            item.setToolTip(4, item.text(4))
            self.erasures.addTopLevelItem(item)
        if not data.erasures:
            self.erasures.addTopLevelItem(QTreeWidgetItem([self.tr("None"), "", "", "", ""]))
        worst = data.report.worst
        at = QTime.currentTime().toString("HH:mm")
        if worst >= Severity.ERROR:
            self._say(
                self.tr("The site has a problem: see below (checked at %1).").replace("%1", at),
                True,
            )
        elif worst >= Severity.WARNING:
            self._say(
                self.tr("Something on the site needs looking at (checked at %1).").replace(
                    "%1", at
                ),
                False,
            )
        elif data.erasures:
            self._say(
                self.tr(
                    "The site is healthy; %2 not yet gone from every laptop's change files "
                    "(checked at %1)."
                )
                .replace("%1", at)
                .replace(
                    "%2",
                    self.tr("one erasure is")
                    if len(data.erasures) == 1
                    else self.tr("%n erasures are").replace("%n", str(len(data.erasures))),
                ),
                False,
            )
        else:
            self._say(self.tr("The site is healthy (checked at %1).").replace("%1", at), False)

    def _finding(self, finding: Finding) -> QTreeWidgetItem:
        labels = {
            Severity.OK: self.tr("OK"),
            Severity.INFO: self.tr("Note"),
            Severity.WARNING: self.tr("Warning"),
            Severity.ERROR: self.tr("Error"),
        }
        item = QTreeWidgetItem([labels[finding.severity], finding.message])
        item.setToolTip(1, finding.message)
        if finding.severity >= Severity.WARNING:
            mark_problem(item, 0)
        return item


def day_text_of(text: str) -> str:
    return day_text(date.fromisoformat(text[:10]))
