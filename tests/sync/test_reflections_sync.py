"""The parent's reflections, kept in a shared-review session, reach a colleague's laptop
and stay on every laptop when the clip they were typed beside is shredded."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import add_family
from tests.sync.office import Office, snapshot
from vigdesk.core.consent import Purpose
from vigdesk.core.reflections import Reflection

TEAM = ("a", "bso", "b")


def test_reflections_sync_and_outlive_the_shredded_clip(office: Office, footage: Path) -> None:
    a = office["a"]
    fam = add_family(a)
    source = a.media.import_footage(fam.case.id, footage).item.id
    clip = a.media.make_clip(source, 1.0, 2.0, title="Sharing a look").id
    review = a.reflections.record(fam.case.id, [Reflection(clip, "He waits for me.")], shown=[clip])
    a.sessions.update_session(review.id, summary="Mum noticed him waiting for her.")
    a.sync.assign(fam.case.id, office.member_id("b"))
    office.settle(TEAM)
    [on_b] = office["b"].sessions.list_sessions(fam.case.id)
    assert "clip “Sharing a look”: He waits for me." in on_b.notes
    assert on_b.media_ids == (clip,)

    keep = [c.id for c in a.consent.for_case(fam.case.id) if c.purpose is Purpose.KEEP]
    a.consent.withdraw(keep, "the family asked")
    assert {d.object_id for d in a.retention.sweep().deleted} == {source, clip}
    office.settle(TEAM)
    for name in TEAM:
        [session] = office[name].sessions.list_sessions(fam.case.id)
        assert "He waits for me." in session.notes and session.media_ids == ()
    assert snapshot(a) == snapshot(office["b"]) == snapshot(office["bso"])
