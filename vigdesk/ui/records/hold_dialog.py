"""Place a legal hold on a case: the reason is required; the service records who and when."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from vigdesk.core.changes import Changed
from vigdesk.ui.context import MainContext
from vigdesk.ui.records.reason_form import ReasonDialog
from vigdesk.ui.records.snapshots import CaseChoice
from vigdesk.ui.tasks import TaskContext

HOLD_CHANGES = frozenset({Changed.RETENTION})


class PlaceHoldDialog(ReasonDialog):
    """Emits `hold_placed(case_id)` and closes once the hold is recorded."""

    hold_placed = Signal(str)
    CHANGES = HOLD_CHANGES

    def __init__(self, ctx: MainContext, case: CaseChoice, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._case = case
        self.BUSY_TEXT = self.tr("Placing the hold…")
        self.setWindowTitle(self.tr("Place legal hold"))
        self.setMinimumWidth(480)
        self.place_button = self._build(
            self.tr("Legal hold on {code}").replace("{code}", case.code),
            self.tr(
                "While a case is on legal hold, nothing in it is deleted: not by the "
                "retention schedule and not by an erasure request. Use it for a court "
                "order, a complaint or an investigation, and release it when that ends."
            ),
            placeholder=self.tr("e.g. Court order 14 Nov 2026 (ref. ...)"),
            accessible_name=self.tr("Reason for the hold"),
            label=self.tr("&Reason (required)"),
            note=self.tr("Recorded with your name and the time; no names of family members."),
            action=self.tr("&Place hold"),
        )

    def place(self) -> None:
        self.submit()

    def _work(self, reason: str) -> Callable[[TaskContext], None]:
        retention, case_id = self._ctx.services.retention, self._case.id

        def work(task: TaskContext) -> None:
            retention.set_hold(case_id, reason)

        return work

    def _done(self, result: object) -> None:
        self.hold_placed.emit(self._case.id)
