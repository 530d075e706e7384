"""Moment markers through the services, on real vaults and real generated footage."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from tests.conftest import PASSPHRASE, Family, add_family
from vigdesk.core.consent import Purpose
from vigdesk.core.errors import ConsentRequired, InvalidInput, NotFound
from vigdesk.core.markers import Step
from vigdesk.services.access import unlock_vault
from vigdesk.services.session import Services


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def s(vault_home: Path, clock: Clock) -> Iterator[Services]:
    vault = unlock_vault(vault_home, PASSPHRASE, clock=clock)
    yield Services.for_vault(vault)
    vault.lock()


@pytest.fixture
def filmed(s: Services, footage: Path) -> tuple[Family, str]:
    fam = add_family(s)
    return fam, s.media.import_footage(fam.case.id, footage).item.id


def audit_actions(s: Services, object_id: str) -> list[str]:
    return [e.action for e in s.ctx.audit.entries() if e.object_id == object_id]


def test_add_snaps_to_a_frame_checks_who_and_audits_without_note_or_initials(
    s: Services, filmed: tuple[Family, str]
) -> None:
    fam, media = filmed
    marker = s.markers.add(media, 2.41, "child_initiative", who="pw", note="Points at the ball")
    assert (marker.at_s, marker.who, marker.case_id) == (2.40, "PW", fam.case.id)
    assert s.markers.list_markers(media) == [marker]
    entry = next(e for e in s.ctx.audit.entries() if e.object_id == marker.id)
    assert entry.action == "marker.added"
    assert entry.details == {"case": fam.case.id, "media": media, "type": "child_initiative"}
    assert audit_actions(s, media)[-1] == "markers.listed"


@pytest.mark.parametrize(
    ("at", "kind", "who", "message"),
    [
        (1.0, "hug", "", "not a marker type"),
        (1.0, "vig:receiving/nothing", "", "not a marker type"),
        (9.0, "child_initiative", "", "video is"),
        (1.0, "child_initiative", "ZZ", "Nobody in this family"),
    ],
)
def test_bad_markers_are_refused_and_nothing_is_written(
    s: Services, filmed: tuple[Family, str], at: float, kind: str, who: str, message: str
) -> None:
    _fam, media = filmed
    with pytest.raises(InvalidInput, match=message):
        s.markers.add(media, at, kind, who=who)
    assert s.ctx.db.scalar("SELECT count(*) FROM markers") == 0


def test_a_paig_behaviour_is_a_marker_type_too(s: Services, filmed: tuple[Family, str]) -> None:
    _fam, media = filmed
    assert s.markers.add(media, 1.0, "vig:receiving/eyes").type == "vig:receiving/eyes"


def test_move_by_frames_edit_and_delete(s: Services, filmed: tuple[Family, str]) -> None:
    _fam, media = filmed
    marker = s.markers.add(media, 1.0, "child_initiative")
    assert s.markers.move(marker.id, 3).at_s == pytest.approx(1.12)
    assert s.markers.move(marker.id, -1000).at_s == 0.0
    assert s.markers.move(marker.id, 10_000).at_s == pytest.approx(5.96)  # last frame of 6 s
    changed = s.markers.edit(marker.id, type="adult_reception", note="leans in")
    assert (changed.type, changed.note) == ("adult_reception", "leans in")
    assert s.markers.list_markers(media)[0] == changed
    s.markers.delete(marker.id)
    assert s.markers.list_markers(media) == []
    with pytest.raises(NotFound):
        s.markers.delete(marker.id)
    assert audit_actions(s, marker.id) == [
        "marker.added",
        "marker.moved",
        "marker.moved",
        "marker.moved",
        "marker.changed",
        "marker.deleted",
    ]


def test_analyse_gives_chains_gaps_and_summary(s: Services, filmed: tuple[Family, str]) -> None:
    _fam, media = filmed
    for at, kind in ((2.4, "adult_reception"), (3.0, "adult_response"), (2.0, "child_initiative")):
        s.markers.add(media, at, kind)
    s.markers.add(media, 4.0, "child_initiative")
    result = s.markers.analyse(media)
    assert [m.at_s for m in result.markers] == [2.0, 2.4, 3.0, 4.0]
    first, second = result.chains
    assert second.steps == (Step.CHILD_INITIATIVE,)
    assert first.steps == (Step.CHILD_INITIATIVE, Step.ADULT_RECEPTION, Step.ADULT_RESPONSE)
    assert first.gaps == (0.4, 0.6)
    assert (result.summary.initiatives_received, result.summary.initiatives_missed) == (1, 1)
    assert result.summary.median_response_s == 1.0


def test_stills_take_no_markers_and_withdrawn_keep_refuses(
    s: Services, filmed: tuple[Family, str]
) -> None:
    fam, media = filmed
    still = s.media.make_still(media, 1.0)
    with pytest.raises(InvalidInput, match="still"):
        s.markers.add(still.id, 0.0, "child_initiative")
    keep = [r.id for r in s.consent.for_case(fam.case.id) if r.purpose is Purpose.KEEP]
    s.consent.withdraw(keep)
    with pytest.raises(ConsentRequired):
        s.markers.add(media, 1.0, "child_initiative")


def test_markers_are_shredded_with_their_footage(
    s: Services, filmed: tuple[Family, str], clock: Clock
) -> None:
    fam, media = filmed
    s.markers.add(media, 1.0, "child_initiative", note="a private note")
    s.cases.close_case(fam.case.id, date(2026, 11, 24), "goals met")
    clock.now += timedelta(days=61)
    due = s.retention.preview()
    assert [d.object_id for d in due] == [media]
    s.retention.sweep()
    assert s.ctx.db.scalar("SELECT count(*) FROM markers") == 0


def test_markers_go_with_a_shredded_case(s: Services, filmed: tuple[Family, str]) -> None:
    fam, media = filmed
    s.markers.add(media, 1.0, "child_initiative")
    with s.ctx.db.transact():
        from vigdesk.storage.retention import RetentionRepo

        RetentionRepo(s.ctx.db).delete_case(fam.case.id)
    assert s.ctx.db.scalar("SELECT count(*) FROM markers") == 0


def test_clip_from_a_chain_pads_copies_its_markers_and_paig_labels(
    s: Services, filmed: tuple[Family, str]
) -> None:
    _fam, media = filmed
    before = s.markers.add(media, 0.4, "moment")  # outside the span: not copied
    spec = (
        (2.0, "child_initiative"),
        (2.4, "adult_reception"),
        (2.4, "vig:receiving/eyes"),
        (3.0, "adult_response"),
    )
    chosen = [s.markers.add(media, at, kind).id for at, kind in spec]
    clip = s.markers.clip(media, chosen, pad_before_s=0.4, pad_after_s=0.6, title="Eyes meet")
    assert (clip.start_s, clip.end_s) == pytest.approx((1.6, 3.64), abs=0.001)
    assert clip.labels == ("vig:receiving/eyes",)
    copies = s.markers.analyse(clip.id)
    assert sorted((round(m.at_s, 2), m.type) for m in copies.markers) == [
        (0.4, "child_initiative"),
        (0.8, "adult_reception"),
        (0.8, "vig:receiving/eyes"),
        (1.4, "adult_response"),
    ]
    assert before.id not in {m.id for m in copies.markers}
    assert copies.chains[0].gaps == s.markers.analyse(media).chains[0].gaps == (0.4, 0.6)
    assert len(s.markers.list_markers(media)) == 5  # the footage keeps its own
    with pytest.raises(InvalidInput, match="not on this video"):
        s.markers.clip(media, [*chosen, "f" * 32])


def test_subject_access_lists_the_markers_and_erasure_takes_them(
    s: Services, filmed: tuple[Family, str], tmp_path: Path
) -> None:
    import json

    from tests.sqlcipher_pages import decrypted_pages
    from vigdesk.crypto import keys
    from vigdesk.services.subject_access import SubjectAccessService

    fam, media = filmed
    note = "Quillon laughs when mum copies the sound"
    s.markers.add(media, 1.0, "child_initiative", who="PW", note=note)
    sar = SubjectAccessService(s.ctx)
    record = json.loads(
        (sar.export(fam.mother.id, tmp_path / "sar").folder / "record.json").read_text()
    )
    (marked,) = (x["items"] for x in record["sections"] if x["key"] == "markers")
    assert [(m["At"], m["Who"], m["Note"]) for m in marked] == [("0:01.0", "PW", note)]
    db_key = keys.hkdf(s.vault.master_key, keys.DB_KEY_INFO)
    s.ctx.db.checkpoint()
    assert note.encode() in b"".join(decrypted_pages(s.vault.home / "case.db", db_key))
    sar.erase(fam.child.id, "the family asked")
    assert s.ctx.db.scalar("SELECT count(*) FROM markers") == 0  # with every video of the case
    s.ctx.db.checkpoint()
    assert note.encode() not in b"".join(decrypted_pages(s.vault.home / "case.db", db_key))
