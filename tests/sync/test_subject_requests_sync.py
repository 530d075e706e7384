"""A subject access request recorded on the BSO's laptop reaches the practitioner on the
case, and its answer comes back: the register is one, whoever records."""

from __future__ import annotations

from datetime import timedelta

from tests.conftest import add_family
from tests.sync.office import Office
from vigdesk.core.subject_requests import Delivery, RequestStatus
from vigdesk.services.subject_requests import SubjectRequestService

TEAM = ("a", "bso")


def test_the_register_syncs_both_ways(office: Office) -> None:
    fam = add_family(office["a"])
    office.settle(TEAM)
    bso = SubjectRequestService(office["bso"].ctx)
    request = bso.add(fam.mother.id, office["bso"].ctx.today() - timedelta(days=3))
    office.settle(TEAM)
    on_a = SubjectRequestService(office["a"].ctx)
    assert [q.id for q in on_a.list_requests()] == [request.id]
    on_a.answer(request.id, office["a"].ctx.today(), Delivery.VIEWED_IN_PERSON, "")
    office.settle(TEAM)
    (back,) = bso.list_requests()
    assert back.status is RequestStatus.ANSWERED
    assert back.delivery is Delivery.VIEWED_IN_PERSON


def test_erasure_leaves_no_requester_words_in_sync_bookkeeping(office: Office) -> None:
    from vigdesk.services.subject_access import SubjectAccessService

    fam = add_family(office["a"])
    office.settle(TEAM)
    SubjectRequestService(office["a"].ctx).add(
        fam.mother.id, office["a"].ctx.today(), requester="Quillon Brackenbury, solicitor"
    )
    office.settle(TEAM)
    SubjectAccessService(office["a"].ctx).erase(fam.mother.id, "she asked")
    office.settle(TEAM)
    for name in TEAM:
        db = office[name].ctx.db
        (kept,) = SubjectRequestService(office[name].ctx).list_requests()
        assert kept.person_id is None and kept.requester == "erased"
        tables = ("sync_rows", "sync_changes", "sync_outbox", "sync_conflicts", "subject_requests")
        for table in tables:
            dump = str(db.execute(f"SELECT * FROM {table}"))
            assert "Brackenbury" not in dump, (name, table)
