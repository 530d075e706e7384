"""Records › Subject access requests…: the register, answered from the BSO's side.

Lists every request with its due date (one calendar month, or the extension), warns
about those due within a week, and records a new request, an identity check, an
extension and the answer (a copy sent, or viewed in person by agreement). "Prepare the
copy…" opens the subject access export for the request's person, where the video can
be redacted. Reads run in tasks; each change runs serially and is audited by the
service. GUI thread only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vigdesk.core.changes import Changed
from vigdesk.core.dates import day_text
from vigdesk.core.ids import CaseId
from vigdesk.core.subject_requests import SubjectRequest
from vigdesk.services.sar_words import DELIVERY, REQUEST_STATUS
from vigdesk.services.session import Services
from vigdesk.services.subject_requests import SubjectRequestService
from vigdesk.ui.context import MainContext
from vigdesk.ui.failures import Failure
from vigdesk.ui.look import mark_primary, set_role
from vigdesk.ui.records.request_forms import AnswerForm, ExtendForm, NewRequestForm, PersonChoice
from vigdesk.ui.records.request_warning import DueRequest, RequestsWarning, requests_due
from vigdesk.ui.records.tables import RecordsTable
from vigdesk.ui.tasks import TaskContext
from vigdesk.ui.widgets.busy import BusyIndicator
from vigdesk.ui.widgets.message_line import MessageLine

AREA = Changed.SUBJECT_REQUESTS


@dataclass(frozen=True)
class Register:
    requests: list[SubjectRequest]
    codes: dict[CaseId, str]  # case id → code
    today: date
    due: list[DueRequest] = field(default_factory=list)


def load_register(services: Services) -> Register:
    """Worker thread: the register, codes to show, and what is due within a week."""
    codes = {c.id: c.code for c in services.cases.list_cases()}
    requests = SubjectRequestService(services.ctx).list_requests()
    return Register(requests, codes, services.ctx.today(), requests_due(services))


def people_to_choose(services: Services) -> list[PersonChoice]:
    """Worker thread: everyone on record, by family (names shown only in the form)."""
    choices = []
    for case in sorted(services.cases.list_cases(), key=lambda c: c.code):
        for p in services.cases.people(case.id):
            choices.append(PersonChoice(p.id, f"{case.code} · {p.full_name} ({p.initials})"))
    return choices


class SubjectRequestsDialog(QDialog):
    def __init__(self, ctx: MainContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.register: Register | None = None
        self.form: QDialog | None = None
        self.setObjectName("subjectRequests")
        self.setWindowTitle(self.tr("Subject access requests"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(1000, 560)
        title = set_role(QLabel(self.tr("Subject access requests")), "title")
        subtitle = set_role(
            QLabel(
                self.tr(
                    "Answer within one calendar month of the day a request arrives; for "
                    "complex or numerous requests up to two months more, telling the person "
                    "why within the first month. Mask other people in video before sending."
                )
            ),
            "muted",
        )
        subtitle.setWordWrap(True)
        self.warning = RequestsWarning(link=False)
        self.table = RecordsTable(
            [
                self.tr("Family"),
                self.tr("Person"),
                self.tr("Asked by"),
                self.tr("Received"),
                self.tr("Due"),
                self.tr("Identity"),
                self.tr("Where it stands"),
                self.tr("Answered"),
            ],
            stretch=2,
        )
        self.detail = set_role(QLabel(), "small")
        self.detail.setWordWrap(True)
        self.empty = set_role(QLabel(self.tr("No request has been recorded.")), "muted")
        self.new_button = mark_primary(QPushButton(self.tr("&New request…")))
        self.identity_button = QPushButton(self.tr("Check &identity…"))
        self.extend_button = QPushButton(self.tr("E&xtend…"))
        self.prepare_button = QPushButton(self.tr("&Prepare the copy…"))
        self.answer_button = QPushButton(self.tr("Record the &answer…"))
        actions = QHBoxLayout()
        actions.setSpacing(8)
        for b in (
            self.new_button,
            self.identity_button,
            self.extend_button,
            self.prepare_button,
            self.answer_button,
        ):
            actions.addWidget(b)
            b.setAutoDefault(False)
        actions.addStretch(1)
        self.message = MessageLine()
        self.busy = BusyIndicator()
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)

        col = QVBoxLayout(self)
        col.setContentsMargins(28, 22, 28, 18)
        col.setSpacing(12)
        col.addWidget(title)
        col.addWidget(subtitle)
        col.addWidget(self.warning)
        col.addLayout(actions)
        col.addWidget(self.table, 1)
        col.addWidget(self.empty)
        col.addWidget(self.detail)
        col.addWidget(self.message)
        col.addWidget(self.busy)
        col.addWidget(close)

        self.new_button.clicked.connect(self.ask_new)
        self.identity_button.clicked.connect(self.ask_identity)
        self.extend_button.clicked.connect(self.ask_extend)
        self.answer_button.clicked.connect(self.ask_answer)
        self.prepare_button.clicked.connect(self.prepare_copy)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        ctx.events.data_changed.connect(self._data_changed)
        ctx.events.vault_locked.connect(self.close)
        self._selection_changed()
        self.reload()

    # -- loading -------------------------------------------------------------------------

    def reload(self) -> None:
        services = self._ctx.services

        def work(_: TaskContext) -> Register:
            return load_register(services)

        self._ctx.runner.run(work, on_success=self._show, on_failure=self._failed, owner=self)

    def _show(self, register: Register) -> None:
        keep = self.current()
        self.register = register
        self.warning.show_requests(register.due)
        rows = []
        for q in register.requests:
            rows.append(
                (
                    q.case_id,
                    [
                        register.codes.get(q.case_id, "—"),
                        q.person_initials,
                        q.requester,
                        day_text(q.received_on),
                        day_text(q.due_on) + (self.tr(" (extended)") if q.extension_months else ""),
                        q.identity_check or self.tr("Not yet checked"),
                        self.tr(REQUEST_STATUS[q.status.value]),
                        self._answered(q),
                    ],
                )
            )
        self.table.set_rows(rows)
        self.table.setVisible(bool(rows))
        self.empty.setVisible(not rows)
        if keep is not None:
            self.select(keep.id)
        elif rows:
            self.table.selectRow(0)
        self._selection_changed()

    def _answered(self, q: SubjectRequest) -> str:
        if q.answered_on is None:
            return "—"
        how = self.tr(DELIVERY[q.delivery.value]) if q.delivery else ""
        return f"{day_text(q.answered_on)}, {how}" if how else day_text(q.answered_on)

    def _failed(self, failure: Failure) -> None:
        self.busy.stop()
        self.message.show_error(failure.message)
        self._selection_changed()

    def _data_changed(self, areas: frozenset[Changed]) -> None:
        if areas & {AREA, Changed.CASES, Changed.PEOPLE}:
            self.reload()

    # -- selection -----------------------------------------------------------------------

    def current(self) -> SubjectRequest | None:
        if self.register is None:
            return None
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return None
        index = rows[0].row()
        return self.register.requests[index] if index < len(self.register.requests) else None

    def select(self, request_id: str) -> bool:
        if self.register is None:
            return False
        for index, q in enumerate(self.register.requests):
            if q.id == request_id:
                self.table.selectRow(index)
                return True
        return False

    def _selection_changed(self) -> None:
        q = self.current()
        open_ = q is not None and q.is_open
        self.identity_button.setEnabled(open_)
        self.extend_button.setEnabled(open_ and q is not None and not q.extension_months)
        self.answer_button.setEnabled(open_)
        self.prepare_button.setEnabled(q is not None and q.person_id is not None)
        self.new_button.setEnabled(self.register is not None)
        if q is None:
            self.detail.setText("")
            return
        parts = [self.tr("Scope: %1.").replace("%1", q.scope or "—")]
        if q.extension_months:
            parts.append(
                self.tr("Extended by %1 month(s): %2.")
                .replace("%1", str(q.extension_months))
                .replace("%2", q.extension_reason)
            )
        if q.sent_what:
            parts.append(self.tr("Sent: %1.").replace("%1", q.sent_what))
        if q.note:
            parts.append(q.note)
        self.detail.setText(" ".join(parts))

    # -- changes -------------------------------------------------------------------------

    def _change(self, fn: Callable[[], SubjectRequest], done: str) -> None:
        def work(_: TaskContext) -> SubjectRequest:
            return fn()

        def changed(_: SubjectRequest) -> None:
            self.busy.stop()
            self.message.show_notice(done)
            self._ctx.events.announce_changes([AREA])
            self.reload()

        self.busy.start(self.tr("Saving…"))
        self._ctx.runner.run(
            work, on_success=changed, on_failure=self._failed, serial=True, owner=self
        )

    def ask_new(self) -> NewRequestForm | None:
        if self.register is None:
            return None
        services, today = self._ctx.services, self.register.today
        register = SubjectRequestService(services.ctx)

        def loaded(people: list[PersonChoice]) -> None:
            form = NewRequestForm(people, today, self)
            self.form = form

            def record() -> None:
                person, received = form.person_id(), form.received_on()
                requester, identity = form.requester.text(), form.identity.text()
                scope = form.scope.text()
                self._change(
                    lambda: register.add(
                        person,
                        received,
                        requester=requester,
                        identity_check=identity,
                        scope=scope,
                    ),
                    self.tr("Request recorded; the due date is in the list."),
                )

            form.accepted.connect(record)
            form.open()

        self._ctx.runner.run(
            lambda _: people_to_choose(services),
            on_success=loaded,
            on_failure=self._failed,
            owner=self,
        )
        return None

    def ask_identity(self) -> QInputDialog | None:
        q = self.current()
        if q is None:
            return None
        register = SubjectRequestService(self._ctx.services.ctx)
        box = QInputDialog(self)
        box.setWindowTitle(self.tr("Identity check"))
        box.setLabelText(self.tr("How was the requester's identity (and authority) checked?"))
        box.setTextValue(q.identity_check)
        box.textValueSelected.connect(
            lambda text: self._change(
                lambda: register.check_identity(q.id, text), self.tr("Identity check recorded.")
            )
        )
        self.form = box
        box.open()
        return box

    def ask_extend(self) -> ExtendForm | None:
        q = self.current()
        if q is None:
            return None
        register = SubjectRequestService(self._ctx.services.ctx)
        form = ExtendForm(self)
        form.accepted.connect(
            lambda: self._change(
                lambda: register.extend(q.id, form.months.value(), form.reason.toPlainText()),
                self.tr("Extended: tell the person why, within the first month."),
            )
        )
        self.form = form
        form.open()
        return form

    def ask_answer(self) -> AnswerForm | None:
        q = self.current()
        if q is None or self.register is None:
            return None
        register = SubjectRequestService(self._ctx.services.ctx)
        form = AnswerForm(self.register.today, q.received_on, self)
        form.accepted.connect(
            lambda: self._change(
                lambda: register.answer(
                    q.id,
                    form.answered_on(),
                    form.delivery(),
                    form.what.text(),
                    form.note.text(),
                ),
                self.tr("Answer recorded."),
            )
        )
        self.form = form
        form.open()
        return form

    def prepare_copy(self) -> QDialog | None:
        from vigdesk.ui.records.sar_dialog import SubjectAccessDialog

        q = self.current()
        if q is None or q.person_id is None or self.register is None:
            return None
        dialog = SubjectAccessDialog(
            self._ctx, q.case_id, self.register.codes.get(q.case_id, ""), self
        )
        dialog.wanted_person = q.person_id
        self.form = dialog
        dialog.open()
        return dialog
