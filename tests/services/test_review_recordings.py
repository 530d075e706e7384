"""Filmed shared reviews: marked only with `review_filming` consent, followed by the clips
cut from them, and the guiding half of a supervision package."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.conftest import add_family, fast_kdf
from vigdesk.core.consent import Purpose
from vigdesk.core.errors import ConsentRequired, InvalidInput
from vigdesk.core.sessions import SessionKind
from vigdesk.services.exports import ExportRequest, ExportService, open_package_file
from vigdesk.services.review_recordings import load_guider_skills
from vigdesk.services.session import Services


def review_session(s: Services, case_id: str) -> str:
    s.sessions.add_session(case_id, SessionKind.FILMING, date(2026, 10, 1))
    return s.sessions.add_session(case_id, SessionKind.SHARED_REVIEW, date(2026, 10, 8)).id


def test_a_review_recording_and_its_clips_form_the_guiding_half(
    services: Services, footage: Path, tmp_path: Path
) -> None:
    s = services
    fam = add_family(s)
    review = review_session(s, fam.case.id)
    interaction = s.media.import_footage(fam.case.id, footage).item
    second = tmp_path / "review-meeting.mp4"
    second.write_bytes(footage.read_bytes() + b"\0")  # another file, not a duplicate
    recording = s.reviews_filmed.import_recording(fam.case.id, second, review).item
    assert s.reviews_filmed.session_of(recording) == review
    assert s.reviews_filmed.session_of(interaction) is None
    guiding = s.media.make_clip(recording.id, 1.0, 2.0, title="Pausing on the smile")
    family = s.media.make_clip(interaction.id, 1.0, 2.0, title="Sharing a look")
    assert s.reviews_filmed.session_of(guiding) == review
    skill = load_guider_skills()[0].tag
    s.media.annotate(guiding.id, title=guiding.title, labels=(skill,), note="")

    out = tmp_path / "both.vigpkg"
    ExportService(s.ctx, s.consent, fast_kdf).export(
        ExportRequest(
            (family.id, guiding.id), Purpose.SUPERVISION, "Dr Ada",
            s.ctx.today() + timedelta(days=9), out, passphrase="plum orchard seventeen",
        )
    )  # fmt: skip
    manifest = open_package_file(
        out, today=s.ctx.today(), passphrase="plum orchard seventeen"
    ).manifest
    assert [(i.title, i.labels) for i in manifest.items] == [
        ("Sharing a look", ()),
        ("Pausing on the smile", ("Filmed shared review", skill)),
    ]
    actions = [r[0] for r in s.ctx.db.execute("SELECT action FROM audit")]
    assert "media.review_recording_marked" in actions


def test_no_review_filming_consent_no_recording(services: Services, footage: Path) -> None:
    s = services
    fam = add_family(s, consent=tuple(p for p in Purpose if p is not Purpose.REVIEW_FILMING))
    review = review_session(s, fam.case.id)
    with pytest.raises(ConsentRequired, match="MW"):
        s.reviews_filmed.import_recording(fam.case.id, footage, review)
    assert s.media.list_media(fam.case.id) == []  # refused before anything was sealed
    item = s.media.import_footage(fam.case.id, footage).item
    with pytest.raises(ConsentRequired):
        s.reviews_filmed.mark(item.id, review)
    assert s.reviews_filmed.for_case(fam.case.id) == {}


def test_only_footage_and_only_a_review_session(services: Services, footage: Path) -> None:
    s = services
    fam = add_family(s)
    review = review_session(s, fam.case.id)
    filming = next(
        x.id for x in s.sessions.list_sessions(fam.case.id) if x.kind is SessionKind.FILMING
    )
    item = s.media.import_footage(fam.case.id, footage).item
    with pytest.raises(InvalidInput, match="shared review sessions"):
        s.reviews_filmed.mark(item.id, filming)
    clip = s.media.make_clip(item.id, 1.0, 2.0)
    with pytest.raises(InvalidInput, match="Only footage"):
        s.reviews_filmed.mark(clip.id, review)
    s.reviews_filmed.mark(item.id, review)
    s.reviews_filmed.unmark(item.id)
    assert s.reviews_filmed.session_of(item) is None


def test_withdrawing_review_filming_recalls_and_stops_exports(
    services: Services, footage: Path, tmp_path: Path
) -> None:
    s = services
    fam = add_family(s)
    review = review_session(s, fam.case.id)
    recording = s.reviews_filmed.import_recording(fam.case.id, footage, review).item
    guiding = s.media.make_clip(recording.id, 1.0, 2.0, title="Pausing")
    exports = ExportService(s.ctx, s.consent, fast_kdf)

    def export(name: str) -> None:
        exports.export(
            ExportRequest(
                (guiding.id,), Purpose.SUPERVISION, "Dr Ada",
                s.ctx.today() + timedelta(days=9), tmp_path / name,
                passphrase="plum orchard seventeen",
            )
        )  # fmt: skip

    export("a.vigpkg")
    assert exports.packages_to_recall(fam.case.id) == []
    filming = [r.id for r in s.consent.for_case(fam.case.id) if r.purpose is Purpose.REVIEW_FILMING]
    s.consent.withdraw(filming, "no more filming of our meetings")
    (recall,) = exports.packages_to_recall(fam.case.id)
    assert "review" in " ".join(recall.reasons).lower()
    with pytest.raises(ConsentRequired, match="export a filmed review"):
        export("b.vigpkg")
