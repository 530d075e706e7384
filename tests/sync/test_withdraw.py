"""Need to know: a practitioner taken off a case loses it from their laptop at the next
sync, without anyone else losing anything, and gets it back whole if assigned again."""

from __future__ import annotations

from datetime import date

from tests.conftest import Family, add_family
from tests.sync.helpers import blob_ids, family_with_files
from tests.sync.office import Office, snapshot
from vigdesk.core.sessions import SessionKind
from vigdesk.sync.layout import SiteLayout


def _shared_family(office: Office) -> Family:
    """A family of Ann's with Ben assigned, everything synced everywhere."""
    fam = family_with_files(office["a"], files=2)
    office["a"].sync.assign(fam.case.id, office.member_id("b"))
    office.settle(("a", "b", "bso"))
    assert [c.id for c in office["b"].cases.list_cases()] == [fam.case.id]
    return fam


def _case_rows(office: Office, name: str, case_id: str) -> dict[str, list[tuple[object, ...]]]:
    """The synced rows of one case on one vault."""
    return {
        table: [row for row in rows if case_id in repr(row)]
        for table, rows in snapshot(office[name]).items()
    }


def _audited(office: Office, name: str, action: str) -> list[str]:
    db = office[name].vault.db
    return [r[0] for r in db.execute("SELECT object_id FROM audit WHERE action = ?", (action,))]


def test_an_unassigned_practitioner_loses_the_case_and_nobody_else_does(office: Office) -> None:
    fam = _shared_family(office)
    files = blob_ids(office["b"], fam.case.id)
    paths = [office["b"].ctx.blobs.path(b) for b in files]
    assert files and all(p.exists() for p in paths)
    before = _case_rows(office, "a", fam.case.id)

    office["bso"].sync.unassign(fam.case.id, office.member_id("b"))
    office.sync("bso")
    report = office.sync("b")

    assert report.withdrawn == 1
    b = office["b"]
    assert b.cases.list_cases() == []
    assert fam.case.id not in b.sync._state.held_case_ids()
    assert not any(p.exists() for p in paths)
    assert _audited(office, "b", "case.withdrawn") == [fam.case.id]
    assert (
        b.vault.db.scalar("SELECT count(*) FROM sync_rows WHERE case_id = ?", (fam.case.id,)) == 0
    )
    office.settle(("a", "b", "bso"))
    after = _case_rows(office, "a", fam.case.id)
    assert {t: r for t, r in after.items() if t != "case_members"} == {
        t: r for t, r in before.items() if t != "case_members"
    }
    assert _case_rows(office, "bso", fam.case.id) == after
    assert office["b"].cases.list_cases() == []
    for blob_id in files:  # the files stay on the site for those who need them
        assert SiteLayout(office.share).blob(blob_id).exists()


def test_edits_made_before_the_unassignment_reach_the_others_first(office: Office) -> None:
    fam = _shared_family(office)
    office["bso"].sync.unassign(fam.case.id, office.member_id("b"))
    office.sync("bso")
    session = office["b"].sessions.add_session(
        fam.case.id, SessionKind.INITIAL_MEETING, date(2026, 11, 2), notes="Ben's visit"
    )
    assert office.sync("b").withdrawn == 1
    office.sync("a")
    assert [s.id for s in office["a"].sessions.list_sessions(fam.case.id)] == [session.id]


def test_assigned_again_the_case_comes_back_whole(office: Office) -> None:
    fam = _shared_family(office)
    office["b"].sessions.add_session(
        fam.case.id, SessionKind.INITIAL_MEETING, date(2026, 11, 2), notes="Ben's visit"
    )
    office.settle(("b", "a", "bso"))
    office["bso"].sync.unassign(fam.case.id, office.member_id("b"))
    office.settle(("bso", "b", "a"))
    assert office["b"].cases.list_cases() == []
    office["a"].sessions.add_session(fam.case.id, SessionKind.SHARED_REVIEW, date(2026, 11, 9))
    office.settle(("a", "bso"))

    office["bso"].sync.assign(fam.case.id, office.member_id("b"))
    office.settle(("bso", "b", "a"))

    assert [c.id for c in office["b"].cases.list_cases()] == [fam.case.id]
    assert _case_rows(office, "b", fam.case.id) == _case_rows(office, "a", fam.case.id)
    evidence = [c.evidence_blob_id for c in office["b"].consent.for_case(fam.case.id)]
    assert all(e and office["b"].ctx.blobs.path(e).exists() for e in evidence)
    assert snapshot(office["a"]) == snapshot(office["b"]) == snapshot(office["bso"])


def test_a_stale_wrap_left_on_the_site_does_not_bring_the_case_back(office: Office) -> None:
    fam = _shared_family(office)
    wrap = SiteLayout(office.share).case_key(fam.case.id, office.member_id("b"))
    stale = wrap.read_bytes()
    office["a"].sync.unassign(fam.case.id, office.member_id("b"))
    office.sync("a")
    office.sync("bso")  # the BSO gave Ben the key, so the BSO takes its wrap away
    assert not wrap.exists()
    wrap.write_bytes(stale)  # a device that has not caught up yet
    assert office.sync("b").withdrawn == 1
    office.sync("b")
    assert office["b"].cases.list_cases() == []
    assert fam.case.id not in office["b"].sync._state.held_case_ids()


def test_the_bso_and_never_assigned_cases_are_left_alone(office: Office) -> None:
    fam = add_family(office["bso"])
    office["bso"].sync.unassign(fam.case.id, office.member_id("bso"))
    office.settle(("bso", "a"))
    assert [c.id for c in office["bso"].cases.list_cases()] == [fam.case.id]
    mine = add_family(office["a"])
    office.sync("a")
    assert [c.id for c in office["a"].cases.list_cases()] == [mine.case.id]
