"""Hand-over: a laptop taken off a case, or a member removed from the site, leaves no
copy of that case's history in its change files once a BSO's laptop carries what it
wrote, so a person erased later is gone from the whole share, and a newcomer still gets
everything the leaver wrote (issue 17)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import PASSPHRASE, add_family
from tests.sync.helpers import blob_ids, family_with_files
from tests.sync.office import Office, snapshot
from tests.sync.test_compaction import _every_key, _sections_of, _share_plaintext
from tests.sync.test_hostile_share import forge
from vigdesk.core.cases import PersonKind
from vigdesk.core.sessions import SessionKind
from vigdesk.services.subject_access import SubjectAccessService
from vigdesk.storage.erasures import ErasureRepo
from vigdesk.storage.sync_state import SyncState
from vigdesk.sync.layout import JOURNAL_RE, SiteLayout, numbered

NAME = "Zebedee Quartermaine"
BORN = date(1951, 7, 14)


def _ben_writes_about_grandad(office: Office) -> tuple[str, str]:
    """Ann's family; Ben, also on the team, adds the grandfather and a visit."""
    fam = add_family(office["a"])
    office.settle(("a", "bso"))
    office["bso"].sync.assign(fam.case.id, office.member_id("b"))
    office.settle(("bso", "b", "a"))
    grandad = office["b"].cases.add_person(
        fam.case.id, PersonKind.ADULT, NAME, date_of_birth=BORN, relationship="grandfather"
    )
    office["b"].sessions.add_session(
        fam.case.id, SessionKind.FILMING, date(2026, 10, 2), notes="Ben's visit notes"
    )
    office.settle(("b", "bso", "a"))
    assert _sections_of(office, "b", fam.case.id)  # Ben's files hold the name
    return fam.case.id, grandad.id


def _share_holds(office: Office, names: tuple[str, ...]) -> list[bytes]:
    opened = _share_plaintext(office, _every_key(office, names))
    return [p for p in opened if NAME.encode() in p or BORN.isoformat().encode() in p]


def _newcomer_sees_bens_work(office: Office, case_id: str) -> None:
    office["bso"].sync.assign(case_id, office.member_id("c"))
    office.settle(("bso", "c"))
    notes = [s.notes for s in office["c"].sessions.list_sessions(case_id)]
    assert "Ben's visit notes" in notes


def test_a_laptop_taken_off_a_case_hands_its_part_over_and_an_erasure_reaches_the_share(
    office: Office,
) -> None:
    case_id, grandad = _ben_writes_about_grandad(office)
    office["bso"].sync.unassign(case_id, office.member_id("b"))
    office.settle(("bso", "b", "a"))
    assert case_id not in {c.id for c in office["b"].cases.list_cases()}  # withdrawn
    assert _sections_of(office, "b", case_id) == []  # handed over: Ben's files are clear
    handed = [
        e.object_id for e in office["bso"].vault.audit.entries() if e.action == "case.handed_over"
    ]
    assert handed == [case_id]

    SubjectAccessService(office["a"].ctx).erase(grandad, "asked to be forgotten")
    office.settle(("a", "bso", "b"))
    office.settle(("a", "bso", "b"))

    assert _share_holds(office, ("a", "bso")) == []
    assert ErasureRepo(office["a"].vault.db).get(grandad).confirmed_on is not None
    assert ErasureRepo(office["bso"].vault.db).pending() == []
    _newcomer_sees_bens_work(office, case_id)


def test_a_member_removed_from_the_site_leaves_no_files_once_a_bso_carries_them(
    office: Office,
) -> None:
    layout = SiteLayout(office.share)
    ben_device = office["b"].vault.header.vault_id
    case_id, grandad = _ben_writes_about_grandad(office)
    office["bso"].sync.site.remove_member(office.member_id("b"), PASSPHRASE)
    office.close("b")  # Ben's laptop never syncs again
    office.settle(("bso", "a"))
    assert numbered(layout.journal_dir(ben_device), JOURNAL_RE) == []
    carried = [
        e.details
        for e in office["bso"].vault.audit.entries()
        if e.action == "site.removed_member_carried"
    ]
    assert len(carried) == 1 and ben_device in str(carried[0])

    SubjectAccessService(office["a"].ctx).erase(grandad, "asked to be forgotten")
    office.settle(("a", "bso"))
    office.settle(("a", "bso"))

    assert _share_holds(office, ("a", "bso")) == []
    assert ErasureRepo(office["a"].vault.db).get(grandad).confirmed_on is not None
    _newcomer_sees_bens_work(office, case_id)


def test_only_a_bso_can_say_a_leavers_part_is_carried(office: Office) -> None:
    """A colleague's forged note would let the leaver delete the only copy of its part."""
    case_id, _grandad = _ben_writes_about_grandad(office)
    ben_device = office["b"].vault.header.vault_id
    office["bso"].sync.unassign(case_id, office.member_id("b"))
    office.sync("bso")
    office.sync("b")  # withdrawn; says so in its next file
    assert case_id not in {c.id for c in office["b"].cases.list_cases()}
    forge(office, "c", [], carried=((ben_device, case_id, 10**6),))
    office.sync("b")
    assert _sections_of(office, "b", case_id)  # still there: Cat is not a BSO
    office.settle(("bso", "b"))
    assert _sections_of(office, "b", case_id) == []


