"""The parent's reflections typed in shared review go to the review's session, on the
case-record schedule, so deleting the clip they were typed beside keeps them."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import PASSPHRASE, Family
from tests.services.test_retention import Clock, clock, filmed, s  # noqa: F401  (fixtures)
from vigdesk.core.errors import InvalidInput
from vigdesk.core.reflections import Reflection
from vigdesk.core.sessions import SessionKind
from vigdesk.services import report_html
from vigdesk.services.access import unlock_vault
from vigdesk.services.session import Services
from vigdesk.services.subject_access import SubjectAccessService

OLD_HEADING = "Shared review, the parent's reflections"


def test_reflections_go_to_a_new_shared_review_session(
    s: Services,  # noqa: F811
    filmed: tuple[Family, list[str]],  # noqa: F811
) -> None:
    fam, (_source, clip, still) = filmed
    s.media.annotate(clip, title="Sharing a look", labels=(), note="Practitioner's note.")
    session = s.reflections.record(
        fam.case.id,
        [Reflection(clip, "He looks to me before he builds."), Reflection(still, "  ")],
        shown=[clip, still],
    )
    assert (session.kind, session.held_on) == (SessionKind.SHARED_REVIEW, date(2026, 11, 24))
    assert set(session.media_ids) == {clip, still}
    assert "“Sharing a look”: He looks to me before he builds." in session.notes
    assert s.media.get(clip).note == "Practitioner's note."  # the clip keeps only its own
    [entry] = [e for e in s.ctx.audit.entries() if e.action == "session.reflections_recorded"]
    assert entry.object_id == session.id
    assert entry.details == {"case": fam.case.id, "reflections": 1, "media": 2, "new": True}


def test_reflections_join_the_session_the_practitioner_picks(
    s: Services,  # noqa: F811
    filmed: tuple[Family, list[str]],  # noqa: F811
) -> None:
    fam, (_source, clip, still) = filmed
    review = s.sessions.add_session(
        fam.case.id, SessionKind.SHARED_REVIEW, date(2026, 11, 20), notes="Went well."
    )
    session = s.reflections.record(
        fam.case.id, [Reflection(still, "She was so calm.")], shown=[still], session_id=review.id
    )
    assert session.id == review.id and session.held_on == date(2026, 11, 20)
    assert session.notes.startswith("Went well.\n\n")
    assert session.notes.endswith("She was so calm.")
    assert session.media_ids == (still,)
    [listed] = s.sessions.list_sessions(fam.case.id)
    assert listed == session
    filming = s.sessions.add_session(fam.case.id, SessionKind.FILMING, date(2026, 11, 21))
    with pytest.raises(InvalidInput, match="shared review"):
        s.reflections.record(fam.case.id, [], shown=[clip], session_id=filming.id)


def test_the_sweep_deleting_the_clip_leaves_the_reflections_in_the_session(
    s: Services,  # noqa: F811
    filmed: tuple[Family, list[str]],  # noqa: F811
    clock: Clock,  # noqa: F811
) -> None:
    fam, (_source, clip, _still) = filmed
    review = s.reflections.record(
        fam.case.id, [Reflection(clip, "I waited and he came to me.")], shown=[clip]
    )
    s.sessions.update_session(review.id, summary="Mum saw herself waiting for him.")
    s.cases.close_case(fam.case.id, date(2026, 11, 24), "goals met")
    clock.travel(90)
    result = s.retention.sweep()
    assert clip in {d.object_id for d in result.deleted}
    [session] = s.sessions.list_sessions(fam.case.id)
    assert session.id == review.id and session.media_ids == ()
    assert "I waited and he came to me." in session.notes


def test_reflections_stored_on_clips_move_to_a_review_session(
    s: Services,  # noqa: F811
    filmed: tuple[Family, list[str]],  # noqa: F811
) -> None:
    fam, (_source, clip, still) = filmed
    s.media.annotate(
        clip,
        title="Sharing a look",
        labels=(),
        note=f"Practitioner's note.\n\n{OLD_HEADING} (22 Nov 2026): He looks up.\n\n"
        f"{OLD_HEADING} (22 Nov 2026): And smiles.",
    )
    shown = s.sessions.add_session(
        fam.case.id, SessionKind.SHARED_REVIEW, date(2026, 11, 23), media_ids=[still]
    )
    s.media.annotate(still, title="A still", labels=(), note=f"{OLD_HEADING} (23 Nov 2026): Calm.")
    assert s.reflections.adopt_from_clips() == 3
    assert s.media.get(clip).note == "Practitioner's note."
    assert s.media.get(still).note == ""
    sessions = {x.held_on: x for x in s.sessions.list_sessions(fam.case.id)}
    made = sessions[date(2026, 11, 22)]  # no review showed the clip: one is made that day
    assert made.kind is SessionKind.SHARED_REVIEW and made.media_ids == (clip,)
    assert "He looks up." in made.notes and "And smiles." in made.notes
    assert "“Sharing a look”" in made.notes
    assert "Calm." in sessions[date(2026, 11, 23)].notes  # the review that showed the still
    assert sessions[date(2026, 11, 23)].id == shown.id
    assert s.reflections.adopt_from_clips() == 0  # once only
    moved = [e for e in s.ctx.audit.entries() if e.action == "session.reflections_moved"]
    assert len(moved) == 2 and all("look" not in str(e.details) for e in moved)


def test_unlocking_an_existing_vault_moves_them(
    s: Services,  # noqa: F811
    filmed: tuple[Family, list[str]],  # noqa: F811
    clock: Clock,  # noqa: F811
) -> None:
    fam, (_source, clip, _still) = filmed
    s.media.annotate(clip, title="A", labels=(), note=f"{OLD_HEADING} (24 Nov 2026): Yes.")
    home = s.vault.home
    s.vault.lock()
    vault = unlock_vault(home, PASSPHRASE, clock=clock)
    try:
        again = Services.for_vault(vault)
        assert again.media.get(clip).note == ""
        [session] = again.sessions.list_sessions(fam.case.id)
        assert "Yes." in session.notes
    finally:
        vault.lock()


def test_moved_reflections_of_one_day_share_one_session(
    s: Services,  # noqa: F811
    filmed: tuple[Family, list[str]],  # noqa: F811
) -> None:
    fam, (_source, clip, still) = filmed
    for media_id, words in ((clip, "One."), (still, "Two.")):
        s.media.annotate(
            media_id, title="T", labels=(), note=f"{OLD_HEADING} (21 Nov 2026): {words}"
        )
    assert s.reflections.adopt_from_clips() == 2
    [session] = s.sessions.list_sessions(fam.case.id)
    assert set(session.media_ids) == {clip, still}
    assert session.notes.index("One.") < session.notes.index("Two.")


def test_the_parents_copy_holds_the_reflections_and_erasure_removes_them_with_the_record(
    s: Services,  # noqa: F811
    filmed: tuple[Family, list[str]],  # noqa: F811
    tmp_path: Path,
) -> None:
    fam, (_source, clip, _still) = filmed
    s.media.annotate(clip, title="Sharing a look", labels=(), note="")
    s.reflections.record(fam.case.id, [Reflection(clip, "He looks to me.")], shown=[clip])
    sar = SubjectAccessService(s.ctx)
    mother = sar.collect(fam.mother.id)
    assert mother.reflections == [("2026-11-24", "clip “Sharing a look”: He looks to me.")]
    assert sar.collect(fam.child.id).reflections == []  # the parent's words, not the child's
    folder = sar.export(fam.mother.id, tmp_path / "copy").folder
    record = json.loads((folder / "record.json").read_text("utf-8"))
    said = next(x["items"] for x in record["sections"] if x["key"] == "said")
    assert said == [{"Review": "24 Nov 2026", "You said": "clip “Sharing a look”: He looks to me."}]
    assert "He looks to me." in report_html.subject_access_bundle(sar.gather(fam.mother.id))
    assert not sar.gather(fam.child.id).section("said").rows
    sar.erase(fam.child.id, "parent's request")
    sar.erase(fam.mother.id, "parent's request")  # the last person: the case record goes
    assert s.ctx.db.scalar("SELECT count(*) FROM sessions") == 0
    assert s.ctx.db.scalar("SELECT count(*) FROM search_index WHERE body LIKE '%looks to me%'") == 0
