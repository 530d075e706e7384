"""The demo's foster family (issue 19): a looked-after child, the local authority's
social worker consenting for him under the care order, and the foster carer, who has
no parental responsibility, consenting for herself."""

from __future__ import annotations

from vigdesk.core.cases import PersonKind
from vigdesk.core.consent import Purpose
from vigdesk.core.media import MediaKind
from vigdesk.services.demo import FAMILIES, add_families
from vigdesk.services.session import Services


def test_the_demo_foster_family_is_recorded_as_the_rule_expects(services: Services) -> None:
    foster = [f for f in FAMILIES if f.foster]
    assert len(foster) == 1
    (case,) = add_families(services, foster)
    people = services.cases.people(case.id)
    carer = next(p for p in people if p.relationship == "foster carer")
    worker = next(p for p in people if p.represents_authority)
    child = next(p for p in people if p.kind is PersonKind.CHILD)
    assert not carer.parental_responsibility
    assert child.looked_after
    assert "Children in Care" in worker.authority_role and "order" in worker.authority_note
    records = services.consent.for_case(case.id)
    assert {(r.giver_id, r.child_id) for r in records} == {
        (carer.id, carer.id),
        (worker.id, child.id),
    }
    footage = [m for m in services.media.list_media(case.id) if m.kind is MediaKind.FOOTAGE]
    assert footage and set(footage[0].appears or ()) == {carer.id, child.id}
    services.media.open_for_playback(footage[0].id).close()
    services.consent.require_for(footage, (Purpose.FILM, Purpose.KEEP), "film")