def test_a_removed_members_files_deleted_halfway_are_deleted_again_and_lose_nothing(
    office: Office, tmp_path: Path
) -> None:
    layout = SiteLayout(office.share)
    ben_device = office["b"].vault.header.vault_id
    case_id, _grandad = _ben_writes_about_grandad(office)
    kept = tmp_path / "kept"
    shutil.copytree(layout.journal_dir(ben_device), kept)
    office["bso"].sync.site.remove_member(office.member_id("b"), PASSPHRASE)
    office.close("b")
    office.settle(("bso", "a"))
    old = numbered(kept, JOURNAL_RE)
    for seq in old[: max(1, len(old) // 2)]:  # deleted newest first, killed halfway
        shutil.copy(kept / f"{seq:08d}.vjr", layout.journal(ben_device, seq))
    office["bso"].sync.assign(case_id, office.member_id("c"))
    office.settle(("c", "bso", "a"))  # Cat reads what is left of Ben's files, then it goes
    assert numbered(layout.journal_dir(ben_device), JOURNAL_RE) == []
    assert snapshot(office["c"]) == snapshot(office["a"]) == snapshot(office["bso"])
    notes = [s.notes for s in office["c"].sessions.list_sessions(case_id)]
    assert "Ben's visit notes" in notes
    health = office["bso"].sync.site.device_health()
    assert not [p for r in health for p in r.problems if "gap" in p]
    # Planted there again later: deleted, and nothing is carried twice.
    bso_device = office["bso"].vault.header.vault_id
    before = numbered(layout.journal_dir(bso_device), JOURNAL_RE)
    shutil.copy(kept / f"{old[0]:08d}.vjr", layout.journal(ben_device, old[0]))
    office.sync("bso")
    assert numbered(layout.journal_dir(ben_device), JOURNAL_RE) == []
    assert numbered(layout.journal_dir(bso_device), JOURNAL_RE) == before


def test_an_erasure_made_offline_by_a_laptop_taken_off_the_family_is_refused_cleanly(
    office: Office,
) -> None:
    """Ann erases the child offline while the BSO takes her off the family. She is no
    longer on the team when it arrives, so the others refuse it (deletions need the
    team: accepting back-dated ones would let anyone taken off a family delete its
    records). Nothing else breaks: the file her laptop removed from the site comes back,
    the erasure stays pending on her laptop and is registered nowhere else, and once
    she is given the family again every laptop holds the same."""
    fam = family_with_files(office["a"], files=1)
    office.settle(("a", "bso"))
    office["bso"].sync.assign(fam.case.id, office.member_id("b"))
    office.settle(("bso", "b", "a"))
    SubjectAccessService(office["a"].ctx).erase(fam.child.id, "the family asked")
    office["bso"].sync.unassign(fam.case.id, office.member_id("a"))
    office.sync("bso")
    office.sync("a")
    report = office.sync("bso")
    assert any("delete a person's record" in p for p in report.refused), report.problems
    office.settle(("b", "bso", "a"))
    for name in ("b", "bso"):
        assert fam.child.id in {p.id for p in office[name].cases.people(fam.case.id)}
        assert ErasureRepo(office[name].vault.db).get(fam.child.id) is None
    mine = ErasureRepo(office["a"].vault.db).get(fam.child.id)
    assert mine is not None and mine.pending
    layout = SiteLayout(office.share)
    assert all(layout.blob(b).exists() for b in blob_ids(office["b"], fam.case.id))
    office["bso"].sync.assign(fam.case.id, office.member_id("a"))
    office.settle(("bso", "a", "b"))
    assert snapshot(office["a"]) == snapshot(office["b"]) == snapshot(office["bso"])


def _compact_due(office: Office, name: str) -> None:
    s = office[name]
    with s.vault.db.transact():
        SyncState(s.vault.db, s.vault.master_key).put("compact_due", 1)


def test_a_carried_note_survives_the_bso_compacting_before_the_leaver_reads_it(
    office: Office,
) -> None:
    """The leaver jumps to the BSO's compaction marker and never reads the file that
    first said "carried": every later file says it again until the leaver compacted."""
    case_id, _grandad = _ben_writes_about_grandad(office)
    office["bso"].sync.unassign(case_id, office.member_id("b"))
    office.sync("bso")
    office.sync("b")  # withdrawn: says it left
    office.sync("bso")  # carries Ben's part
    _compact_due(office, "bso")  # as after any deletion received
    office.sync("bso")
    office.settle(("b", "bso", "a"))
    assert _sections_of(office, "b", case_id) == []


def test_a_left_note_survives_its_file_being_deleted(office: Office) -> None:
    case_id, _grandad = _ben_writes_about_grandad(office)
    layout = SiteLayout(office.share)
    ben = office["b"].vault.header.vault_id
    office["bso"].sync.unassign(case_id, office.member_id("b"))
    office.sync("bso")
    office.sync("b")  # withdrawn: its newest file says it left
    layout.journal(ben, numbered(layout.journal_dir(ben), JOURNAL_RE)[-1]).unlink()
    office.settle(("b", "bso", "a"))
    assert _sections_of(office, "b", case_id) == []


def test_an_old_bso_wrap_planted_again_does_not_bring_back_a_shredded_family(
    office: Office, tmp_path: Path
) -> None:
    """Ben, on the team, erases the family's last person: everyone accepts the shred.
    A colleague who saved a wrap the BSO once wrote for Ben plants it again."""
    case_id, _grandad = _ben_writes_about_grandad(office)
    layout = SiteLayout(office.share)
    ben = office.member_id("b")
    office["bso"].sync.unassign(case_id, ben)
    office.settle(("bso", "b", "a"))
    office["bso"].sync.assign(case_id, ben)  # given back: the BSO wraps afresh
    office.sync("bso")
    saved = tmp_path / "wrap"
    shutil.copy(layout.case_key(case_id, ben), saved)
    office.settle(("bso", "b", "a"))
    sar = SubjectAccessService(office["b"].ctx)
    for person in office["b"].cases.people(case_id):
        sar.erase(person.id, "the family asked")
    office.settle(("b", "bso", "a"))
    assert case_id not in {c.id for c in office["bso"].cases.list_cases()}  # accepted
    layout.case_key(case_id, ben).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(saved, layout.case_key(case_id, ben))
    office.sync("b")
    office.sync("b")
    s = office["b"]
    assert case_id not in SyncState(s.vault.db, s.vault.master_key).held_case_ids()
    assert case_id not in {c.id for c in s.cases.list_cases()}


@pytest.mark.parametrize("by", ["bso", "b"], ids=["by the BSO", "by a teammate"])
def test_a_family_shredded_offline_by_a_laptop_taken_off_it_comes_back_when_given_again(
    office: Office, by: str
) -> None:
    """Same race, erasing the family's last person: her laptop shreds the whole family,
    the others refuse it. Her laptop learns it was taken off before that shred, so the
    family is withdrawn there, not gone for ever, and comes back with a new assignment."""
    fam = add_family(office["a"])
    office.settle(("a", "bso"))
    office["bso"].sync.assign(fam.case.id, office.member_id("b"))
    office.settle(("bso", "b", "a"))
    office[by].sync.unassign(fam.case.id, office.member_id("a"))
    office.sync(by)
    sar = SubjectAccessService(office["a"].ctx)
    sar.erase(fam.child.id, "the family asked")
    sar.erase(fam.mother.id, "the family asked")  # nobody left: the family is shredded
    office.settle(("a", "bso", "b"))
    assert fam.case.id in {c.id for c in office["bso"].cases.list_cases()}  # refused
    withdrawn = [
        e.details for e in office["a"].vault.audit.entries() if e.action == "case.withdrawn"
    ]
    assert withdrawn == [{"reason": "shred refused"}]
    office["bso"].sync.assign(fam.case.id, office.member_id("a"))
    office.settle(("bso", "a", "b"))
    assert fam.case.id in {c.id for c in office["a"].cases.list_cases()}
    assert snapshot(office["a"]) == snapshot(office["b"]) == snapshot(office["bso"])


def test_a_shred_after_being_given_the_family_again_is_accepted_and_leaves_nothing_stuck(
    office: Office,
) -> None:
    """Taken off and given the family again before her laptop synced, Ann erases its
    last person: everyone accepts the shred. Her laptop cannot read the new assignment
    (it travels under a key epoch it no longer holds), so it takes the shred for a
    refused one and says so; the BSO answers its note as for a shredded family, so her
    laptop still compacts and no copy stays on the share."""
    fam = add_family(office["a"])
    office.settle(("a", "bso"))
    office["bso"].sync.unassign(fam.case.id, office.member_id("a"))
    office.sync("bso")
    office["bso"].sync.assign(fam.case.id, office.member_id("a"))
    office.sync("bso")
    sar = SubjectAccessService(office["a"].ctx)
    sar.erase(fam.child.id, "the family asked")
    sar.erase(fam.mother.id, "the family asked")
    office.settle(("a", "bso"))
    office.settle(("a", "bso"))
    assert fam.case.id not in {c.id for c in office["bso"].cases.list_cases()}
    assert fam.case.id not in {c.id for c in office["a"].cases.list_cases()}
    stuck = office["a"].vault.db.execute("SELECT case_id FROM sync_withdrawn WHERE carried = 0")
    assert stuck == []
    assert _sections_of(office, "a", fam.case.id) == []
    assert ErasureRepo(office["a"].vault.db).pending() == []


def test_left_notes_from_someone_never_on_the_team_are_ignored(office: Office) -> None:
    """Anyone can sign a note; the BSO answers only for a member the team shows was
    taken off the family, or every file it writes would carry whatever Cat names."""
    fam = add_family(office["a"])
    office.settle(("a", "bso"))
    forge(office, "c", [], left=((fam.case.id, 0),))
    office.sync("bso")
    assert office["bso"].vault.db.execute("SELECT * FROM sync_handovers") == []
