"""Records › Retention: what is due, legal holds, the last sweep, and the per-case actions.

Lists show case codes and initials only. Everything is read in a task
(`snapshots.load_retention`) and re-read when another screen changes data.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from vigdesk.core.changes import Changed
from vigdesk.core.ids import CaseId
from vigdesk.core.retention import Due
from vigdesk.ui.context import MainContext
from vigdesk.ui.failures import Failure
from vigdesk.ui.look import mark_primary, set_role
from vigdesk.ui.records.dashboard_parts import (
    SECTION_HEADING,
    CaseBar,
    FigureTile,
    section_card,
)
from vigdesk.ui.records.erasure_dialog import ErasureDialog
from vigdesk.ui.records.hold_dialog import HOLD_CHANGES, PlaceHoldDialog
from vigdesk.ui.records.inactive import (
    KeepOpenDialog,
    inactive_card,
    inactive_rows,
    inactive_table,
)
from vigdesk.ui.records.labels import last_run
from vigdesk.ui.records.request_warning import RequestsWarning
from vigdesk.ui.records.sar_dialog import SubjectAccessDialog
from vigdesk.ui.records.snapshots import RetentionSnapshot, load_retention, pending
from vigdesk.ui.records.sweep_dialog import SweepPreviewDialog
from vigdesk.ui.records.tables import RecordsTable, due_rows, due_table, hold_rows, holds_table
from vigdesk.ui.records.timeline import timeline_card, timeline_rows, timeline_table
from vigdesk.ui.tasks import TaskContext
from vigdesk.ui.widgets.busy import BusyIndicator
from vigdesk.ui.widgets.message_line import MessageLine
from vigdesk.ui.widgets.scroll_form import ScrollForm

RELEVANT = frozenset(
    {
        Changed.CASES,
        Changed.PEOPLE,
        Changed.MEDIA,
        Changed.CONSENT,
        Changed.RETENTION,
        Changed.SUBJECT_REQUESTS,
    }
)


class RetentionDashboard(QDialog):
    """GUI thread only; opened with `open()` as a child of the main window."""

    def __init__(self, ctx: MainContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.snapshot: RetentionSnapshot | None = None
        self._loading = False
        self._stale = False
        self._wanted = ""
        self.preview_dialog: SweepPreviewDialog | None = None
        self.setWindowTitle(self.tr("Retention and records"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setObjectName("recordsDashboard")
        self.resize(940, 620)  # fits a 1280×720 laptop; the tables scroll

        title = set_role(QLabel(self.tr("Retention and records")), "title")
        subtitle = set_role(
            QLabel(
                self.tr(
                    "What the retention schedule deletes, and when. Items are deleted by "
                    "destroying their encryption keys; nothing in a case on legal hold is "
                    "deleted."
                )
            ),
            "muted",
        )
        subtitle.setWordWrap(True)
        self.case_bar = CaseBar()
        self.requests_warning = RequestsWarning()
        self.requests_warning.linkActivated.connect(lambda _: self.open_register())
        self.overdue_tile = FigureTile(self.tr("Overdue"), alert=True)
        self.week_tile = FigureTile(self.tr("Due this week"))
        self.month_tile = FigureTile(self.tr("Due this month"))
        self.holds_tile = FigureTile(self.tr("Cases on legal hold"))
        tiles = QHBoxLayout()
        tiles.setSpacing(12)
        for tile in (self.overdue_tile, self.week_tile, self.month_tile, self.holds_tile):
            tiles.addWidget(tile, 1)

        self.due_table = due_table(with_when=True)
        self.due_empty = set_role(QLabel(self.tr("Nothing is due in the next month.")), "muted")
        self.holds_table = holds_table()
        self.holds_empty = set_role(QLabel(self.tr("No case is on legal hold.")), "muted")
        self.due_card = section_card(self.tr("Due for deletion"), self.due_table, self.due_empty)
        heading = self.due_card.findChild(QLabel, SECTION_HEADING)
        assert heading is not None
        self.due_heading = heading
        self.holds_card = section_card(self.tr("Legal holds"), self.holds_table, self.holds_empty)
        self.inactive_table = inactive_table()
        self.keep_open_button = QPushButton(self.tr("Record why it stays &open…"))
        self.inactive_card = inactive_card(self.inactive_table, self.keep_open_button)
        self.timeline_table = timeline_table()
        self.timeline_card = timeline_card(self.timeline_table)
        self.timeline_card.hide()
        self.birth_label = set_role(QLabel(), "small")
        self.birth_label.setWordWrap(True)
        self.birth_label.hide()
        self.last_run_label = set_role(QLabel(), "muted")
        self.message = MessageLine()
        self.busy = BusyIndicator()

        self.sweep_button = mark_primary(QPushButton(self.tr("&Sweep now…")))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.addButton(self.sweep_button, QDialogButtonBox.ButtonRole.ActionRole)

        body = QWidget()  # scrolls on a 1280×720 laptop; grows with the dialog
        middle = QVBoxLayout(body)
        middle.setContentsMargins(0, 0, 0, 0)
        middle.setSpacing(14)
        middle.addWidget(self.requests_warning)
        middle.addWidget(self.case_bar)
        middle.addLayout(tiles)
        middle.addWidget(self.inactive_card, 0)
        middle.addWidget(self.birth_label)
        middle.addWidget(self.due_card, 3)
        middle.addWidget(self.timeline_card, 0)
        middle.addWidget(self.holds_card, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.setSpacing(14)
        layout.addWidget(title)
        layout.addWidget(subtitle)
        layout.addWidget(ScrollForm(body, max_height=440), 1)
        layout.addWidget(self.last_run_label)
        layout.addWidget(self.message)
        layout.addWidget(self.busy)
        layout.addWidget(self.buttons)

        self.buttons.rejected.connect(self.reject)
        self.sweep_button.clicked.connect(self.sweep_now)
        self.case_bar.case_chosen.connect(lambda _: self._show())
        self.case_bar.hold_button.clicked.connect(self.place_hold)
        self.case_bar.release_button.clicked.connect(self.release_hold)
        self.case_bar.sar_button.clicked.connect(self.open_subject_access)
        self.case_bar.erase_button.clicked.connect(self.open_erasure)
        self.keep_open_button.clicked.connect(self.keep_open)
        for table in (self.due_table, self.holds_table, self.inactive_table, self.timeline_table):
            table.case_clicked.connect(self.case_bar.select)
        ctx.events.data_changed.connect(self._data_changed)
        ctx.events.vault_locked.connect(self._drop)
        self._show()
        self.reload()

    # -- loading -----------------------------------------------------------------------------

    @property
    def loading(self) -> bool:
        return self._loading

    def reload(self) -> None:
        if self._loading:
            self._stale = True
            return
        services = self._ctx.services

        def work(task: TaskContext) -> RetentionSnapshot:
            return load_retention(services)

        self._loading = True
        self._ctx.runner.run(work, on_success=self._loaded, on_failure=self._failed, owner=self)

    def focus_case(self, case_id: CaseId) -> None:
        """Show this case (now, or as soon as the cases are loaded)."""
        self._wanted = case_id
        if self.snapshot is not None and self.case_bar.select(case_id):
            self._wanted = ""

    def _loaded(self, snapshot: RetentionSnapshot) -> None:
        self._loading = False
        self.snapshot = snapshot
        keep = self._wanted or self.case_bar.case_id()
        self.case_bar.set_cases(snapshot.cases, keep)
        self._wanted = ""
        self._show()
        if self._stale:
            self._stale = False
            self.reload()

    def _failed(self, failure: Failure) -> None:
        self._loading = False
        self.busy.stop()
        self.message.show_error(failure.message)

    def _data_changed(self, areas: frozenset[Changed]) -> None:
        if areas & RELEVANT:
            self.reload()

    # -- showing -----------------------------------------------------------------------------

    def _show(self) -> None:
        snap = self.snapshot
        case = self.case_bar.choice(snap)
        wanted = case.id if case is not None else CaseId("")
        held = bool(snap is not None and case is not None and snap.hold_on(case.id))
        self.case_bar.update_actions(case, held, busy=snap is None)
        self.sweep_button.setEnabled(snap is not None)
        self.keep_open_button.setEnabled(False)
        self.inactive_card.setVisible(False)
        self.timeline_card.setVisible(False)
        if snap is None:
            self.last_run_label.setText(self.tr("Reading the schedule…"))
            return

        def mine(items: list[Due]) -> list[Due]:
            return [d for d in items if not wanted or d.case_id == wanted]

        self.requests_warning.show_requests(snap.requests_due)
        board = snap.dashboard
        overdue, week, month = (
            mine(board.overdue),
            mine(board.due_this_week),
            mine(board.due_this_month),
        )
        holds = [h for h in board.holds if not wanted or h.case_id == wanted]
        self.overdue_tile.set_value(len(overdue))
        self.week_tile.set_value(len(week))
        self.month_tile.set_value(len(month))
        self.holds_tile.set_value(len(holds))
        when = {
            **{d.object_id: self.tr("Overdue") for d in overdue},
            **{d.object_id: self.tr("This week") for d in week},
            **{d.object_id: self.tr("This month") for d in month},
        }
        if wanted:  # the whole case: why each item is kept, and until when
            shown = [d for d in board.schedule if d.case_id == wanted]
            later, on_hold = self.tr("Kept until then"), self.tr("On legal hold")
            rows = due_rows(shown, lambda d: on_hold if d.held else when.get(d.object_id, later))
            self.due_heading.setText(self.tr("Why each item is kept, and until when"))
        else:
            rows = due_rows([*overdue, *week, *month], lambda d: when[d.object_id])
            self.due_heading.setText(self.tr("Due for deletion"))
        self.due_table.set_rows(rows)
        self.due_table.show_rows_at_least(5 if wanted else 1)
        milestones = board.timelines.get(wanted, []) if wanted else []
        if milestones and board.today is not None:
            self.timeline_table.set_rows(timeline_rows(milestones, board.today, wanted))
            self.timeline_table.fit_rows(12)
            self.timeline_card.setVisible(True)
        self.holds_table.set_rows(hold_rows(holds, snap.code_of, self._ctx.profile))
        if wanted:
            self.due_empty.setText(self.tr("This case holds no video."))
            self.holds_empty.setText(self.tr("This case is not on legal hold."))
        else:
            self.due_empty.setText(self.tr("Nothing is due in the next month."))
            self.holds_empty.setText(self.tr("No case is on legal hold."))
        self._toggle(self.due_card, self.due_table, self.due_empty, 3 if rows else 0)
        self._toggle(self.holds_card, self.holds_table, self.holds_empty, 2 if holds else 0)
        code = snap.code_of(wanted) if wanted else ""
        missing = [c for c in board.no_birth_date if not wanted or c == code]
        self.birth_label.setText(
            self.tr(
                "No child's date of birth in %1: the case record is kept from the closure "
                "date instead. Add the youngest child's date of birth to the case."
            ).replace("%1", ", ".join(missing))
        )
        self.birth_label.setVisible(bool(missing))
        quiet = [i for i in board.inactive if not wanted or i.case_id == wanted]
        self.inactive_table.set_rows(inactive_rows(quiet))
        self.inactive_table.fit_rows(3)
        self.inactive_card.setVisible(bool(quiet))
        self.keep_open_button.setEnabled(bool(wanted and quiet))
        self.keep_open_button.setToolTip(
            "" if wanted else self.tr("Choose the case first (click its row).")
        )
        schedule = ""
        if board.policy is not None:
            schedule = "\n" + self.tr("Schedule: %1.").replace("%1", board.policy.label)
        self.last_run_label.setText(last_run(board.last_run) + schedule)

    # -- actions -----------------------------------------------------------------------------

    def sweep_now(self) -> None:
        """Preview in a task, then confirm in the sweep dialog (or say nothing is due)."""
        retention = self._ctx.services.retention

        def work(task: TaskContext) -> list[Due]:
            return retention.preview()

        self.sweep_button.setEnabled(False)
        self.message.clear_message()
        self.busy.start(self.tr("Checking what is due…"))
        self._ctx.runner.run(work, on_success=self._previewed, on_failure=self._failed, owner=self)

    def _previewed(self, items: list[Due]) -> None:
        self.busy.stop()
        self.sweep_button.setEnabled(True)
        if not pending(items):
            self.message.show_notice(self.tr("Nothing is due for deletion today."))
            return
        self.preview_dialog = SweepPreviewDialog(self._ctx, items, self)
        self.preview_dialog.open()

    def place_hold(self) -> PlaceHoldDialog | None:
        case = self.case_bar.choice(self.snapshot)
        if case is None:
            return None
        dialog = PlaceHoldDialog(self._ctx, case, self)
        dialog.open()
        return dialog

    def keep_open(self) -> KeepOpenDialog | None:
        """Record why the chosen inactive case stays open."""
        case = self.case_bar.choice(self.snapshot)
        if case is None or self.snapshot is None:
            return None
        item = next((i for i in self.snapshot.dashboard.inactive if i.case_id == case.id), None)
        if item is None:
            return None
        dialog = KeepOpenDialog(self._ctx, case, item, self)
        dialog.open()
        return dialog

    def release_hold(self) -> QMessageBox | None:
        case = self.case_bar.choice(self.snapshot)
        if case is None:
            return None
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Release legal hold"))
        box.setText(self.tr("Release the legal hold on {code}?").replace("{code}", case.code))
        box.setInformativeText(
            self.tr("Anything overdue in this case will be deleted at the next sweep.")
        )
        release = box.addButton(self.tr("Release hold"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        case_id = case.id
        box.buttonClicked.connect(lambda b: self._release(case_id) if b is release else None)
        box.open()
        return box

    def _release(self, case_id: CaseId) -> None:
        retention = self._ctx.services.retention

        def work(task: TaskContext) -> None:
            retention.release_hold(case_id)

        self._ctx.runner.run(
            work,
            on_success=lambda _: self.message.show_notice(self.tr("The legal hold is released.")),
            on_failure=self._failed,
            serial=True,
            changes=HOLD_CHANGES,
            owner=self,
        )

    def open_register(self) -> QDialog:
        from vigdesk.ui.records.requests_dialog import SubjectRequestsDialog

        dialog = SubjectRequestsDialog(self._ctx, self)
        dialog.open()
        return dialog

    def open_subject_access(self) -> SubjectAccessDialog | None:
        case = self.case_bar.choice(self.snapshot)
        if case is None:
            return None
        dialog = SubjectAccessDialog(self._ctx, case.id, case.code, self)
        dialog.open()
        return dialog

    def open_erasure(self) -> ErasureDialog | None:
        case = self.case_bar.choice(self.snapshot)
        if case is None:
            return None
        dialog = ErasureDialog(self._ctx, case.id, case.code, self)
        dialog.open()
        return dialog

    def _toggle(self, card: QFrame, table: RecordsTable, empty: QLabel, stretch: int) -> None:
        """A card with rows grows with the dialog; an empty one shrinks to its line."""
        table.setVisible(bool(stretch))
        empty.setVisible(not stretch)
        grow = QSizePolicy.Policy.Expanding if stretch else QSizePolicy.Policy.Maximum
        card.setSizePolicy(QSizePolicy.Policy.Preferred, grow)
        layout = self.layout()
        if isinstance(layout, QVBoxLayout):
            layout.setStretchFactor(card, stretch)

    def _drop(self) -> None:
        """The vault locked: forget everything shown and close."""
        self.snapshot = None
        self.due_table.setRowCount(0)
        self.holds_table.setRowCount(0)
        self.case_bar.set_cases([], "")
        self.done(QDialog.DialogCode.Rejected)
