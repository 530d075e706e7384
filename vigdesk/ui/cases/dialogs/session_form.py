"""Add or edit a session of the VIG timeline; reviews carry the written summary."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import QComboBox, QPlainTextEdit, QWidget

from vigdesk.core.changes import Changed
from vigdesk.core.ids import CaseId
from vigdesk.core.sessions import REVIEW_KINDS, Session, SessionKind
from vigdesk.services.session import Services
from vigdesk.ui.cases.dialogs.form import FormDialog, Work, date_edit, from_qdate
from vigdesk.ui.failures import Failure
from vigdesk.ui.models.labels import kind_label
from vigdesk.ui.tasks import TaskContext, TaskRunner
from vigdesk.ui.widgets.field import labelled


class SessionDialog(FormDialog):
    """Emits `saved(Session)`. `session` None adds one to `case_id`; else edits it."""

    def __init__(
        self,
        services: Services,
        runner: TaskRunner,
        case_id: CaseId,
        today: date,
        session: Session | None = None,
        parent: QWidget | None = None,
        *,
        kind: SessionKind = SessionKind.INITIAL_MEETING,
    ) -> None:
        editing = session is not None
        super().__init__(
            services,
            runner,
            self.tr("Edit session") if editing else self.tr("Add a session"),
            self.tr("&Save session") if editing else self.tr("&Add session"),
            parent,
            changes={Changed.SESSIONS},
            width=540,
        )
        self._case_id = case_id
        self._session = session
        self.kind_combo = QComboBox()
        for k in SessionKind:
            self.kind_combo.addItem(kind_label(k), k.value)
        self.held_edit = date_edit(session.held_on if session else today)
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setPlaceholderText(self.tr("What happened, what was agreed"))
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setMinimumHeight(90)
        self.summary_edit = QPlainTextEdit()
        self.summary_edit.setPlaceholderText(
            self.tr("The moments watched together and what the parent noticed")
        )
        self.summary_edit.setTabChangesFocus(True)
        self.summary_edit.setMinimumHeight(120)
        self.fields.addWidget(labelled(self.tr("&Kind"), self.kind_combo))
        self.fields.addWidget(labelled(self.tr("&Date"), self.held_edit))
        self.fields.addWidget(labelled(self.tr("&Notes"), self.notes_edit))
        self.summary_field = labelled(
            self.tr("Written &summary of the review"),
            self.summary_edit,
            self.tr("Once written, the video linked to this review may be deleted on schedule."),
        )
        self.fields.addWidget(self.summary_field)
        if session is not None:
            kind = session.kind
            self.notes_edit.setPlainText(session.notes)
            self.summary_edit.setPlainText(session.summary)
        self.kind_combo.setCurrentIndex(list(SessionKind).index(kind))
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()

    @property
    def kind(self) -> SessionKind:
        return SessionKind(self.kind_combo.currentData())

    def _kind_changed(self) -> None:
        self.summary_field.setVisible(self.kind in REVIEW_KINDS)
        self.adjustSize()

    def task(self) -> Work | None:
        kind, held_on = self.kind, from_qdate(self.held_edit.date())
        notes = self.notes_edit.toPlainText()
        summary = self.summary_edit.toPlainText() if kind in REVIEW_KINDS else ""
        sessions, case_id, old = self.services.sessions, self._case_id, self._session

        def work(ctx: TaskContext) -> Session:
            if old is None:
                return sessions.add_session(case_id, kind, held_on, notes=notes, summary=summary)
            return sessions.update_session(
                old.id, kind=kind, held_on=held_on, notes=notes, summary=summary
            )

        return work


def open_review_session(
    services: Services,
    runner: TaskRunner,
    case_id: CaseId,
    session_id: str,
    today: date,
    parent: QWidget,
    *,
    opened: Callable[[SessionDialog], None],
    on_failure: Callable[[Failure], None],
) -> None:
    """Read a review session (in a task) and open it on its written summary, so the
    summary a retention list asks for is written where the review is recorded.
    `opened` gets the dialog (not called if the session is gone)."""
    sessions = services.sessions

    def work(ctx: TaskContext) -> Session | None:
        return next((s for s in sessions.list_sessions(case_id) if s.id == session_id), None)

    def show(session: Session | None) -> None:
        if session is None:
            return
        dialog = SessionDialog(services, runner, case_id, today, session, parent)
        dialog.summary_edit.setFocus()
        opened(dialog)
        dialog.open()

    runner.run(work, on_success=show, on_failure=on_failure, owner=parent)
