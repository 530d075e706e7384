"""Compaction: an erased person leaves no decryptable copy on the share once every laptop
that held them has synced, journals stay short, and a newcomer reads only snapshots."""

from __future__ import annotations

import shutil
import zlib
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import add_family
from tests.sync.office import Office, snapshot
from tests.sync.test_crash import _kill_during
from tests.vault_search import hits
from vigdesk.core.cases import PersonKind
from vigdesk.core.errors import IntegrityError
from vigdesk.core.sessions import SessionKind
from vigdesk.crypto import keys
from vigdesk.crypto.streaming import open_bytes
from vigdesk.services.subject_access import SubjectAccessService
from vigdesk.storage.sync_state import SyncState
from vigdesk.sync import journal
from vigdesk.sync.compaction import COMPACT_AFTER
from vigdesk.sync.layout import JOURNAL_RE, SiteLayout, numbered
from vigdesk.sync.manifest import SiteManifest

NAME = "Zebedee Quartermaine"


def _every_key(office: Office, names: tuple[str, ...]) -> list[bytes]:
    """Every case, epoch and site key any of these vaults holds: a key holder's view."""
    found: list[bytes] = []
    for name in names:
        s = office[name]
        state = SyncState(s.vault.db, s.vault.master_key)
        for case_id in state.held_case_ids():
            for epoch in {1, *state.case_epochs(case_id)}:
                key = state.epoch_key(case_id, epoch)
                if key is not None:
                    found.append(key)
        found += [k for e in state.site_epochs() if (k := state.site_data_key(e)) is not None]
    return found


def _share_plaintext(office: Office, candidates: list[bytes]) -> list[bytes]:
    """Every journal section on the share that any of `candidates` opens, inflated."""
    layout = SiteLayout(office.share)
    site = SiteManifest.from_bytes(layout.manifest.read_bytes())
    opened = []
    for member in site.members:
        for seq in numbered(layout.journal_dir(member.device_id), JOURNAL_RE):
            parsed = journal.parse(
                layout.journal(member.device_id, seq).read_bytes(), member.sign_key
            )
            h = parsed.header
            for (scope, scope_id), sealed in parsed.sealed.items():
                aad = journal.section_aad(h.device_id, h.seq, scope, scope_id)
                for key in candidates:
                    try:
                        plain = open_bytes(journal.section_key(key), aad, sealed)
                    except IntegrityError:
                        continue
                    opened.append(zlib.decompress(plain))
    return opened


def test_an_erased_person_leaves_no_decryptable_copy_on_the_share(office: Office) -> None:
    fam = add_family(office["a"])
    grandad = office["a"].cases.add_person(
        fam.case.id,
        PersonKind.ADULT,
        NAME,
        date_of_birth=date(1951, 7, 14),
        relationship="grandfather",
    )
    office["a"].sessions.add_session(fam.case.id, SessionKind.FILMING, date(2026, 10, 2))
    office.settle(("a", "bso"))
    office["bso"].sync.assign(fam.case.id, office.member_id("b"))
    office.settle(("bso", "b", "a"))
    everyone = ("a", "b", "bso")
    before = _share_plaintext(office, _every_key(office, everyone))
    assert any(NAME.encode() in p for p in before)  # the test can see it when it is there

    SubjectAccessService(office["b"].ctx).erase(grandad.id, "asked to be forgotten")
    office.settle(("b", "bso", "a"))
    office.settle(everyone)  # every laptop that held the name has synced twice

    after = _share_plaintext(office, _every_key(office, everyone))
    assert after  # the family's other records are still there and readable
    assert not [p for p in after if NAME.encode() in p or b"1951-07-14" in p]
    assert not any(NAME.encode() in f.read_bytes() for f in office.share.rglob("*") if f.is_file())
    for name in everyone:
        vault = office[name].vault
        raw = keys.hkdf(vault.master_key, keys.DB_KEY_INFO)
        assert hits(vault.home, raw, [NAME]) == [], name
    assert snapshot(office["a"]) == snapshot(office["b"]) == snapshot(office["bso"])


def test_journals_stay_short_and_a_newcomer_reads_the_snapshot(office: Office) -> None:
    layout = SiteLayout(office.share)
    device = office["a"].vault.header.vault_id
    fam = add_family(office["a"])
    for n in range(COMPACT_AFTER + 8):
        office["a"].sessions.add_session(
            fam.case.id, SessionKind.FILMING, date(2026, 10, 2), notes=f"visit {n}"
        )
        office.sync("a")
    files = numbered(layout.journal_dir(device), JOURNAL_RE)
    assert len(files) < COMPACT_AFTER  # compacted at least once on the way
    assert files[0] > 1
    office.settle(("bso", "a"))
    office["bso"].sync.assign(fam.case.id, office.member_id("c"))
    office.settle(("bso", "c", "a"))
    notes = sorted(s.notes for s in office["c"].sessions.list_sessions(fam.case.id))
    assert notes == sorted(f"visit {n}" for n in range(COMPACT_AFTER + 8))
    health = office["bso"].sync.site.device_health()
    ann = next(r for r in health if r.member_id == office.member_id("a"))
    assert not any("gap" in p for p in ann.problems), ann.problems


