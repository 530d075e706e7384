"""The console's Sync health tab: per device, when it last sent changes and pushed its
audit trail, and whether its files and audit chain on the site are intact.

Checked when the tab is first shown and on "Check again"; an unreachable or refused
site is said in the tab, not in a message box.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import (
    QTreeWidgetItem,
    QWidget,
)

from vigdesk.sync.audit_verify import SiteAudit
from vigdesk.sync.health import MEMBER, REMOVED, DeviceHealth
from vigdesk.ui.context import MainContext
from vigdesk.ui.roles import role_label
from vigdesk.ui.sync.check_tab import CheckTab
from vigdesk.ui.sync.indicator import day_and_time
from vigdesk.ui.sync.state import HealthData, site_health
from vigdesk.ui.sync.trees import console_tree, mark_problem, muted_row

CHECK = 4  # the column with the verdict


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


class HealthTab(CheckTab):
    """`health` is None until checked; `audit` is the last audit verification."""

    def __init__(self, ctx: MainContext, parent: QWidget | None = None) -> None:
        super().__init__(
            ctx,
            self.tr(
                "Times are when each laptop wrote its files during a sync. A laptop that "
                "has not synced for weeks may be lost or unused: ask its owner."
            ),
            parent,
        )
        self.audit: SiteAudit | None = None
        self.tree = console_tree(
            [
                self.tr("Device"),
                self.tr("Last change sent"),
                self.tr("Change files"),
                self.tr("Audit trail pushed"),
                self.tr("Check"),
            ],
            (190, 150, 100, 150),
        )
        self.lay_out(10, (self.tree, 1))

    @property
    def health(self) -> HealthData | None:
        return self.result  # type: ignore[no-any-return]

    def work(self) -> tuple[Callable[[], HealthData], str]:
        """Read every device's traces and verify the audit chains."""
        services = self._ctx.services
        return (
            lambda: site_health(services),
            self.tr("Checking every device's files and audit trail…"),
        )

    def show_result(self, health: HealthData) -> None:
        self.tree.clear()
        if health.error or health.audit is None:
            self.say(
                self.tr("Cannot check the site now: %1").replace("%1", health.error), problem=True
            )
            return
        self.audit = health.audit
        audits = {d.device_id: d for d in health.audit.devices}
        troubled = 0
        for device in health.devices:
            audit = audits.get(device.device_id)
            problems = list(device.problems) + (list(audit.problems) if audit else [])
            troubled += bool(problems)
            self.tree.addTopLevelItem(self._row(device, problems))
        if troubled:
            self.say(
                (
                    self.tr("Problems on one device: see below.")
                    if troubled == 1
                    else self.tr("Problems on %1 devices: see below.").replace("%1", str(troubled))
                )
                + " "
                + self.tr(
                    "Keep the site folder as it is and tell whoever looks after the "
                    "council's network."
                ),
                problem=True,
            )
        else:
            self.say(
                self.tr("All %1 devices' files and audit trails are intact (checked at %2).")
                .replace("%1", str(len(health.devices)))
                .replace("%2", QTime.currentTime().toString("HH:mm")),
                problem=False,
            )

    def _row(self, device: DeviceHealth, problems: list[str]) -> QTreeWidgetItem:
        never = self.tr("Never")
        if device.standing == MEMBER:
            name = device.name
        elif device.standing == REMOVED:
            name = self.tr("%1 (removed)").replace("%1", device.name)
        else:
            name = self.tr("Unknown device %1").replace("%1", device.device_id[:8])
        texts = [
            name,
            day_and_time(device.last_change_at)
            if device.last_change_at
            else (self.tr("Unknown") if device.journal_files else never),
            str(device.journal_files),
            day_and_time(device.last_audit_at) if device.last_audit_at else never,
            _sentence("; ".join(problems)) if problems else self.tr("Intact"),
        ]
        item = muted_row(texts) if device.standing != MEMBER else QTreeWidgetItem(texts)
        tip = role_label(device.role) if device.role else ""
        item.setToolTip(
            0,
            "\n".join(x for x in (tip, self.tr("Device %1").replace("%1", device.device_id)) if x),
        )
        item.setToolTip(CHECK, texts[CHECK])
        item.setData(CHECK, Qt.ItemDataRole.UserRole, bool(problems))
        item.setData(0, Qt.ItemDataRole.UserRole, device.device_id)
        if problems:
            mark_problem(item, CHECK)
        return item
