"""Who appears, the local authority's representative, looked-after status and a child's
competence reach a colleague's laptop (new columns of synced tables; issue 19)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import add_family
from tests.sync.office import Office
from vigdesk.core.cases import PersonKind
from vigdesk.core.consent import Method, Purpose
from vigdesk.core.errors import ConsentRequired
from vigdesk.services.documents import lawful_basis

TEAM = ("a", "bso", "b")


def test_who_may_consent_and_who_appears_sync(office: Office, footage: Path) -> None:
    a = office["a"]
    fam = add_family(a)
    partner = a.cases.add_person(fam.case.id, PersonKind.ADULT, "Piers Quayle")
    media = a.media.import_footage(
        fam.case.id, footage, appearing=[fam.mother.id, fam.child.id]
    ).item.id
    worker = a.consent.add_authority(fam.case.id, "Sam Ward", "Social worker, CiC team")
    a.consent.set_looked_after(fam.child.id, True, parents_consent_too=True)
    a.consent.judge_competent(fam.child.id, a.ctx.today(), "AP")
    a.sync.assign(fam.case.id, office.member_id("b"))
    office.settle(TEAM)

    b = office["b"]
    people = {p.id: p for p in b.cases.people(fam.case.id)}
    assert people[worker.id].authority_role == "Social worker, CiC team"
    child = people[fam.child.id]
    assert child.looked_after and child.parents_consent_too and child.competent_by == "AP"
    assert b.media.get(media).appears == (fam.mother.id, fam.child.id)
    b.media.open_for_playback(media).close()  # the mother may still consent too
    b.media.set_appearing(media, [fam.mother.id, fam.child.id, partner.id])
    office.settle(TEAM)
    with pytest.raises(ConsentRequired, match="PQ appears and has not consented"):
        a.media.open_for_playback(media)


def test_the_new_purposes_and_the_basis_of_a_consent_sync(office: Office) -> None:
    a = office["a"]
    fam = add_family(a, consent=())
    a.consent.record(
        fam.case.id,
        fam.mother.id,
        [fam.child.id],
        {Purpose.REVIEW_FILMING: True, Purpose.FAMILY_COPY: False},
        form_version="2026.4",
        given_on=a.ctx.today(),
        method=Method.SCANNED_PAPER,
        interpreter="Polish, AK",
        accessible_version="easy read",
    )
    a.sync.assign(fam.case.id, office.member_id("b"))
    office.settle(TEAM)

    b = office["b"]
    assert b.consent.for_case(fam.case.id) == a.consent.for_case(fam.case.id)
    assert {r.purpose for r in b.consent.for_case(fam.case.id)} == {
        Purpose.REVIEW_FILMING,
        Purpose.FAMILY_COPY,
    }
    assert {r.lawful_basis for r in b.consent.for_case(fam.case.id)} == {
        lawful_basis(a.retention.policy)
    }
    b.consent.require_review_filming(fam.case.id)
