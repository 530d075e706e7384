"""The subject access register: record, extend, answer, the seven-day warning."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.conftest import Family
from vigdesk.core.errors import InvalidInput
from vigdesk.core.subject_requests import Delivery, RequestStatus, due_date
from vigdesk.services.session import Services
from vigdesk.services.subject_requests import SubjectRequestService


def test_a_request_is_registered_extended_and_answered(services: Services, family: Family) -> None:
    register = SubjectRequestService(services.ctx)
    today = services.ctx.today()
    received = today - timedelta(days=3)
    request = register.add(family.mother.id, received, identity_check="passport seen")
    assert request.due_on == due_date(received) and request.status is RequestStatus.OPEN
    with pytest.raises(InvalidInput, match="why"):
        register.extend(request.id, 2, " ")
    extended = register.extend(request.id, 2, "many hours of video to redact")
    assert extended.due_on == due_date(received, 2)
    answered = register.answer(request.id, today, Delivery.VIEWED_IN_PERSON, "")
    assert answered.status is RequestStatus.ANSWERED and answered.answered_on == today
    assert register.list_requests() == [answered]
    actions = [e.action for e in services.ctx.audit.entries()][-3:]
    assert actions == ["sar.request_recorded", "sar.request_extended", "sar.request_answered"]
    assert "passport" not in str([e.details for e in services.ctx.audit.entries()])


def test_requests_due_within_a_week_are_warned_about(services: Services, family: Family) -> None:
    register = SubjectRequestService(services.ctx)
    today = services.ctx.today()
    # Received long enough ago that the month ends within seven days, whatever the weekday.
    soon = register.add(family.mother.id, today - timedelta(days=27))
    register.add(family.child.id, today, requester="Marigold, for her son")
    assert soon.days_left(today) <= 7
    assert [q.id for q in register.due_soon()] == [soon.id]
    register.answer(soon.id, today, Delivery.POST, "record.pdf and two redacted videos")
    assert register.due_soon() == []


def test_an_extension_after_the_first_month_is_refused(services: Services, family: Family) -> None:
    register = SubjectRequestService(services.ctx)
    late = register.add(family.mother.id, services.ctx.today() - timedelta(days=40))
    with pytest.raises(InvalidInput, match="first month"):
        register.extend(late.id, 1, "complex")
    with pytest.raises(InvalidInput, match="future"):
        register.add(family.mother.id, services.ctx.today() + timedelta(days=1))


def test_erasure_keeps_the_register_entry_without_the_person(
    services: Services, family: Family
) -> None:
    from vigdesk.services.subject_access import SubjectAccessService

    register = SubjectRequestService(services.ctx)
    request = register.add(
        family.mother.id,
        services.ctx.today(),
        requester="Marigold Wolstenholme's solicitor",
        identity_check="passport 123456789",
    )
    register.answer(request.id, services.ctx.today(), Delivery.POST, "record for Marigold")
    SubjectAccessService(services.ctx).erase(family.mother.id, "she asked")
    (kept,) = register.list_requests()
    assert kept.person_id is None and kept.person_initials == "MW"
    assert kept.status is RequestStatus.ANSWERED and kept.due_on == request.due_on
    assert "Marigold" not in repr(kept) and "passport" not in repr(kept)
