"""Moment markers sync between two laptops through a real site folder, merge per field,
and go everywhere when their footage is shredded."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import add_family
from tests.sync.office import Office, snapshot
from vigdesk.core.consent import Purpose

TEAM = ("a", "bso", "b")  # Ben's case key comes from the BSO's laptop


def _marked(office: Office, footage: Path) -> tuple[str, str, list[str]]:
    fam = add_family(office["a"])
    media = office["a"].media.import_footage(fam.case.id, footage).item.id
    ids = [
        office["a"].markers.add(media, at, kind, who=who).id
        for at, kind, who in (
            (1.0, "child_initiative", "PW"),
            (1.4, "adult_reception", "MW"),
            (2.0, "adult_response", "MW"),
        )
    ]
    office["a"].sync.assign(fam.case.id, office.member_id("b"))
    office.settle(TEAM)
    return fam.case.id, media, ids


def test_markers_reach_a_colleague_and_edits_merge_field_by_field(
    office: Office, footage: Path
) -> None:
    _case, media, (initiative, reception, _response) = _marked(office, footage)
    on_b = office["b"].markers.analyse(media)
    assert [m.id for m in on_b.markers] == [m.id for m in office["a"].markers.list_markers(media)]
    assert on_b.chains[0].gaps == (0.4, 0.6)
    # Ann writes a note while Ben, offline, nudges the same marker by two frames.
    office["a"].markers.edit(reception, note="leans in and smiles")
    office["b"].markers.move(reception, 2)
    office["b"].markers.delete(initiative)
    office.settle(TEAM)
    for name in TEAM:
        markers = {m.id: m for m in office[name].markers.list_markers(media)}
        assert initiative not in markers
        assert (markers[reception].at_s, markers[reception].note) == (1.48, "leans in and smiles")
    assert snapshot(office["a"]) == snapshot(office["b"]) == snapshot(office["bso"])
    assert not [c for c in office["a"].sync.conflicts() if c.table == "markers"]


def test_markers_are_shredded_with_their_footage_on_every_laptop(
    office: Office, footage: Path
) -> None:
    case, media, _ids = _marked(office, footage)
    keep = [c.id for c in office["a"].consent.for_case(case) if c.purpose is Purpose.KEEP]
    office["a"].consent.withdraw(keep, "the family asked")
    assert [d.object_id for d in office["a"].retention.preview()] == [media]
    office["a"].retention.sweep()
    office.settle(TEAM)
    for name in TEAM:
        db = office[name].vault.db
        assert db.scalar("SELECT count(*) FROM markers") == 0, name
        assert db.scalar("SELECT count(*) FROM sync_rows WHERE tbl = 'markers' AND alive") == 0