@pytest.mark.slow
@pytest.mark.parametrize("jitter", [0.0, 0.005, 0.02])
def test_a_compaction_killed_midway_loses_nothing(office: Office, jitter: float) -> None:
    fam = add_family(office["a"])
    extra = office["a"].cases.add_person(fam.case.id, PersonKind.ADULT, NAME)
    for n in range(3):
        office["a"].sessions.add_session(
            fam.case.id, SessionKind.FILMING, date(2026, 10, 2), notes=f"visit {n}"
        )
        office.sync("a")
    office.settle(("a", "bso"))
    SubjectAccessService(office["a"].ctx).erase(extra.id, "asked to")  # makes one due
    _kill_during(office, "a", "compact", jitter)
    office.settle(("a", "bso"))
    office.settle(("a", "bso"))
    assert snapshot(office["a"]) == snapshot(office["bso"])
    notes = sorted(s.notes for s in office["bso"].sessions.list_sessions(fam.case.id))
    assert notes == ["visit 0", "visit 1", "visit 2"]
    office["bso"].sync.assign(fam.case.id, office.member_id("c"))
    office.settle(("bso", "c", "a"))
    assert snapshot(office["c"]) == snapshot(office["a"])
    health = office["bso"].sync.site.device_health()
    ann = next(r for r in health if r.member_id == office.member_id("a"))
    assert not ann.problems, ann.problems


def test_old_files_left_by_a_compaction_killed_while_deleting_are_read_through(
    office: Office, tmp_path: Path
) -> None:
    layout, device = SiteLayout(office.share), office["a"].vault.header.vault_id
    fam = add_family(office["a"])
    extra = office["a"].cases.add_person(fam.case.id, PersonKind.ADULT, NAME)
    for n in range(4):
        office["a"].sessions.add_session(
            fam.case.id, SessionKind.FILMING, date(2026, 10, 2), notes=f"visit {n}"
        )
        office.sync("a")
    kept = tmp_path / "kept"
    shutil.copytree(layout.journal_dir(device), kept)
    SubjectAccessService(office["a"].ctx).erase(extra.id, "asked to")
    assert office.sync("a").compacted >= 4
    old = numbered(kept, JOURNAL_RE)
    for seq in old[: len(old) // 2]:  # deleted newest first, killed halfway
        shutil.copy(kept / f"{seq:08d}.vjr", layout.journal(device, seq))
    office.settle(("a", "bso"))
    office["bso"].sync.assign(fam.case.id, office.member_id("c"))
    office.settle(("bso", "c", "a"))
    assert snapshot(office["c"]) == snapshot(office["a"]) == snapshot(office["bso"])
    # The next sync of the author finishes the deleting: no leftovers, so no gap shown.
    assert not set(old) & set(numbered(layout.journal_dir(device), JOURNAL_RE))
    health = office["bso"].sync.site.device_health()
    ann = next(r for r in health if r.member_id == office.member_id("a"))
    assert not ann.problems, ann.problems


def _sections_of(office: Office, name: str, case_id: str) -> list[int]:
    """Numbers of this laptop's change files on the share holding a section of the case."""
    layout = SiteLayout(office.share)
    device = office[name].vault.header.vault_id
    return [
        seq
        for seq in numbered(layout.journal_dir(device), JOURNAL_RE)
        if any(
            scope == "case" and journal.split_tag(scope_id)[0] == case_id
            for scope, scope_id in journal.peek_sections(layout.journal(device, seq))
        )
    ]


def test_a_laptop_taken_off_a_case_still_compacts_away_its_files_once_the_case_is_shredded(
    office: Office,
) -> None:
    fam = add_family(office["a"])
    office.settle(("a", "bso"))
    office["bso"].sync.assign(fam.case.id, office.member_id("b"))
    office.settle(("bso", "b"))
    office["b"].sessions.add_session(
        fam.case.id, SessionKind.FILMING, date(2026, 10, 2), notes="Ben's visit notes"
    )
    office.settle(("b", "bso", "a"))
    assert _sections_of(office, "b", fam.case.id)  # Ben's laptop wrote about the family
    office["bso"].sync.unassign(fam.case.id, office.member_id("b"))
    office.settle(("bso", "b"))
    assert fam.case.id not in {c.id for c in office["b"].cases.list_cases()}  # withdrawn

    sar = SubjectAccessService(office["a"].ctx)
    sar.erase(fam.child.id, "the family asked")
    sar.erase(fam.mother.id, "the family asked")  # nobody left: the whole case is shredded
    office.settle(("a", "bso", "b"))
    office.settle(("a", "bso", "b"))

    assert _sections_of(office, "b", fam.case.id) == []
    assert _sections_of(office, "a", fam.case.id) == []
    assert _sections_of(office, "bso", fam.case.id) == []
