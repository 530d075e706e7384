"""The purposes `review_filming` and `family_copy` (issue 19), and the gates other
services call before filming a review or giving a family a copy of their clips."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Family, add_family
from vigdesk.core.cases import PersonKind
from vigdesk.core.consent import Method, Purpose
from vigdesk.core.consent_wording import PURPOSE_LINES, PURPOSE_TITLES
from vigdesk.core.errors import ConsentRequired
from vigdesk.services.session import Services

HOLD = (Purpose.FILM, Purpose.KEEP)


def test_every_purpose_has_its_wording_in_one_place() -> None:
    assert set(PURPOSE_LINES) == set(Purpose) == set(PURPOSE_TITLES)
    assert Purpose("review_filming") is Purpose.REVIEW_FILMING
    assert Purpose("family_copy") is Purpose.FAMILY_COPY
    assert "supervision" in PURPOSE_LINES[Purpose.REVIEW_FILMING]
    assert "copy" in PURPOSE_LINES[Purpose.FAMILY_COPY]


def test_the_new_purposes_are_recorded_like_any_other(services: Services) -> None:
    fam = add_family(services, consent=(*HOLD, Purpose.REVIEW_FILMING, Purpose.FAMILY_COPY))
    stored = {r.purpose for r in services.consent.for_case(fam.case.id)}
    assert {Purpose.REVIEW_FILMING, Purpose.FAMILY_COPY} <= stored


def test_a_family_copy_needs_everyone_who_appears_to_agree(
    services: Services, footage: Path
) -> None:
    fam = add_family(services, consent=HOLD)
    partner = services.cases.add_person(
        fam.case.id, PersonKind.ADULT, "Piers Quayle", relationship="mother's partner"
    )
    services.consent.record(
        fam.case.id,
        partner.id,
        [partner.id],
        {Purpose.FILM: True, Purpose.KEEP: True, Purpose.FAMILY_COPY: False},
        form_version="2026.4",
        given_on=services.ctx.today(),
        method=Method.SCANNED_PAPER,
    )
    item = services.media.import_footage(fam.case.id, footage).item
    problem = services.consent.family_copy_problem([item.id])
    assert problem is not None
    assert "PQ has withdrawn or refused consent to a family copy of the clips" in problem
    assert "nobody with parental responsibility has consented to a family copy" in problem
    with pytest.raises(ConsentRequired, match=r"^Cannot give the family a copy"):
        services.consent.require_family_copy([item.id])

    _agree(services, fam, fam.mother.id, [fam.child.id], Purpose.FAMILY_COPY)
    services.media.set_appearing(item.id, [fam.mother.id, fam.child.id])
    assert services.consent.family_copy_problem([item.id]) is None
    services.consent.require_family_copy([item.id])


def test_a_review_is_filmed_only_with_the_consent_of_those_attending(services: Services) -> None:
    fam = add_family(services, consent=HOLD)
    problem = services.consent.review_filming_problem(fam.case.id)
    assert problem == (
        "Cannot film this review: MW appears and has not consented to filming review "
        "meetings for supervision."
    )
    _agree(services, fam, fam.mother.id, [fam.child.id], Purpose.REVIEW_FILMING)
    services.consent.require_review_filming(fam.case.id)
    # Everyone attending answers for themselves; someone who stays away does not block.
    services.cases.add_person(fam.case.id, PersonKind.ADULT, "Piers Quayle")
    with pytest.raises(ConsentRequired, match="PQ appears and has not consented to filming rev"):
        services.consent.require_review_filming(fam.case.id)
    services.consent.require_review_filming(fam.case.id, [fam.mother.id, fam.child.id])


def _agree(s: Services, fam: Family, giver: str, about: list[str], purpose: Purpose) -> None:
    s.consent.record(
        fam.case.id,
        giver,
        about,
        {purpose: True},
        form_version="2026.4",
        given_on=s.ctx.today(),
        method=Method.SCANNED_PAPER,
    )
