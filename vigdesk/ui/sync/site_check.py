"""The console's Site check tab: `vigdesk doctor --site` for the BSO (read-only: change
files and audit trails per device, stale key wraps, oversized files, files not on the
site, erasures), and the erasures not yet confirmed gone from the site, with the
laptops still holding them.

Checked when the tab is first shown and on "Check again", in a task; nothing is
written, here or on the site.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QTime
from PySide6.QtWidgets import (
    QLabel,
    QTreeWidgetItem,
    QWidget,
)

from vigdesk.core.dates import day_text
from vigdesk.services.doctor_findings import Finding, Severity
from vigdesk.sync.erasures import SITE_FILES
from vigdesk.ui.context import MainContext
from vigdesk.ui.look import set_role
from vigdesk.ui.sync.check_tab import CheckTab
from vigdesk.ui.sync.state import SiteCheckData, site_check
from vigdesk.ui.sync.trees import console_tree, mark_problem


class SiteCheckTab(CheckTab):
    """`data` is None until checked."""

    def __init__(self, ctx: MainContext, parent: QWidget | None = None) -> None:
        super().__init__(
            ctx,
            self.tr(
                "Read-only: the same checks as 'vigdesk doctor --site'. An erasure is "
                "confirmed gone once every laptop that held it has synced."
            ),
            parent,
        )
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
        self.lay_out(8, (self.findings, 3), (self.erasures_title, 0), (self.erasures, 1))

    @property
    def data(self) -> SiteCheckData | None:
        return self.result  # type: ignore[no-any-return]

    def work(self) -> tuple[Callable[[], SiteCheckData], str]:
        services = self._ctx.services
        return lambda: site_check(services), self.tr("Checking the site…")

    def show_result(self, data: SiteCheckData) -> None:
        self.findings.clear()
        self.erasures.clear()
        if data.report is None:
            self.say(self.tr("Cannot check the site now: %1").replace("%1", data.error), True)
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
            self.say(
                self.tr("The site has a problem: see below (checked at %1).").replace("%1", at),
                True,
            )
        elif worst >= Severity.WARNING:
            self.say(
                self.tr("Something on the site needs looking at (checked at %1).").replace(
                    "%1", at
                ),
                False,
            )
        elif data.erasures:
            self.say(
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
            self.say(self.tr("The site is healthy (checked at %1).").replace("%1", at), False)

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
