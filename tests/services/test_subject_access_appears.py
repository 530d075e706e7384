"""Subject access and erasure follow who appears in each video (issue 19)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Family
from vigdesk.core.cases import PersonKind
from vigdesk.core.consent import Method, Purpose
from vigdesk.services.session import Services
from vigdesk.services.subject_access import SubjectAccessService


def test_a_partner_s_access_and_erasure_cover_only_the_videos_showing_him(
    services: Services, family: Family, footage: Path
) -> None:
    partner = services.cases.add_person(family.case.id, PersonKind.ADULT, "Piers Quayle")
    services.consent.record(
        family.case.id,
        partner.id,
        [partner.id],
        {Purpose.FILM: True, Purpose.KEEP: True},
        form_version="2026.2",
        given_on=services.ctx.today(),
        method=Method.SCANNED_PAPER,
    )
    dyad = [family.mother.id, family.child.id]
    with_him = services.media.import_footage(family.case.id, footage, appearing=[*dyad, partner.id])
    copy = footage.with_name("second.mp4")
    copy.write_bytes(footage.read_bytes() + b"\0")  # a different file: not refused as a repeat
    without = services.media.import_footage(family.case.id, copy, appearing=dyad)
    sar = SubjectAccessService(services.ctx)

    his = sar.collect(partner.id)
    assert [m.id for m in his.media] == [with_him.item.id]
    assert his.to_json()["video"][0]["others_who_may_appear"] == ["MW", "PW"]
    hers = sar.collect(family.mother.id)
    assert {m.id for m in hers.media} == {with_him.item.id, without.item.id}
    shown = {v["id"]: v["others_who_may_appear"] for v in hers.to_json()["video"]}
    assert shown[with_him.item.id] == ["PW", "PQ"] and shown[without.item.id] == ["PW"]

    certificate = sar.erase(partner.id, "asked to be removed")
    assert certificate.deleted["video"] == 1
    left = services.media.list_media(family.case.id)
    assert [m.id for m in left] == [without.item.id]
    services.media.open_for_playback(without.item.id).close()
