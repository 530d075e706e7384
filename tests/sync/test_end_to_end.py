"""Two laptops and the BSO through one real site folder: records, keys, blobs, audit."""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import add_family
from tests.sync.office import Office, snapshot
from vigdesk.core.sessions import SessionKind


def test_case_created_on_a_laptop_reaches_the_bso_but_not_an_unassigned_laptop(
    office: Office,
) -> None:
    fam = add_family(office["a"])
    office.settle(("a", "b", "bso"))
    assert [c.id for c in office["bso"].cases.list_cases()] == [fam.case.id]
    assert office["b"].cases.list_cases() == []
    people = {p.full_name for p in office["bso"].cases.people(fam.case.id)}
    assert people == {fam.mother.full_name, fam.child.full_name}


def test_assignment_gives_the_case_and_its_files(office: Office) -> None:
    fam = add_family(office["a"])
    office.settle(("a", "bso"))
    office["bso"].sync.assign(fam.case.id, office.member_id("b"))
    office.settle(("bso", "b", "a"))
    assert snapshot(office["a"]) == snapshot(office["b"]) == snapshot(office["bso"])
    evidence = office["b"].consent.for_case(fam.case.id)[0].evidence_blob_id
    assert evidence is not None
    assert office["b"].ctx.blobs.read_bytes(evidence) == b"\x89PNG signature"


def test_edits_flow_both_ways_and_conflicts_are_kept(office: Office) -> None:
    fam = add_family(office["a"])
    office["a"].sync.assign(fam.case.id, office.member_id("b"))
    office.settle(("a", "bso", "b"))
    session = office["a"].sessions.add_session(
        fam.case.id, SessionKind.INITIAL_MEETING, date(2026, 10, 1)
    )
    office.settle(("a", "bso", "b"))
    office["a"].sessions.update_session(session.id, notes="Ann's notes")
    office["b"].sessions.update_session(session.id, notes="Ben's notes")
    office.settle(("a", "b", "bso"))
    notes = {n: _notes(office, n, fam.case.id) for n in ("a", "b", "bso")}
    assert len(set(notes.values())) == 1
    conflicts = office["a"].sync.conflicts()
    assert {(c.table, c.column) for c in conflicts} >= {("sessions", "notes")}
    note = next(c for c in conflicts if c.column == "notes")
    assert {note.kept, note.other} == {"Ann's notes", "Ben's notes"}
    authors = {note.kept: note.kept_by, note.other: note.other_by}
    assert authors == {"Ann's notes": "", "Ben's notes": "Ben Practitioner"}  # as Ann sees it
    office["a"].sync.settle(note.id, "other")
    office.settle(("a", "b", "bso"))
    assert _notes(office, "b", fam.case.id) == note.other
    assert not [c for c in office["b"].sync.conflicts() if c.column == "notes"]


def _notes(office: Office, name: str, case_id: str) -> str:
    return office[name].sessions.list_sessions(case_id)[0].notes


def test_status_cancel_and_settling_by_keeping(office: Office) -> None:
    from vigdesk.core.errors import Cancelled

    fam = add_family(office["a"])
    office["a"].sync.assign(fam.case.id, office.member_id("b"))
    before = office["a"].sync.status()
    assert before.approved and before.unsent_changes > 0
    with pytest.raises(Cancelled):
        office["a"].sync.sync(cancelled=lambda: True)
    office.settle(("a", "bso", "b"))
    assert office["a"].sync.status().unsent_changes == 0
    office["a"].cases.activate(fam.case.id)
    office["b"].cases.close_case(fam.case.id, date(2026, 11, 1), "moved away")
    office.settle(("a", "bso", "b"))
    [conflict] = [c for c in office["b"].sync.conflicts() if c.column == "status"]
    assert [c.id for c in office["a"].sync.conflicts() if c.column == "status"] == [conflict.id]
    office["b"].sync.settle(conflict.id[:8], "kept")
    assert not [c for c in office["b"].sync.conflicts() if c.column == "status"]
    assert office["b"].sync.conflicts(open_only=False)[0].resolution == "kept"
    office.settle(("b", "bso", "a"))
    assert not [c for c in office["a"].sync.conflicts() if c.column == "status"]  # settled there


def test_the_bso_fetches_big_files_only_on_demand(office: Office) -> None:
    from tests.sync.helpers import blob_ids, family_with_files

    fam = family_with_files(office["a"], files=1, size=3 << 20)
    office.settle(("a", "bso"))
    bso = office["bso"]
    big = [b for b in blob_ids(bso, fam.case.id) if not bso.ctx.blobs.path(b).exists()]
    assert len(big) == 1  # the small consent scan came, the 3 MiB one waits
    bso.sync.fetch_blob(big[0])
    assert len(bso.ctx.blobs.read_bytes(big[0])) == 3 << 20
