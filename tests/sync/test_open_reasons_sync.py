"""Why a case stays open is a case record like the others: it reaches the team."""

from __future__ import annotations

from tests.conftest import add_family
from tests.sync.office import Office, snapshot


def test_a_keep_open_reason_reaches_a_colleague(office: Office) -> None:
    fam = add_family(office["a"])
    office.settle(("a", "bso"))
    office["bso"].sync.assign(fam.case.id, office.member_id("b"))
    office.settle(("bso", "b", "a"))
    office["a"].retention.record_why_open(fam.case.id, "Court review in March")
    office.settle(("a", "bso", "b"))
    for name in ("b", "bso"):
        rows = office[name].vault.db.execute(
            "SELECT reason FROM case_open_reasons WHERE case_id = ?", (fam.case.id,)
        )
        assert [r[0] for r in rows] == ["Court review in March"], name
    assert snapshot(office["a"]) == snapshot(office["b"]) == snapshot(office["bso"])
