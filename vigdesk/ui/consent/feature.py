"""The consent feature in the main window: the Consent menu, the wizard, the register,
withdrawal, and the overdue-review reminder in the status bar."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence

from vigdesk.core.ids import CaseId
from vigdesk.ui.consent.case_picker import CasePicker
from vigdesk.ui.consent.register.dialog import RegisterDialog
from vigdesk.ui.consent.register.entries import Register, load_register
from vigdesk.ui.consent.reminder import ReviewReminder
from vigdesk.ui.consent.withdraw_dialog import WithdrawDialog
from vigdesk.ui.consent.wizard import ConsentWizard, open_consent_wizard
from vigdesk.ui.tasks import TaskContext

if TYPE_CHECKING:
    from collections.abc import Callable

    from vigdesk.ui.main_window import MainWindow


class ConsentFeature(QObject):
    """Owned by the main window. The "current case" is the last one another screen opened."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.ctx = window.ctx
        self.current_case_id: CaseId | None = None
        self.wizard: ConsentWizard | None = None
        menu = window.add_menu(self.tr("C&onsent"))
        self.record_action = QAction(self.tr("&Record consent…"), window)
        self.record_action.setShortcut(QKeySequence("Ctrl+Shift+K"))
        self.withdraw_action = QAction(self.tr("&Withdraw consent…"), window)
        self.case_action = QAction(self.tr("This &case's consent…"), window)
        self.register_action = QAction(self.tr("&Register…"), window)
        self.register_action.setShortcut(QKeySequence("Ctrl+Shift+R"))
        menu.addAction(self.record_action)
        menu.addAction(self.withdraw_action)
        menu.addAction(self.case_action)
        menu.addSeparator()
        menu.addAction(self.register_action)
        self.record_action.triggered.connect(lambda: self._with_case(self.start_wizard))
        self.withdraw_action.triggered.connect(lambda: self._with_case(self.open_withdraw))
        self.case_action.triggered.connect(
            lambda: self._with_case(lambda case_id: self.open_register(case_id))
        )
        self.register_action.triggered.connect(lambda: self.open_register())

        events = self.ctx.events
        events.consent_requested.connect(self.start_wizard)
        for signal in (
            events.case_shown,
            events.case_open_requested,
            events.review_requested,
            events.records_requested,
        ):
            signal.connect(self._case_selected)
        events.vault_locked.connect(self.drop)
        self.reminder = ReviewReminder(
            self.ctx, window.status, lambda: self.open_register(status="review_overdue")
        )
        self.reminder.refresh()

    def _case_selected(self, case_id: CaseId) -> None:
        self.current_case_id = case_id

    def _with_case(self, then: Callable[[CaseId], object]) -> CasePicker | None:
        """Run `then(case_id)` on the current case, or ask which case first."""
        if self.current_case_id is not None:
            then(self.current_case_id)
            return None
        picker = CasePicker(
            self.ctx,
            self.tr("Which family is this for? Open a case to skip this step."),
            self.window,
        )

        def chosen(case_id: CaseId) -> None:
            self._case_selected(case_id)
            then(case_id)

        picker.chosen.connect(chosen)
        picker.open()
        return picker

    def start_wizard(self, case_id: CaseId) -> None:
        """Load the case, then open the consent wizard over the main window."""
        self.current_case_id = case_id
        open_consent_wizard(self.ctx, case_id, self.window, self._wizard_opened)

    def _wizard_opened(self, wizard: ConsentWizard) -> None:
        self.wizard = wizard
        wizard.destroyed.connect(lambda: setattr(self, "wizard", None))

    def open_register(self, case_id: CaseId | None = None, status: str = "") -> RegisterDialog:
        dialog = RegisterDialog(self.ctx, case_id, status, self.window)
        dialog.wizard_requested.connect(self.start_wizard)
        dialog.open()
        return dialog

    def open_withdraw(self, case_id: CaseId) -> None:
        """Load the case's register, then offer everything in force for withdrawal."""
        services = self.ctx.services

        def work(_: TaskContext) -> Register:
            return load_register(services, case_id)

        def loaded(register: Register) -> None:
            dialog = WithdrawDialog(self.ctx, list(register.entries), set(), self.window)
            dialog.open()

        self.ctx.runner.run(work, on_success=loaded, owner=self.window)

    def drop(self) -> None:
        """The vault is locking: forget the case; open dialogs close themselves."""
        self.current_case_id = None
        self.reminder.drop()
