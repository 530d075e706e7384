"""The subject access request register: record a request, check identity, extend the
clock, record the answer (a copy sent, or the record viewed in person by agreement).

Each change is one transaction with its audit entry (ids, status and dates only, never
the requester's words). The due date is computed by `core.subject_requests.due_date`.
Thread-safe through the database lock.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from vigdesk.core.clock import iso
from vigdesk.core.errors import InvalidInput
from vigdesk.core.ids import PersonId, new_id
from vigdesk.core.subject_requests import (
    MAX_EXTENSION_MONTHS,
    Delivery,
    RequestStatus,
    SubjectRequest,
    due_date,
)
from vigdesk.services.context import Context
from vigdesk.storage.cases import CaseRepo
from vigdesk.storage.subject_requests import SubjectRequestRepo


class SubjectRequestService:
    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx
        self._repo = SubjectRequestRepo(ctx.db)
        self._cases = CaseRepo(ctx.db)

    def add(
        self,
        person_id: PersonId,
        received_on: date,
        *,
        requester: str = "The person",
        identity_check: str = "",
        scope: str = "Everything held",
    ) -> SubjectRequest:
        """Raises NotFound for an unknown person, InvalidInput for a future date."""
        person = self._cases.person(person_id)
        if received_on > self._ctx.today():
            raise InvalidInput("A request cannot be received in the future.")
        if not requester.strip():
            raise InvalidInput("Say who made the request.")
        request = SubjectRequest(
            id=new_id(),
            case_id=person.case_id,
            person_id=person.id,
            person_initials=person.initials,
            requester=requester.strip(),
            received_on=received_on,
            identity_check=identity_check.strip(),
            scope=scope.strip(),
            extension_months=0,
            extension_reason="",
            status=RequestStatus.OPEN,
            answered_on=None,
            sent_what="",
            delivery=None,
            note="",
            recorded_by=self._ctx.vault.profile.member_id,
            created_at=iso(self._ctx.vault.clock()),
        )
        with self._ctx.db.transact():
            self._repo.insert(request)
            self._ctx.audit.append(
                "sar.request_recorded",
                "person",
                person.id,
                {"request": request.id, "received": received_on.isoformat()},
            )
        return request

    def get(self, request_id: str) -> SubjectRequest:
        return self._repo.get(request_id)

    def list_requests(self) -> list[SubjectRequest]:
        return self._repo.all()

    def due_soon(self) -> list[SubjectRequest]:
        """Open requests due within a week, or overdue: for the console and dashboard."""
        today = self._ctx.today()
        return [q for q in self._repo.all() if q.needs_warning(today)]

    def check_identity(self, request_id: str, how: str) -> SubjectRequest:
        if not how.strip():
            raise InvalidInput("Say how the requester's identity was checked.")
        return self._change(request_id, "identity_checked", identity_check=how.strip())

    def extend(self, request_id: str, months: int, reason: str) -> SubjectRequest:
        """Up to two more months, decided (and told to the person) within the first."""
        request = self._repo.get(request_id)
        if not 1 <= months <= MAX_EXTENSION_MONTHS:
            raise InvalidInput(f"An extension is 1 to {MAX_EXTENSION_MONTHS} months.")
        if not reason.strip():
            raise InvalidInput("Record why the request needs longer (complex or numerous).")
        if self._ctx.today() > due_date(request.received_on):
            raise InvalidInput(
                "The first month has passed: an extension must be decided, and the "
                "person told, within it."
            )
        return self._change(
            request_id, "extended", extension_months=months, extension_reason=reason.strip()
        )

    def answer(
        self, request_id: str, on: date, delivery: Delivery, sent_what: str, note: str = ""
    ) -> SubjectRequest:
        """Record the answer: what was sent and how, or `VIEWED_IN_PERSON` (by agreement,
        no copy). Refuses an answer before the request or in the future."""
        request = self._repo.get(request_id)
        if on < request.received_on or on > self._ctx.today():
            raise InvalidInput("The answer date is before the request or in the future.")
        if delivery is not Delivery.VIEWED_IN_PERSON and not sent_what.strip():
            raise InvalidInput("Say what was sent.")
        return self._change(
            request_id,
            "answered",
            status=RequestStatus.ANSWERED,
            answered_on=on,
            delivery=delivery,
            sent_what=sent_what.strip(),
            note=note.strip(),
        )

    def close(self, request_id: str, status: RequestStatus, note: str) -> SubjectRequest:
        """Withdrawn by the person, or refused (the reason in `note`)."""
        if status not in (RequestStatus.WITHDRAWN, RequestStatus.REFUSED):
            raise InvalidInput("Close a request as withdrawn or refused.")
        if not note.strip():
            raise InvalidInput("Record why the request was closed.")
        return self._change(
            request_id, status.value, status=status, answered_on=self._ctx.today(), note=note
        )

    def _change(self, request_id: str, what: str, **fields: object) -> SubjectRequest:
        with self._ctx.db.transact():
            request = replace(self._repo.get(request_id), **fields)  # type: ignore[arg-type]
            self._repo.save(request)
            self._ctx.audit.append(
                f"sar.request_{what}",
                "person",
                request.person_id or "",
                {"request": request.id, "due": request.due_on.isoformat()},
            )
        return request
