"""One case's page in the detail slot: the header, then tabs for sessions, helping
questions, questionnaires and outcomes. Everything it shows comes from one snapshot
task; it reloads when a change it cares about is announced."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QScrollArea,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from vigdesk.core.cases import CaseStatus
from vigdesk.core.changes import Changed
from vigdesk.core.errors import NotFound
from vigdesk.core.ids import CaseId
from vigdesk.core.letters import Letter
from vigdesk.core.sessions import HelpingQuestion, Session, SessionKind
from vigdesk.ui.cases.dialogs.add_person import AddPersonDialog
from vigdesk.ui.cases.dialogs.change_code import ChangeCodeDialog
from vigdesk.ui.cases.dialogs.close_case import CloseCaseDialog
from vigdesk.ui.cases.dialogs.form import FormDialog
from vigdesk.ui.cases.dialogs.question_form import QuestionDialog
from vigdesk.ui.cases.dialogs.questionnaire_form import QuestionnaireForm
from vigdesk.ui.cases.dialogs.rate import RateDialog
from vigdesk.ui.cases.dialogs.session_form import SessionDialog
from vigdesk.ui.cases.header import CaseHeader
from vigdesk.ui.cases.helping_panel import HelpingPanel
from vigdesk.ui.cases.outcomes_chart import OutcomesView
from vigdesk.ui.cases.questionnaires_panel import QuestionnairesPanel
from vigdesk.ui.cases.sessions_panel import SessionsPanel
from vigdesk.ui.cases.snapshot import CaseSnapshot, load_snapshot
from vigdesk.ui.context import MainContext
from vigdesk.ui.failures import Failure
from vigdesk.ui.letters.editor import LetterEditor
from vigdesk.ui.letters.email_copy import EmailCopyDialog
from vigdesk.ui.letters.panel import LettersPanel
from vigdesk.ui.tasks import TaskContext
from vigdesk.ui.widgets.busy import BusyIndicator
from vigdesk.ui.widgets.empty_state import EmptyState
from vigdesk.ui.widgets.message_line import MessageLine
from vigdesk.ui.widgets.wheel_guard import guard_wheel

RELOAD_ON = frozenset(
    {
        Changed.CASES,
        Changed.PEOPLE,
        Changed.SESSIONS,
        Changed.HELPING,
        Changed.QUESTIONNAIRES,
        Changed.MEDIA,
        Changed.LETTERS,
    }
)
_NEXT_KIND = {
    0: SessionKind.INITIAL_MEETING,
    1: SessionKind.FILMING,
    2: SessionKind.SHARED_REVIEW,
}


class CasePage(QWidget):
    """Emits `loaded(CaseSnapshot)` after each (re)load. GUI thread only.

    `names_wanted` says whether full names are read (an audited open); the feature
    sets it from privacy mode, and "Show names" turns it on for this page.
    """

    loaded = Signal(object)

    def __init__(self, ctx: MainContext, case_id: CaseId, names_wanted: bool) -> None:
        super().__init__()
        self.setObjectName("page")
        self.ctx = ctx
        self.case_id = case_id
        self.names_wanted = names_wanted
        self.snapshot: CaseSnapshot | None = None
        self._generation = 0
        self._focus_when_loaded = False

        self.header = CaseHeader()
        self.sessions = SessionsPanel()
        self.helping = HelpingPanel()
        self.questionnaires = QuestionnairesPanel()
        self.outcomes = OutcomesView()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("caseTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.sessions, self.tr("Sessions"))
        self.tabs.addTab(self.helping, self.tr("Helping questions"))
        self.tabs.addTab(self.questionnaires, self.tr("Questionnaires"))
        outcomes_scroll = QScrollArea()
        outcomes_scroll.setWidgetResizable(True)
        outcomes_scroll.setFrameShape(QFrame.Shape.NoFrame)
        outcomes_scroll.setWidget(self.outcomes)
        guard_wheel(self.outcomes)
        self.tabs.addTab(outcomes_scroll, self.tr("Outcomes"))
        self.outcomes_tab = outcomes_scroll
        self.letters = LettersPanel()
        self.tabs.addTab(self.letters, self.tr("Letters"))
        self.busy = BusyIndicator()
        self.message = MessageLine()
        self.gone = EmptyState(
            self.tr("This case is not here"),
            self.tr(
                "It may have been deleted under the retention schedule, or taken off this "
                "laptop because you are no longer assigned to the family."
            ),
        )
        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(24, 20, 24, 8)
        column.setSpacing(14)
        column.addWidget(self.header)
        column.addWidget(self.busy)
        column.addWidget(self.message)
        column.addWidget(self.tabs, 1)
        self.stack = QStackedWidget()
        self.stack.addWidget(content)
        self.stack.addWidget(self.gone)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.header.setEnabled(False)
        self.tabs.setEnabled(False)
        self._connect()

    def _connect(self) -> None:
        events, h = self.ctx.events, self.header
        h.review_clicked.connect(lambda: events.review_requested.emit(self.case_id))
        h.consent_clicked.connect(lambda: events.consent_requested.emit(self.case_id))
        h.records_clicked.connect(lambda: events.records_requested.emit(self.case_id))
        h.show_names_clicked.connect(self.show_names)
        h.activate_clicked.connect(self.activate)
        h.close_clicked.connect(self.open_close_case)
        h.change_code_clicked.connect(self.open_change_code)
        h.add_person_clicked.connect(self.open_add_person)
        self.sessions.add_clicked.connect(lambda: self.open_session(None))
        self.sessions.edit_clicked.connect(self.open_session)
        self.helping.add_clicked.connect(self.open_add_question)
        self.helping.rate_clicked.connect(self.open_rate)
        self.questionnaires.record_clicked.connect(self.open_questionnaire)
        self.letters.new_clicked.connect(self.new_letter)
        self.letters.open_clicked.connect(self.open_letter)
        self.letters.email_clicked.connect(self.open_email_copy)

    # -- loading ------------------------------------------------------------------------------

    def reload(self) -> None:
        self._generation += 1
        generation, services = self._generation, self.ctx.services
        case_id, names = self.case_id, self.names_wanted
        if self.snapshot is None:
            self.busy.start(self.tr("Opening the case…"))

        def work(ctx: TaskContext) -> CaseSnapshot:
            return load_snapshot(services, case_id, names)

        self.ctx.runner.run(
            work,
            on_success=lambda snap: self._loaded(generation, snap),
            on_failure=lambda failure: self._failed(generation, failure),
            owner=self,
        )

    def show_names(self) -> None:
        """Read the names (an audited open) and keep showing them on this page."""
        self.names_wanted = True
        self.reload()

    def set_privacy(self, on: bool) -> None:
        """Privacy mode switched: hide names now, or read them (audited)."""
        if on and self.snapshot is not None and self.snapshot.names_shown:
            self.names_wanted = False
            self._show(self.snapshot.without_names())
        elif not on and not self.names_wanted:
            self.show_names()

    def drop_data(self) -> None:
        """The vault is locking: forget everything shown."""
        self._generation += 1
        self.snapshot = None
        self.outcomes.clear()
        self.sessions.set_cards([])
        self.helping.set_cards([])
        self.questionnaires.model.set_administrations((), (), ())
        self.letters.set_cards([])
        self.header.show_case_cleared()

    def _loaded(self, generation: int, snap: CaseSnapshot) -> None:
        if generation != self._generation:
            return
        self.busy.stop()
        self.message.clear_message()
        self._show(snap)
        if self._focus_when_loaded:
            self.focus_record()
        self.loaded.emit(snap)

    def focus_record(self) -> None:
        """Put the keyboard on the record's first control (once it has loaded)."""
        self._focus_when_loaded = self.snapshot is None
        if self._focus_when_loaded:
            return
        widget: QWidget | None = self.nextInFocusChain()
        while widget is not None and widget is not self:
            if (
                self.isAncestorOf(widget)
                and widget.isVisible()
                and widget.isEnabled()
                and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
            ):
                widget.setFocus(Qt.FocusReason.TabFocusReason)
                return
            widget = widget.nextInFocusChain()

    def _failed(self, generation: int, failure: Failure) -> None:
        if generation != self._generation:
            return
        self.busy.stop()
        if isinstance(failure.error, NotFound):
            self.stack.setCurrentWidget(self.gone)
        else:
            self.message.show_error(failure.message)

    def _show(self, snap: CaseSnapshot) -> None:
        self.snapshot = snap
        open_case = snap.case.status is not CaseStatus.CLOSED
        self.header.setEnabled(True)
        self.tabs.setEnabled(True)
        self.header.show_case(snap.case, snap.people, snap.names_shown)
        self.sessions.show_sessions(snap.sessions, open_case)
        self.helping.show_questions(snap.questions, snap.person, open_case)
        self.questionnaires.show_snapshot(snap, True)
        self.outcomes.show_outcomes(snap.outcomes, snap.instruments, snap.person)
        self.letters.show_letters(
            snap.letters, snap.templates, True
        )  # closed cases get letters too
        self.stack.setCurrentIndex(0)

    # -- actions ------------------------------------------------------------------------------

    def _open(self, dialog: FormDialog) -> FormDialog:
        dialog.open()
        return dialog

    def _parent(self) -> QWidget:
        return self.window()

    def activate(self) -> None:
        cases, case_id = self.ctx.services.cases, self.case_id
        self.header.activate_button.setEnabled(False)

        def work(ctx: TaskContext) -> object:
            return cases.activate(case_id)

        self.ctx.runner.run(
            work,
            on_success=lambda _: self.header.activate_button.setEnabled(True),
            on_failure=self._action_failed,
            serial=True,
            changes={Changed.CASES},
            owner=self,
        )

    def _action_failed(self, failure: Failure) -> None:
        self.header.activate_button.setEnabled(True)
        self.message.show_error(failure.message)

    def open_close_case(self) -> FormDialog | None:
        if self.snapshot is None:
            return None
        s = self.ctx
        return self._open(
            CloseCaseDialog(s.services, s.runner, self.snapshot.case, date.today(), self._parent())
        )

    def open_change_code(self) -> FormDialog | None:
        if self.snapshot is None:
            return None
        s = self.ctx
        return self._open(
            ChangeCodeDialog(s.services, s.runner, self.snapshot.case, self._parent())
        )

    def open_add_person(self) -> FormDialog:
        s = self.ctx
        return self._open(
            AddPersonDialog(s.services, s.runner, self.case_id, date.today(), self._parent())
        )

    def open_session(self, session: Session | None) -> FormDialog:
        s = self.ctx
        count = len(self.snapshot.sessions) if self.snapshot else 0
        kind = _NEXT_KIND.get(count, SessionKind.SHARED_REVIEW)
        return self._open(
            SessionDialog(
                s.services,
                s.runner,
                self.case_id,
                date.today(),
                session,
                self._parent(),
                kind=kind,
            )
        )

    def open_add_question(self) -> FormDialog:
        s = self.ctx
        return self._open(
            QuestionDialog(s.services, s.runner, self.case_id, date.today(), self._parent())
        )

    def open_rate(self, question: HelpingQuestion) -> FormDialog | None:
        if self.snapshot is None:
            return None
        s, snap = self.ctx, self.snapshot
        return self._open(
            RateDialog(
                s.services,
                s.runner,
                question,
                snap.people,
                snap.sessions,
                date.today(),
                self._parent(),
            )
        )

    def open_questionnaire(self) -> FormDialog | None:
        if self.snapshot is None:
            return None
        s, snap = self.ctx, self.snapshot
        return self._open(
            QuestionnaireForm(
                s.services,
                s.runner,
                self.case_id,
                snap.instruments,
                snap.people,
                snap.administrations,
                date.today(),
                self._parent(),
            )
        )

    # -- letters ------------------------------------------------------------------------------

    def new_letter(self, kind: str) -> None:
        letters, case_id = self.ctx.services.letters, self.case_id

        def work(ctx: TaskContext) -> Letter:
            return letters.draft(case_id, kind)

        self.ctx.runner.run(
            work,
            on_success=self._drafted,
            on_failure=lambda failure: self.message.show_error(failure.message),
            serial=True,
            changes={Changed.LETTERS},
            owner=self,
        )

    def _drafted(self, letter: Letter) -> None:
        self.open_letter(letter)

    def open_letter(self, letter: Letter) -> LetterEditor:
        editor = LetterEditor(self.ctx, letter, self._parent())
        editor.changed.connect(lambda: self.ctx.events.announce_changes({Changed.LETTERS}))
        editor.open()
        self.letter_editor = editor
        return editor

    def open_email_copy(self) -> EmailCopyDialog | None:
        if self.snapshot is None:
            return None
        case = self.snapshot.case
        dialog = EmailCopyDialog(
            self.ctx,
            self.case_id,
            f"{case.code}, {case.initials}",
            self.snapshot.sessions,
            self._parent(),
        )
        dialog.open()
        return dialog
