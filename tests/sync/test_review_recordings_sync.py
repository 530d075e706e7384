"""Filmed-review marks reach the team; a member cannot reach into another family's video
through a row of their own case (a review mark or a marker naming its footage)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from tests.conftest import add_family
from tests.sync.office import Office
from vigdesk.core.ids import new_id
from vigdesk.core.sessions import SessionKind

TEAM = ("a", "bso", "b")


def test_marks_sync_and_cross_family_rows_are_refused(
    office: Office, footage: Path, tmp_path: Path
) -> None:
    a = office["a"]
    ours = add_family(a)
    review = a.sessions.add_session(ours.case.id, SessionKind.SHARED_REVIEW, date(2026, 10, 8))
    recording = a.reviews_filmed.import_recording(ours.case.id, footage, review.id).item
    theirs = add_family(a)  # Ben is not on this family's team
    other = tmp_path / "other.mp4"
    other.write_bytes(footage.read_bytes() + b"\0")
    their_video = a.media.import_footage(theirs.case.id, other).item
    a.sync.assign(ours.case.id, office.member_id("b"))
    office.settle(TEAM)
    b = office["b"]
    assert b.reviews_filmed.for_case(ours.case.id) == {recording.id: review.id}

    # Ben's client, changed by a script: rows of his own case naming their video.
    db = b.vault.db
    db.execute("PRAGMA foreign_keys = OFF")
    with db.transact():
        db.execute(
            "INSERT INTO review_recordings VALUES (?,?,?,?)",
            (their_video.id, ours.case.id, review.id, "2026-12-04T10:00:00Z"),
        )
        db.execute(
            "INSERT INTO markers (id, case_id, media_id, at_s, type, who, note, created_at)"
            " VALUES (?,?,?,?,?,?,?,?)",
            (new_id(), ours.case.id, their_video.id, 1.0, "moment", "", "", "2026-12-04"),
        )
    db.execute("PRAGMA foreign_keys = ON")
    office.settle(TEAM)

    assert a.reviews_filmed.for_case(theirs.case.id) == {}
    assert a.reviews_filmed.for_case(ours.case.id) == {recording.id: review.id}
    assert a.markers.list_markers(their_video.id) == []
    for name in ("a", "bso"):
        rows = office[name].ctx.db.execute(
            "SELECT details FROM audit WHERE action = 'sync.change_refused'"
        )
        details = [json.loads(r[0]) for r in rows]
        assert [(d["action"], d["changes"]) for d in details] == [
            ("link a record to another family's", 2)
        ]
