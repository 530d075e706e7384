"""Case records through the services: rules, audit, encryption at rest."""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import CHILD, MOTHER, Family
from vigdesk.core.cases import CaseStatus, PersonKind
from vigdesk.core.errors import InvalidInput
from vigdesk.services.session import Services


def actions(s: Services) -> list[str]:
    return [e.action for e in s.ctx.audit.entries()]


def test_case_lifecycle_is_audited(services: Services, family: Family) -> None:
    case = services.cases.activate(family.case.id)
    assert case.status is CaseStatus.ACTIVE
    closed = services.cases.close_case(case.id, date(2026, 11, 1), "goals met")
    assert closed.status is CaseStatus.CLOSED
    opened, people = services.cases.open_case(case.id)
    assert opened.closure_reason == "goals met"
    assert {p.full_name for p in people} == {MOTHER, CHILD}
    assert {
        "case.created",
        "person.added",
        "consent.recorded",
        "case.activated",
        "case.closed",
        "case.read",
    } <= set(actions(services))
    for entry in services.ctx.audit.entries():
        assert MOTHER not in str(entry.details) and "goals met" not in str(entry.details)


def test_generated_codes_are_unique_and_readable(services: Services) -> None:
    codes = {services.cases.add_case("AB", date(2026, 1, 5)).code for _ in range(30)}
    assert len(codes) == 30
    assert all(c.startswith("VIG-26-") and len(c) == 11 for c in codes)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda s, f: s.cases.add_case("XY", date(2099, 1, 1)), "in the future"),
        (lambda s, f: s.cases.add_case("XY", date(2026, 1, 1), code=f.case.code), "already in use"),
        (
            lambda s, f: s.cases.add_person(
                f.case.id, PersonKind.CHILD, "Baby X", date_of_birth=date(2099, 1, 1)
            ),
            "in the future",
        ),
        (lambda s, f: s.cases.add_person(f.case.id, PersonKind.CHILD, "Baby X"), "date of birth"),
        (lambda s, f: s.cases.close_case(f.case.id, date(2026, 8, 1), "x"), "before the referral"),
        (lambda s, f: s.cases.close_case(f.case.id, date(2026, 10, 1), " "), "reason"),
    ],
)
def test_bad_input_is_refused_and_nothing_saved(
    services: Services, family: Family, call: object, message: str
) -> None:
    before = services.ctx.db.scalar("SELECT count(*) FROM audit")
    people = len(services.cases.people(family.case.id))
    with pytest.raises(InvalidInput, match=message):
        call(services, family)  # type: ignore[operator]
    assert services.ctx.db.scalar("SELECT count(*) FROM audit") == before
    assert len(services.cases.people(family.case.id)) == people
    assert services.cases.find(family.case.code).status is CaseStatus.REFERRED


def test_names_are_not_in_the_raw_database(services: Services, family: Family) -> None:
    services.ctx.db.checkpoint()
    home = services.vault.home
    for path in home.iterdir():
        if path.is_file():
            data = path.read_bytes()
            for needle in (MOTHER, CHILD, "health visitor"):
                assert needle.encode() not in data, path.name


def test_search_finds_names_notes_and_codes_without_auditing_the_query(
    services: Services, family: Family
) -> None:
    other = services.cases.add_case("ZZ", date(2026, 2, 2), primary_difficulty="sleep")
    assert [c.id for c in services.cases.search("wolsten")] == [family.case.id]
    assert [c.id for c in services.cases.search("Peregrine wolst")] == [family.case.id]
    assert [c.id for c in services.cases.search("sleep")] == [other.id]
    assert [c.id for c in services.cases.search(family.case.code)] == [family.case.id]
    assert services.cases.search('"unbalanced AND (') == []
    entry = list(services.ctx.audit.entries())[-1]
    assert entry.action == "case.searched" and "wolsten" not in str(entry.details)


def test_privacy_mode_is_on_by_default_and_switching_off_is_audited(services: Services) -> None:
    assert services.cases.privacy_mode
    services.cases.set_privacy_mode(False)
    assert not services.cases.privacy_mode
    entry = list(services.ctx.audit.entries())[-1]
    assert (entry.action, entry.details) == ("privacy_mode.changed", {"on": False})
