"""A review let go without a written summary (issue 18) syncs with the session, so the
BSO's figures and every laptop's sweep agree; the reason travels in the notes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tests.conftest import add_family
from tests.sync.office import Office
from vigdesk.core.sessions import SessionKind


def test_a_summary_waiver_reaches_the_bso(office: Office, footage: Path) -> None:
    a, bso = office["a"], office["bso"]
    fam = add_family(a)
    source = a.media.import_footage(fam.case.id, footage).item
    clip = a.media.make_clip(source.id, 1.0, 2.0)
    review = a.sessions.add_session(
        fam.case.id, SessionKind.SHARED_REVIEW, date(2026, 9, 15), media_ids=[clip.id]
    )
    office.settle(("a", "bso"))
    assert bso.retention.site_figures().summaries_missing == 1
    a.retention.without_summary([review.id], "The family moved away")
    office.settle(("a", "bso"))
    assert bso.retention.summaries_missing(fam.case.id) == []
    assert bso.retention.site_figures().summaries_missing == 0
    [session] = [s for s in bso.sessions.list_sessions(fam.case.id) if s.id == review.id]
    assert "Reason given: The family moved away" in session.notes
