"""Changing a case's code: the rules, the audit, search, and the sync clash it settles."""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import MOTHER, Family, without_codes
from tests.sync.conftest import office, office_template
from tests.sync.office import Office
from vigdesk.core.errors import InvalidInput, NotFound
from vigdesk.services.session import Services

__all__ = ["office", "office_template"]

CODE = "VIG-0012"


def _audit_count(s: Services) -> int:
    return int(s.ctx.db.scalar("SELECT count(*) FROM audit"))


def test_a_new_code_is_saved_audited_and_searchable(services: Services, family: Family) -> None:
    old = family.case.code
    case = services.cases.change_code(family.case.id, "  vig-0012a ")
    assert case.code == "VIG-0012A" and case.id == family.case.id
    assert services.cases.find("VIG-0012A").id == family.case.id
    with pytest.raises(NotFound):
        services.cases.find(old)
    entry = list(services.ctx.audit.entries())[-1]
    assert (entry.action, entry.object_type, entry.object_id) == (
        "case.code_changed",
        "case",
        family.case.id,
    )
    assert entry.details == {"old": old, "new": "VIG-0012A"}
    assert "MW" not in without_codes(str(entry.details)) and MOTHER not in str(entry.details)
    assert [c.id for c in services.cases.search("VIG-0012A")] == [family.case.id]
    assert services.cases.search(old) == []
    assert [c.id for c in services.cases.search("wolstenholme")] == [family.case.id]


def test_the_same_code_again_changes_nothing(services: Services, family: Family) -> None:
    before = _audit_count(services)
    case = services.cases.change_code(family.case.id, family.case.code.lower())
    assert case == services.cases.find(family.case.id)
    assert _audit_count(services) == before


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("", "Give a case code"),
        ("   ", "Give a case code"),
        ("AB", "cannot be used: use 3 to 20"),
        ("VIG-0012-AND-A-LOT-MORE", "cannot be used"),
        ("VIG 0012", "cannot be used"),
        ("VIG_0012", "cannot be used"),
        ("-VIG12", "starting and ending with a letter or digit"),
        ("VIGÉ12", "cannot be used"),
    ],
)
def test_a_code_that_breaks_the_rule_is_refused(
    services: Services, family: Family, code: str, message: str
) -> None:
    before = _audit_count(services)
    with pytest.raises(InvalidInput, match=message):
        services.cases.change_code(family.case.id, code)
    with pytest.raises(InvalidInput, match=message):
        services.cases.add_case("XY", date(2026, 1, 1), code=code)
    assert services.cases.find(family.case.id).code == family.case.code
    assert _audit_count(services) == before


def test_a_code_in_use_is_refused_like_add_case_does(services: Services, family: Family) -> None:
    other = services.cases.add_case("ZZ", date(2026, 2, 2), code=CODE)
    before = _audit_count(services)
    with pytest.raises(InvalidInput, match=f"^The case code {CODE} is already in use.$"):
        services.cases.change_code(family.case.id, CODE.lower())
    assert services.cases.find(family.case.id).code == family.case.code
    assert services.cases.find(other.id).code == CODE
    assert _audit_count(services) == before
    with pytest.raises(NotFound):
        services.cases.change_code("0" * 32, "VIG-0099")


def test_two_laptops_choose_one_code_offline_and_a_rename_settles_it(office: Office) -> None:
    a, b, bso = office["a"], office["b"], office["bso"]
    ann = a.cases.add_case("MW", date(2026, 9, 1), code=CODE)
    ben = b.cases.add_case("TC", date(2026, 9, 2), code=CODE)
    a.sync.assign(ann.id, office.member_id("b"))
    office.settle(("a", "b", "bso"))
    assert b.sync.waiting() and bso.sync.waiting()
    assert b.sync.waiting()[0].case_id == ann.id

    a.cases.change_code(ann.id, "VIG-0012A")
    office.settle(("a", "b", "bso"))

    for s in (a, b, bso):
        assert s.sync.waiting() == [] and s.sync.status().pending_rows == 0
    assert {c.id: c.code for c in bso.cases.list_cases()} == {ann.id: "VIG-0012A", ben.id: CODE}
    assert {c.id: c.code for c in b.cases.list_cases()} == {ann.id: "VIG-0012A", ben.id: CODE}
    assert [c.id for c in bso.cases.search("VIG-0012A")] == [ann.id]
