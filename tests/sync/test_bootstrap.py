"""A new BSO laptop's first sync (issue 17): every family arrives, and the valid key
wraps other devices already left on the site are taken as they are instead of being
written again, except a damaged one, or a practitioner's who was once taken off the
case (they ignore the stale wrap they had until a new one readmits them)."""

from __future__ import annotations

from tests.conftest import PASSPHRASE, fast_kdf
from tests.sync.helpers import family_with_files
from tests.sync.office import Office, snapshot
from vigdesk.core.ids import new_id
from vigdesk.services.access import create_vault
from vigdesk.services.session import Services
from vigdesk.storage.sync_state import SyncState
from vigdesk.sync import hlc, keywraps
from vigdesk.sync.apply import Applier, Authored
from vigdesk.sync.authority import Authority
from vigdesk.sync.changes import RowChange
from vigdesk.sync.codec import encode_value, pk_text
from vigdesk.sync.layout import SiteLayout


def _new_bso(office: Office, name: str) -> str:
    """Enrol a second BSO laptop, let it in; returns its member id."""
    create_vault(
        office.home(name), PASSPHRASE, display_name="Bo Second", role="bso", kdf=fast_kdf()
    ).lock()
    office.located.add(name)
    office[name].sync.site.enrol(office.share)
    bso = office["bso"]
    for request in bso.sync.site.requests():
        bso.sync.site.approve(request.device_id, PASSPHRASE)
    office.sync("bso")
    return office.member_id(name)


def test_a_new_bso_laptop_takes_valid_wraps_and_rewrites_the_others(office: Office) -> None:
    fam = family_with_files(office["a"], files=1)
    case = fam.case.id
    ben = office.member_id("b")
    office["a"].sync.assign(case, ben)
    office.settle(("a", "b", "bso"))
    office["bso"].sync.unassign(case, ben)  # Ben is taken off, then given it again
    office.sync("bso")
    assert office.sync("b").withdrawn == 1
    office["bso"].sync.assign(case, ben)
    office.settle(("bso", "b", "a"))
    assert [c.id for c in office["b"].cases.list_cases()] == [case]
    newcomer = _new_bso(office, "z")
    layout = SiteLayout(office.share)
    own, ann, bens, bea = (
        layout.case_key(case, m)
        for m in (newcomer, office.member_id("a"), ben, office.member_id("bso"))
    )
    before = {p: p.read_bytes() for p in (own, ann, bens)}
    bea.write_bytes(b"{}")  # damaged: the new laptop must not take it as written

    office.sync("z")
    office.sync("z")

    assert snapshot(office["z"])["cases"] == snapshot(office["bso"])["cases"]
    assert own.read_bytes() == before[own]  # valid, for a BSO: kept, not rewritten
    assert ann.read_bytes() == before[ann]  # valid, Ann never taken off the case: kept
    assert bens.read_bytes() != before[bens]  # Ben was taken off once: written afresh
    manifest = office["z"].sync.manifest()
    assert manifest is not None
    assert keywraps.acceptable(bea.read_bytes(), "case", case, office.member_id("bso"), manifest)
    recorded = {
        str(r[0])
        for r in office["z"].vault.db.execute(
            "SELECT member_id FROM sync_wraps WHERE case_id = ?", (case,)
        )
    }
    assert recorded == {newcomer, office.member_id("a"), ben, office.member_id("bso")}
    office.settle(("z", "b", "a", "bso"))
    assert [c.id for c in office["b"].cases.list_cases()] == [case]


def test_a_row_that_cannot_be_written_yet_leaves_no_trace(services: Services) -> None:
    """Rows are written without a savepoint each: a refused statement must undo what
    its triggers did (change log, search index) and leave the row pending."""
    db = services.ctx.db
    case_id, person_id = new_id(), new_id()  # the person's case has not arrived
    stamp = hlc.stamp(hlc.tick(0, 1_700_000_000_000), "d" * 32)
    person = {
        "id": person_id,
        "case_id": case_id,
        "kind": "adult",
        "full_name": "Orphan Tracewell",
        "initials": "OT",
        "relationship": "mother",
        "created_at": "2026-01-01T09:00:00+00:00",
    }
    change = RowChange(
        "people",
        pk_text([person_id]),
        case_id,
        stamp,
        (1, ()),
        {c: (encode_value(v), "") for c, v in person.items()},
    )
    before = db.scalar("SELECT count(*) FROM sync_changes")
    with db.transact():
        state = SyncState(db, services.vault.master_key)
        applier = Applier(db, state, "now", Authority(db, frozenset()))
        result = applier.apply([Authored(change, new_id(), "d" * 32)])
    assert result.pending == 1 and result.rows == 0
    assert db.scalar("SELECT count(*) FROM sync_changes") == before
    assert db.one("SELECT 1 FROM search_index WHERE body MATCH 'Tracewell'") is None
    assert db.one("SELECT reason FROM sync_rows WHERE pk = ?", (pk_text([person_id]),)) == (
        "parent",
    )
