"""The cases feature: the case list, the case page, the Cases menu and privacy mode.

It owns the tasks that feed the list (load, search) and decides which case page is
shown; pages load their own snapshot. It reacts to `data_changed` (reload what is
affected), `case_open_requested` (show that case) and `vault_locked` (drop it all).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence

from vigdesk.core.cases import Case
from vigdesk.core.changes import Changed
from vigdesk.core.ids import CaseId
from vigdesk.ui.cases.dialogs.new_case import NewCaseDialog
from vigdesk.ui.cases.dialogs.service_summary import ServiceSummaryDialog
from vigdesk.ui.cases.list_pane import CaseListPane
from vigdesk.ui.cases.page import RELOAD_ON, CasePage
from vigdesk.ui.tasks import TaskContext

if TYPE_CHECKING:
    from vigdesk.ui.main_window import MainWindow


class CasesFeature(QObject):
    """Lives as long as the main window (its child). GUI thread only."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.ctx = window.ctx
        self.privacy_mode = True
        self.page: CasePage | None = None
        self._search_generation = 0
        self._locked = False

        self.pane = CaseListPane()
        window.workspace.set_case_list(self.pane)
        self._build_menu()

        self.pane.case_chosen.connect(self.open_case)
        self.pane.case_entered.connect(self.enter_case)
        self.pane.search_requested.connect(self.search)
        self.pane.new_case_clicked.connect(self.open_new_case)
        self.pane.privacy_toggled.connect(self.set_privacy_mode)
        events = self.ctx.events
        events.case_open_requested.connect(self.open_case)
        # Another screen opened for a case: keep it highlighted in the list.
        for asked in (events.review_requested, events.consent_requested, events.records_requested):
            asked.connect(self.pane.select_case)
        events.data_changed.connect(self._data_changed)
        events.vault_locked.connect(self.drop_data)
        self.reload_cases()
        self._read_privacy_mode()

    def _build_menu(self) -> None:
        menu = self.window.add_menu(self.tr("&Cases"))
        self.new_action = QAction(self.tr("&New case…"), self.window)
        self.new_action.setShortcut(QKeySequence("Ctrl+N"))
        self.find_action = QAction(self.tr("&Find a case"), self.window)
        self.find_action.setShortcut(QKeySequence("Ctrl+F"))
        self.privacy_action = QAction(self.tr("&Privacy mode"), self.window)
        self.privacy_action.setCheckable(True)
        self.privacy_action.setChecked(True)
        self.summary_action = QAction(self.tr("Service &outcomes…"), self.window)
        menu.addAction(self.new_action)
        menu.addAction(self.find_action)
        menu.addSeparator()
        menu.addAction(self.privacy_action)
        menu.addSeparator()
        menu.addAction(self.summary_action)
        self.new_action.triggered.connect(self.open_new_case)
        self.find_action.triggered.connect(self._focus_search)
        self.privacy_action.toggled.connect(self.set_privacy_mode)
        self.summary_action.triggered.connect(self.open_service_summary)

    # -- the list ------------------------------------------------------------------------------

    def reload_cases(self) -> None:
        cases = self.ctx.services.cases

        def work(ctx: TaskContext) -> list[Case]:
            return cases.list_cases()

        self.ctx.runner.run(work, on_success=self._cases_loaded, owner=self.pane)

    def _cases_loaded(self, cases: list[Case]) -> None:
        if self._locked:
            return
        self.pane.set_cases(cases)
        text = self.pane.search_edit.text().strip()
        if text:
            self.search(text)

    def search(self, text: str) -> None:
        self._search_generation += 1
        generation = self._search_generation
        if not text:
            self.pane.set_matches(None)
            return
        cases = self.ctx.services.cases

        def work(ctx: TaskContext) -> list[str]:
            return [c.id for c in cases.search(text)]

        def found(ids: list[str]) -> None:
            if generation == self._search_generation and not self._locked:
                self.pane.set_matches(ids)

        self.ctx.runner.run(work, on_success=found, owner=self.pane)

    def _focus_search(self) -> None:
        self.pane.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.pane.search_edit.selectAll()

    # -- privacy mode ----------------------------------------------------------------------------

    def _read_privacy_mode(self) -> None:
        cases = self.ctx.services.cases

        def work(ctx: TaskContext) -> bool:
            return cases.privacy_mode

        self.ctx.runner.run(work, on_success=self._privacy_shown, owner=self.pane)

    def _privacy_shown(self, on: bool) -> None:
        self.privacy_mode = on
        self.pane.set_privacy(on)
        self.privacy_action.blockSignals(True)
        self.privacy_action.setChecked(on)
        self.privacy_action.blockSignals(False)
        if self._page_alive() and self.page is not None:
            self.page.set_privacy(on)

    def set_privacy_mode(self, on: bool) -> None:
        """Store the setting (audited), then apply it to the open page."""
        if on == self.privacy_mode:
            self._privacy_shown(on)
            return
        cases = self.ctx.services.cases

        def work(ctx: TaskContext) -> bool:
            cases.set_privacy_mode(on)
            return on

        self.ctx.runner.run(
            work,
            on_success=self._privacy_shown,
            on_failure=lambda failure: self._privacy_shown(self.privacy_mode),
            serial=True,
            changes={Changed.PRIVACY},
            owner=self.pane,
        )

    # -- the page ---------------------------------------------------------------------------------

    def _page_alive(self) -> bool:
        page = self.page
        if page is None or not shiboken6.isValid(page):
            self.page = None
            return False
        return True

    def open_case(self, case_id: CaseId) -> CasePage | None:
        """Show `case_id`'s page (a fresh one unless it is already on screen)."""
        if self._locked:
            return None
        self.pane.select_case(case_id)
        slot = self.window.workspace.detail_slot
        page = self.page if self._page_alive() else None
        if page is not None and page.case_id == case_id and slot.currentWidget() is page:
            return page
        page = CasePage(self.ctx, case_id, names_wanted=not self.privacy_mode)
        self.window.workspace.set_detail(page)
        self.page = page
        page.reload()
        self.ctx.events.case_shown.emit(case_id)
        return page

    def enter_case(self, case_id: CaseId) -> None:
        """Enter in the list: open the case and take the keyboard into its record."""
        page = self.open_case(case_id)
        if page is not None:
            page.focus_record()

    def _data_changed(self, areas: frozenset[Changed]) -> None:
        if self._locked:
            return
        if Changed.CASES in areas:
            self.reload_cases()
        if areas & RELOAD_ON and self._page_alive() and self.page is not None:
            self.page.reload()

    def drop_data(self) -> None:
        self._locked = True
        self._search_generation += 1
        self.pane.clear()
        if self._page_alive() and self.page is not None:
            self.page.drop_data()

    # -- dialogs -----------------------------------------------------------------------------------

    def open_new_case(self) -> NewCaseDialog:
        dialog = NewCaseDialog(self.ctx.services, self.ctx.runner, date.today(), self.window)
        dialog.saved.connect(lambda case: self.open_case(case.id))
        dialog.open()
        return dialog

    def open_service_summary(self) -> ServiceSummaryDialog:
        dialog = ServiceSummaryDialog(self.ctx.services, self.ctx.runner, self.window)
        dialog.open()
        return dialog
