"""Deletions and retention shreds win, on every device and on the site."""

from __future__ import annotations

from datetime import date

from tests.sync.helpers import blob_ids, family_with_files
from tests.sync.office import Office, snapshot
from vigdesk.core.sessions import SessionKind
from vigdesk.services.subject_access import SubjectAccessService
from vigdesk.sync.layout import SiteLayout


def _shared(office: Office) -> str:
    fam = family_with_files(office["a"], files=1)
    office["a"].sync.assign(fam.case.id, office.member_id("b"))
    office.settle(("a", "b", "bso"))
    return fam.case.id


def test_a_shredded_case_goes_everywhere_even_against_concurrent_edits(office: Office) -> None:
    case = _shared(office)
    layout = SiteLayout(office.share)
    files = blob_ids(office["a"], case)
    assert all(layout.blob(b).exists() for b in files)
    # Ben keeps working on the case while Ann erases the family (the key is shredded).
    office["b"].sessions.add_session(case, SessionKind.FILMING, date(2026, 10, 3), notes="late")
    erase = SubjectAccessService(office["a"].ctx)
    for person in office["a"].cases.people(case):
        erase.erase(person.id, "the family asked")
    office.settle(("a", "b", "bso"))
    for name in ("a", "b", "bso"):
        s = office[name]
        assert s.cases.list_cases() == []
        assert s.vault.db.scalar("SELECT count(*) FROM case_keys") == 0
        assert s.vault.db.scalar("SELECT count(*) FROM sync_rows") == 0
        assert not any(s.ctx.blobs.path(b).exists() for b in files)
    assert not layout.case_keys_dir(case).exists()
    assert not any(layout.blob(b).exists() for b in files)


def test_a_deleted_row_stays_deleted_despite_a_concurrent_edit(office: Office) -> None:
    case = _shared(office)
    consents = office["a"].consent.for_case(case)
    target = next(c for c in consents if c.evidence_blob_id is not None)
    office["b"].consent.withdraw([target.id], "changed mind")
    # Ann erases the mother (her consents go with her) while Ben withdraws one of them.
    mother = next(p for p in office["a"].cases.people(case) if p.parental_responsibility)
    SubjectAccessService(office["a"].ctx).erase(mother.id, "asked")
    office.settle(("a", "b", "bso"))
    assert snapshot(office["a"]) == snapshot(office["b"]) == snapshot(office["bso"])
    ids = {c.id for c in office["b"].consent.for_case(case)}
    assert target.id not in ids
    names = {p.full_name for p in office["bso"].cases.people(case)}
    assert mother.full_name not in names
    # The merge state forgot her values too (only the tombstone's ids remain).
    db = office["bso"].vault.db
    assert not [r for r in db.execute("SELECT fields FROM sync_rows") if mother.full_name in r[0]]


def test_a_hold_can_be_released_and_set_again(office: Office) -> None:
    case = _shared(office)
    office["a"].retention.set_hold(case, "court order")
    office.settle(("a", "bso", "b"))
    office["b"].retention.release_hold(case)
    office.settle(("a", "bso", "b"))
    assert office["a"].retention.holds() == []
    office["a"].retention.set_hold(case, "second order")
    office.settle(("a", "b", "bso"))
    assert [h.reason for h in office["b"].retention.holds()] == ["second order"]
    assert snapshot(office["a"]) == snapshot(office["b"])
