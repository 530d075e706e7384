"""Consent is enforced in the services layer: the ui cannot bypass it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.conftest import Family, add_family
from vigdesk.core.cases import PersonKind
from vigdesk.core.consent import Method, Purpose
from vigdesk.core.errors import ConsentRequired, InvalidInput
from vigdesk.services.session import Services


def test_import_needs_film_and_keep_for_every_child(services: Services, footage: Path) -> None:
    fam = add_family(services, consent=(Purpose.FILM,))
    with pytest.raises(ConsentRequired) as refused:
        services.media.import_footage(fam.case.id, footage)
    assert "keeping video during the intervention for PW" in str(refused.value)
    assert services.ctx.db.scalar("SELECT count(*) FROM blobs WHERE kind = 'footage'") == 0


def test_a_second_child_without_consent_blocks_import(
    services: Services, family: Family, footage: Path
) -> None:
    sibling = services.cases.add_person(
        family.case.id, PersonKind.CHILD, "Tamsin Wolstenholme", date_of_birth=date(2025, 1, 1)
    )
    with pytest.raises(ConsentRequired, match=f"filming for {sibling.initials}"):
        services.media.import_footage(family.case.id, footage)


def test_no_children_means_no_filming(services: Services, footage: Path) -> None:
    case = services.cases.add_case("QQ", date(2026, 9, 1))
    with pytest.raises(ConsentRequired, match="add the family's children"):
        services.media.import_footage(case.id, footage)


def test_withdrawing_keep_immediately_blocks_playback(
    services: Services, family: Family, footage: Path
) -> None:
    item = services.media.import_footage(family.case.id, footage).item
    services.media.open_for_playback(item.id).close()
    keep = [r.id for r in services.consent.for_case(family.case.id) if r.purpose is Purpose.KEEP]
    services.consent.withdraw(keep, "changed her mind")
    with pytest.raises(ConsentRequired, match="MW has withdrawn or refused consent to keeping"):
        services.media.open_for_playback(item.id)
    with pytest.raises(ConsentRequired):
        services.media.make_clip(item.id, 1.0, 2.0)


def test_a_refusal_by_one_parent_blocks_even_if_another_consents(
    services: Services, family: Family
) -> None:
    father = services.cases.add_person(
        family.case.id, PersonKind.ADULT, "Ambrose Fairweather", parental_responsibility=True
    )
    services.consent.record(
        family.case.id,
        father.id,
        [family.child.id],
        {Purpose.SUPERVISION: True, Purpose.TRAINING: False},
        form_version="2026.1",
        given_on=date(2026, 9, 12),
        method=Method.SCANNED_PAPER,
    )
    services.consent.require(family.case.id, [Purpose.SUPERVISION], "export for supervision")
    with pytest.raises(ConsentRequired, match="AF has withdrawn or refused consent to use at"):
        services.consent.require(family.case.id, [Purpose.TRAINING], "export for training")


def test_consent_needs_parental_responsibility(services: Services, family: Family) -> None:
    friend = services.cases.add_person(family.case.id, PersonKind.ADULT, "Nora Friend")
    with pytest.raises(InvalidInput, match="parental responsibility"):
        services.consent.record(
            family.case.id,
            friend.id,
            [family.child.id],
            {Purpose.FILM: True},
            form_version="2026.1",
            given_on=date(2026, 9, 12),
            method=Method.SCANNED_PAPER,
        )


def test_evidence_is_sealed_and_audited(services: Services, family: Family) -> None:
    rec = services.consent.for_case(family.case.id)[0]
    assert rec.evidence_blob_id is not None
    assert services.ctx.blobs.read_bytes(rec.evidence_blob_id) == b"\x89PNG signature"
    raw = services.ctx.blobs.path(rec.evidence_blob_id).read_bytes()
    assert b"signature" not in raw
    assert "consent.recorded" in [e.action for e in services.ctx.audit.entries()]
