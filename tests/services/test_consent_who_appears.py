"""Consent follows who is filmed, enforced by the services (issue 19): import, playback
and export for the family shapes the rule table covers, on a real vault and video."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.conftest import Family, add_family, fast_kdf
from vigdesk.core.cases import Person, PersonKind
from vigdesk.core.consent import Method, Purpose
from vigdesk.core.errors import ConsentRequired, InvalidInput
from vigdesk.services.exports import ExportRequest, ExportService
from vigdesk.services.session import Services

HOLD = {Purpose.FILM: True, Purpose.KEEP: True}


def give(
    s: Services, case_id: str, giver: Person, about: list[Person], answers: dict[Purpose, bool]
) -> None:
    s.consent.record(
        case_id,
        giver.id,
        [p.id for p in about],
        answers,
        form_version="2026.2",
        given_on=s.ctx.today(),
        method=Method.SCANNED_PAPER,
    )


def foster_family(s: Services) -> tuple[str, Person, Person, Person]:
    case = s.cases.add_case("LK", date(2026, 9, 1))
    carer = s.cases.add_person(case.id, PersonKind.ADULT, "Faith Carew", relationship="foster")
    child = s.cases.add_person(
        case.id, PersonKind.CHILD, "Lily Kemp", date_of_birth=date(2023, 1, 1)
    )
    child = s.consent.set_looked_after(child.id, True)
    worker = s.consent.add_authority(
        case.id, "Sam Ward", "Social worker, Children in Care team", "Care order; DA: filming yes"
    )
    return case.id, carer, child, worker


def test_a_fostered_child_is_filmed_with_the_local_authority_s_consent(
    services: Services, footage: Path
) -> None:
    case_id, carer, child, worker = foster_family(services)
    with pytest.raises(InvalidInput, match="looked after"):
        give(services, case_id, carer, [child], HOLD)
    give(services, case_id, carer, [carer], HOLD)
    with pytest.raises(ConsentRequired, match="the local authority has not consented to filming"):
        services.media.import_footage(case_id, footage)
    give(services, case_id, worker, [child], HOLD)
    item = services.media.import_footage(case_id, footage).item
    assert set(item.appears or ()) == {carer.id, child.id}  # the social worker is not filmed
    services.media.open_for_playback(item.id).close()
    keep = [
        r.id
        for r in services.consent.for_case(case_id)
        if r.giver_id == worker.id and r.purpose is Purpose.KEEP
    ]
    services.consent.withdraw(keep, "care plan changed")
    with pytest.raises(ConsentRequired, match="SW has withdrawn or refused consent to keeping"):
        services.media.open_for_playback(item.id)


def test_a_partner_without_pr_who_appears_must_consent_for_themselves(
    services: Services, family: Family, footage: Path
) -> None:
    partner = services.cases.add_person(
        family.case.id, PersonKind.ADULT, "Piers Quayle", relationship="mother's partner"
    )
    with pytest.raises(ConsentRequired, match="PQ appears and has not consented to filming"):
        services.media.import_footage(family.case.id, footage)
    shown = [family.mother.id, family.child.id]
    item = services.media.import_footage(family.case.id, footage, appearing=shown).item
    services.media.open_for_playback(item.id).close()
    services.media.set_appearing(item.id, [*shown, partner.id])
    with pytest.raises(ConsentRequired, match="PQ appears and has not consented to keeping"):
        services.media.open_for_playback(item.id)
    give(services, family.case.id, partner, [partner], HOLD)
    services.media.open_for_playback(item.id).close()
    assert "media.appearing_set" in [e.action for e in services.ctx.audit.entries()]


def test_a_sibling_who_does_not_appear_never_blocks(
    services: Services, family: Family, footage: Path
) -> None:
    father = services.cases.add_person(
        family.case.id, PersonKind.ADULT, "Dan Fell", parental_responsibility=True
    )
    sibling = services.cases.add_person(
        family.case.id, PersonKind.CHILD, "Tamsin Wolstenholme", date_of_birth=date(2021, 1, 1)
    )
    give(services, family.case.id, father, [sibling], {Purpose.FILM: False})
    with pytest.raises(ConsentRequired, match="DF has withdrawn or refused consent to filming"):
        services.media.import_footage(family.case.id, footage)
    shown = [family.mother.id, family.child.id]
    item = services.media.import_footage(family.case.id, footage, appearing=shown).item
    clip = services.media.make_clip(item.id, 1.0, 2.0)
    assert clip.appears == tuple(shown)


def test_a_competent_child_s_own_refusal_blocks(services: Services, footage: Path) -> None:
    fam = add_family(services)
    teen = services.cases.add_person(
        fam.case.id, PersonKind.CHILD, "Jo Reed", date_of_birth=date(2012, 5, 1)
    )
    give(services, fam.case.id, fam.mother, [teen], HOLD)
    with pytest.raises(InvalidInput, match="not been judged able to decide"):
        give(services, fam.case.id, teen, [teen], {Purpose.FILM: False})
    teen = services.consent.judge_competent(
        teen.id, services.ctx.today(), "AP, practitioner", "understood and asked questions"
    )
    stored = next(p for p in services.cases.people(fam.case.id) if p.id == teen.id)
    assert (stored.competent_on, stored.competent_by) == (services.ctx.today(), "AP, practitioner")
    give(services, fam.case.id, teen, [teen], {Purpose.FILM: False})
    with pytest.raises(ConsentRequired, match="JR has withdrawn or refused consent to filming"):
        services.media.import_footage(fam.case.id, footage)
    services.media.import_footage(fam.case.id, footage, appearing=[fam.mother.id, fam.child.id])


def test_an_export_needs_the_purpose_from_everyone_in_its_clips(
    services: Services, family: Family, footage: Path, tmp_path: Path
) -> None:
    partner = services.cases.add_person(family.case.id, PersonKind.ADULT, "Piers Quayle")
    give(services, family.case.id, partner, [partner], {**HOLD, Purpose.SUPERVISION: False})
    source = services.media.import_footage(family.case.id, footage).item
    with_partner = services.media.make_clip(source.id, 1.0, 2.0)
    without = services.media.set_appearing(
        services.media.make_clip(source.id, 2.0, 3.0).id, [family.mother.id, family.child.id]
    )
    exports = ExportService(services.ctx, services.consent, fast_kdf)

    def request(media_id: str, out: Path) -> ExportRequest:
        return ExportRequest(
            media_ids=(media_id,),
            purpose=Purpose.SUPERVISION,
            recipient="Dr Ada Supervisor",
            expires_on=services.ctx.today() + timedelta(days=30),
            out=out,
            passphrase="plum orchard seventeen",
        )

    with pytest.raises(ConsentRequired, match="PQ has withdrawn or refused") as refused:
        exports.export(request(with_partner.id, tmp_path / "a.vigpkg"))
    assert exports.consent_problem(family.case.id, Purpose.SUPERVISION, [with_partner.id]) == str(
        refused.value
    )
    assert not (tmp_path / "a.vigpkg").exists()
    exports.export(request(without.id, tmp_path / "b.vigpkg"))
    assert (tmp_path / "b.vigpkg").exists()


def test_who_appears_must_be_of_the_case(services: Services, family: Family, footage: Path) -> None:
    other = add_family(services)
    with pytest.raises(InvalidInput, match="not in this case"):
        services.media.import_footage(family.case.id, footage, appearing=[other.child.id])
    with pytest.raises(ConsentRequired, match="say who appears"):
        services.media.import_footage(family.case.id, footage, appearing=[])
    gran = services.cases.add_person(family.case.id, PersonKind.ADULT, "Gwen Wolstenholme")
    with pytest.raises(InvalidInput, match="adults answer for themselves"):
        give(services, family.case.id, family.mother, [gran], HOLD)


def test_packages_to_recall_follow_who_is_in_the_exported_clips(
    services: Services, family: Family, footage: Path, tmp_path: Path
) -> None:
    partner = services.cases.add_person(family.case.id, PersonKind.ADULT, "Piers Quayle")
    give(services, family.case.id, partner, [partner], {**HOLD, Purpose.SUPERVISION: True})
    source = services.media.import_footage(family.case.id, footage).item
    dyad = [family.mother.id, family.child.id]
    clip = services.media.set_appearing(services.media.make_clip(source.id, 1.0, 2.0).id, dyad)
    exports = ExportService(services.ctx, services.consent, fast_kdf)
    sent = exports.export(
        ExportRequest(
            media_ids=(clip.id,),
            purpose=Purpose.SUPERVISION,
            recipient="Dr Ada Supervisor",
            expires_on=services.ctx.today() + timedelta(days=30),
            out=tmp_path / "p.vigpkg",
            passphrase="plum orchard seventeen",
        )
    )
    mine = [
        r.id
        for r in services.consent.for_case(family.case.id)
        if r.purpose is Purpose.SUPERVISION and r.giver_id == partner.id
    ]
    services.consent.withdraw(mine, "no longer wants to be seen")
    assert exports.packages_to_recall(family.case.id) == []  # he is not in that clip
    hers = [
        r.id
        for r in services.consent.for_case(family.case.id)
        if r.purpose is Purpose.SUPERVISION and r.giver_id == family.mother.id
    ]
    services.consent.withdraw(hers, "changed her mind")
    [recall] = exports.packages_to_recall(family.case.id)
    assert recall.record.id == sent.record.id and "MW has withdrawn" in recall.reasons[0]


def test_separated_parents_with_one_refusing(
    services: Services, family: Family, footage: Path
) -> None:
    dad = services.cases.add_person(
        family.case.id,
        PersonKind.ADULT,
        "Desmond Farrow",
        parental_responsibility=True,
        relationship="father",
    )
    give(services, family.case.id, dad, [dad], HOLD)
    give(
        services,
        family.case.id,
        dad,
        [family.child],
        {**HOLD, Purpose.SUPERVISION: True, Purpose.TRAINING: False},
    )
    shown = [family.mother.id, family.child.id]
    item = services.media.import_footage(family.case.id, footage, appearing=shown).item
    services.media.open_for_playback(item.id).close()
    clip = services.media.make_clip(item.id, 0.2, 0.8, title="A look")
    assert services.exports.consent_problem(family.case.id, Purpose.SUPERVISION, [clip.id]) is None
    refusal = services.exports.consent_problem(family.case.id, Purpose.TRAINING, [clip.id])
    assert refusal is not None
    assert "DF has withdrawn or refused consent to use at training events for PW" in refusal
    keep = [
        r.id
        for r in services.consent.for_case(family.case.id)
        if r.giver_id == dad.id and r.child_id == family.child.id and r.purpose is Purpose.KEEP
    ]
    services.consent.withdraw(keep, "father withdrew")
    with pytest.raises(ConsentRequired, match="DF has withdrawn or refused consent to keeping"):
        services.media.open_for_playback(item.id)
