"""A colleague with write access to the share attacks it: nothing outside the vault and
the site is touched, nothing they may not do is applied, and nothing blocks for ever.

Every attacker here is a real enrolled member signing with their own device key: a
valid signature says who wrote a change, not that they were allowed to.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PASSPHRASE, add_family
from tests.sync.helpers import blob_ids, family_with_files
from tests.sync.office import Office
from vigdesk.core.cases import PersonKind
from vigdesk.core.errors import SiteRefused
from vigdesk.core.ids import new_id
from vigdesk.services.subject_access import SubjectAccessService
from vigdesk.storage.erasures import ErasureRepo
from vigdesk.storage.sync_state import SyncState
from vigdesk.sync import hlc, journal, keywraps
from vigdesk.sync.codec import sha256_hex
from vigdesk.sync.context import SyncProgress
from vigdesk.sync.device import load_device
from vigdesk.sync.journal import Header, Section
from vigdesk.sync.layout import SiteLayout
from vigdesk.sync.manifest import SiteManifest

FAR_FUTURE = 1 << 62  # a clock value that sorts after anything honest


def _site(office: Office) -> SiteManifest:
    return SiteManifest.from_bytes(SiteLayout(office.share).manifest.read_bytes())


def forge(
    office: Office,
    name: str,
    sections: list[tuple[str, str, list[object]]],
    carried: tuple[tuple[str, str, int], ...] = (),
    left: tuple[tuple[str, int], ...] = (),
) -> None:
    """Publish `sections` (scope, scope id, raw entries) as `name`'s next journal file,
    validly signed by their device, with any hand-over notes `carried`: what a member
    with a script could write."""
    s = office[name]
    state = SyncState(s.vault.db, s.vault.master_key)
    device = load_device(state)
    assert device is not None
    site = _site(office)
    seq = state.get_int("journal_seq") + 1
    bodies = []
    for scope, scope_id, entries in sections:
        key = state.site_data_key(site.key_epoch) if scope == "site" else os.urandom(32)
        assert key is not None
        bodies.append((Section(scope, scope_id, 0), key, json.dumps(entries).encode()))
    header = Header(
        site.site_id,
        device.device_id,
        device.member_id,
        seq,
        state.get("journal_hash"),
        "2026-12-04T10:00:00Z",
        0,
        "0" * 64,
        (),
        left=left,
        carried=carried,
    )
    data = journal.build(header, bodies, device.keys)
    layout = SiteLayout(office.share)
    layout.write(layout.journal(device.device_id, seq), data)
    with s.vault.db.transact():
        state.put("journal_seq", seq)
        state.put("journal_hash", sha256_hex(data))


def _stamp(office: Office, name: str) -> str:
    return hlc.stamp(FAR_FUTURE, office[name].vault.header.vault_id)


def _audited(office: Office, name: str, action: str) -> list[str]:
    rows = office[name].vault.db.execute("SELECT details FROM audit WHERE action = ?", (action,))
    return [str(r[0]) for r in rows]


def test_shreds_and_deletions_naming_paths_touch_nothing(office: Office, tmp_path: Path) -> None:
    canary = tmp_path / "canary"
    canary.mkdir()
    (canary / "keep.txt").write_text("still here")
    fam = family_with_files(office["a"], files=1)
    office.settle(("a", "bso", "b"))
    layout = SiteLayout(office.share)
    up = os.path.relpath(canary, layout.keys)
    stamp = _stamp(office, "b")
    for target in (up, str(canary), "../../..", "..\\..\\..", "C:\\Windows"):
        forge(office, "b", [("site", "1", [{"s": target, "h": stamp}])])
        forge(
            office,
            "b",
            [
                (
                    "site",
                    "1",
                    [
                        {
                            "t": "blobs",
                            "k": json.dumps([target]),
                            "c": fam.case.id,
                            "h": stamp,
                            "a": [0, []],
                        }
                    ],
                )
            ],
        )
    for name in ("bso", "a"):
        report = office.sync(name)
        assert any("failed to open" in p and "malformed" in p for p in report.problems)
        assert _audited(office, name, "sync.problem")
    assert (canary / "keep.txt").read_text() == "still here"
    assert layout.case_keys_dir(fam.case.id).is_dir()
    assert all(layout.blob(b).exists() for b in blob_ids(office["a"], fam.case.id))
    assert [c.id for c in office["bso"].cases.list_cases()] == [fam.case.id]


def test_a_member_off_the_case_cannot_shred_it_or_delete_its_video(office: Office) -> None:
    fam = family_with_files(office["a"], files=1)
    office.settle(("a", "bso", "b"))
    blob = blob_ids(office["a"], fam.case.id)[0]
    stamp = _stamp(office, "b")
    forge(
        office,
        "b",
        [
            (
                "site",
                "1",
                [
                    {"s": fam.case.id, "h": stamp},
                    {
                        "t": "blobs",
                        "k": json.dumps([blob]),
                        "c": fam.case.id,
                        "h": stamp,
                        "a": [0, []],
                    },
                ],
            )
        ],
    )
    for name in ("bso", "a"):
        report = office.sync(name)
        refused = [p for p in report.problems if "from Ben Practitioner's laptop refused" in p]
        assert any("delete the whole of case" in p and fam.case.code in p for p in refused), (
            report.problems
        )
        assert any("delete a video or document" in p for p in refused), report.problems
        assert len(_audited(office, name, "sync.change_refused")) == 2
        assert [c.id for c in office[name].cases.list_cases()] == [fam.case.id]
        assert office[name].ctx.blobs.path(blob).exists()
    assert SiteLayout(office.share).blob(blob).exists()
    assert SiteLayout(office.share).case_keys_dir(fam.case.id).is_dir()
    health = office["bso"].sync.site.device_health()
    ben = next(r for r in health if r.member_id == office.member_id("b"))
    assert "2 changes refused here: not allowed" in ben.problems


def test_a_refused_deletion_of_a_person_registers_no_erasure(office: Office) -> None:
    """Only erasure deletes a person, so a received deletion of one is registered as an
    erasure; one the authority table refuses must not be: the person is still here,
    and the BSO's console would list a made-up erasure pending."""
    fam = add_family(office["a"])
    office.settle(("a", "bso"))
    entry = {
        "t": "people",
        "k": json.dumps([fam.child.id]),
        "c": fam.case.id,
        "h": _stamp(office, "b"),
        "a": [0, []],
    }
    forge(office, "b", [("site", "1", [entry])])  # Ben is not on the family's team
    for name in ("bso", "a"):
        report = office.sync(name)
        assert any("delete a person's record" in p for p in report.refused), report.problems
        assert office[name].cases.people(fam.case.id)
        assert ErasureRepo(office[name].vault.db).get(fam.child.id) is None, name


def test_a_video_deleted_from_the_site_is_uploaded_again_by_a_laptop_holding_it(
    office: Office,
) -> None:
    """Someone with write access deletes a sealed file from the site's blob folder: the
    next sync of a laptop that holds it puts it back and says so, and a colleague given
    the family later still gets it."""
    fam = family_with_files(office["a"], files=1)
    office.settle(("a", "bso"))
    blob = blob_ids(office["a"], fam.case.id)[0]
    layout = SiteLayout(office.share)
    layout.blob(blob).unlink()
    office.sync("a")  # noticed; sent back only if still missing at the next sync
    assert not layout.blob(blob).exists()
    report = office.sync("a")
    assert layout.blob(blob).exists()
    assert any("vanished from the site" in p for p in report.problems), report.problems
    office["bso"].sync.assign(fam.case.id, office.member_id("b"))
    office.settle(("bso", "b"))
    assert office["b"].ctx.blobs.read_bytes(blob)


def test_an_erased_file_is_not_sent_back_by_a_laptop_that_had_not_heard_yet(
    office: Office,
) -> None:
    """Ben's sync has read the journals when Ann's erasure reaches the site and her sync
    removes the file: his check then finds it missing while he still holds it. It must
    not go back: only a file still missing at his next sync, after he applied what
    arrived, is sent again."""
    fam = family_with_files(office["a"], files=1)
    office.settle(("a", "bso"))
    office["bso"].sync.assign(fam.case.id, office.member_id("b"))
    office.settle(("bso", "b", "a"))
    layout = SiteLayout(office.share)
    SubjectAccessService(office["a"].ctx).erase(fam.child.id, "the family asked")
    erased = [b for b in blob_ids(office["b"], fam.case.id) if b not in blob_ids(office["a"])]
    assert erased

    def ann_syncs_meanwhile(p: SyncProgress) -> None:
        if p.phase == "download" and not ann_synced:
            ann_synced.append(office.sync("a"))

    ann_synced: list[object] = []
    office["b"].sync.sync(progress=ann_syncs_meanwhile)
    assert ann_synced
    assert not any(layout.blob(b).exists() for b in erased)  # not sent back
    office.settle(("b", "a", "bso"))
    assert not any(layout.blob(b).exists() for b in erased)
    assert ErasureRepo(office["a"].vault.db).get(fam.child.id).confirmed_on is not None


def test_a_planted_key_wrap_does_not_lock_a_colleague_out(office: Office) -> None:
    fam = add_family(office["a"])
    office.settle(("a", "bso"))
    site, layout = _site(office), SiteLayout(office.share)
    ben = site.member(office.member_id("b"))
    cat = office["c"]
    cat_device = load_device(SyncState(cat.vault.db, cat.vault.master_key))
    assert ben is not None and cat_device is not None
    planted = keywraps.make(
        "case", fam.case.id, ben, os.urandom(32), cat_device.keys, cat_device.device_id
    )
    layout.write(layout.case_key(fam.case.id, ben.id), planted)
    report = office.sync("b")
    assert any("was refused" in p and "may not give" in p for p in report.problems)
    assert office["b"].cases.list_cases() == []
    office["bso"].sync.assign(fam.case.id, ben.id)
    office.settle(("bso", "b", "a"))
    assert [c.id for c in office["b"].cases.list_cases()] == [fam.case.id]
    assert [p.full_name for p in office["b"].cases.people(fam.case.id)] == [
        p.full_name for p in office["a"].cases.people(fam.case.id)
    ]


def test_junk_at_the_next_journal_number_is_replaced_by_its_author(office: Office) -> None:
    layout = SiteLayout(office.share)
    a = office["a"]
    device = a.vault.header.vault_id
    nxt = SyncState(a.vault.db, a.vault.master_key).get_int("journal_seq") + 1
    layout.write(layout.journal(device, nxt), b"VJR1 not a journal at all")
    assert any("rejected" in p for p in office.sync("bso").problems)
    fam = add_family(a)
    report = office.sync("a")
    assert any("did not write" in p and "replaced" in p for p in report.problems)
    office.sync("bso")
    assert fam.case.id in {c.id for c in office["bso"].cases.list_cases()}


def test_oversized_files_are_refused_before_reading(office: Office, tmp_path: Path) -> None:
    layout = SiteLayout(office.share)
    a = office["a"]
    device = a.vault.header.vault_id
    nxt = SyncState(a.vault.db, a.vault.master_key).get_int("journal_seq") + 1
    layout.write(layout.journal(device, nxt), b"")
    with layout.journal(device, nxt).open("r+b") as fh:
        fh.truncate(2 << 30)  # sparse: costs no disk, 2 GiB to a reader
    office.close_all()
    script = (
        "import resource, subprocess, sys\n"
        "done = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "print(done.returncode, peak, repr(done.stdout + done.stderr))\n"
    )
    vigdesk = Path(sys.executable).with_name("vigdesk")
    env = {**os.environ, "VIGDESK_PASSPHRASE": PASSPHRASE}
    out = subprocess.run(
        [sys.executable, "-c", script, str(vigdesk), "--home", str(office.home("bso")), "sync"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    ).stdout
    code, peak_kib, text = out.split(" ", 2)
    assert code == "1", text  # synced, with a problem to report
    assert "over the 64.0 MB limit" in text
    assert int(peak_kib) < 300 * 1024  # KiB on Linux

    with layout.manifest.open("r+b") as fh:
        fh.truncate(1 << 30)
    with pytest.raises(SiteRefused, match=r"over the 4\.0 MB limit"):
        office.sync("a")


def test_ids_that_are_not_ours_never_name_a_path(tmp_path: Path) -> None:
    from vigdesk.core.errors import IntegrityError

    layout = SiteLayout(tmp_path)
    good = new_id()
    assert layout.blob(good).is_relative_to(layout.root)
    for bad in ("..", "../x", "/etc", "C:\\x", good.upper(), good + "/..", "", good[:-1] + "g"):
        for build in (layout.blob, layout.case_keys_dir, layout.journal_dir, layout.request):
            with pytest.raises(IntegrityError):
                build(bad)
    with pytest.raises(IntegrityError):
        layout.journal(good, -1)


def test_a_deleted_journal_file_heals_at_its_authors_next_sync(office: Office) -> None:
    layout = SiteLayout(office.share)
    device = office["a"].vault.header.vault_id
    first = add_family(office["a"])
    office.sync("a")
    second = add_family(office["a"])
    office.sync("a")
    third = add_family(office["a"])
    office.sync("a")
    files = sorted(layout.journal_dir(device).glob("*.vjr"))
    assert len(files) >= 3
    files[-2].unlink()  # the BSO never saw the second family's file
    bso = office.sync("bso")
    assert any("missing from the site" in p for p in bso.problems)
    report = office.sync("a")
    assert any("vanished from the site" in p and "sent again" in p for p in report.problems)
    assert _audited(office, "a", "sync.problem")
    fourth = add_family(office["a"])
    office.settle(("a", "bso"))
    held = {c.id for c in office["bso"].cases.list_cases()}
    assert {first.case.id, second.case.id, third.case.id, fourth.case.id} <= held
    for fam in (second, third):
        names = [p.full_name for p in office["bso"].cases.people(fam.case.id)]
        assert names == [p.full_name for p in office["a"].cases.people(fam.case.id)]
    health = office["bso"].sync.site.device_health()
    ann = next(r for r in health if r.member_id == office.member_id("a"))
    assert not any("gap" in p for p in ann.problems)

    newest = sorted(layout.journal_dir(device).glob("*.vjr"))[-1]
    newest.unlink()  # the newest file too: its digest is the laptop's own position
    fifth = add_family(office["a"])
    assert any("vanished" in p for p in office.sync("a").problems)
    office.settle(("a", "bso"))
    assert fifth.case.id in {c.id for c in office["bso"].cases.list_cases()}


def test_a_deletion_for_a_family_not_here_yet_waits_then_is_refused(office: Office) -> None:
    fam = family_with_files(office["a"], files=1)
    office["a"].sync.assign(fam.case.id, office.member_id("b"))
    blob = blob_ids(office["a"], fam.case.id)[0]
    entry = {
        "t": "blobs",
        "k": json.dumps([blob]),
        "c": fam.case.id,
        "h": _stamp(office, "c"),
        "a": [0, []],
    }
    grandad = office["a"].cases.add_person(
        fam.case.id, PersonKind.ADULT, "Alder Wolstenholme", relationship="grandfather"
    )
    forge(office, "c", [("site", "1", [entry])])
    office.sync("a")
    SubjectAccessService(office["a"].ctx).erase(grandad.id, "asked to")  # Ann may
    office.sync("a")
    office.sync("b")  # both deletions arrive before Ben holds the family: they wait
    office.settle(("a", "bso", "b"))
    for name in ("a", "bso", "b"):
        assert blob in blob_ids(office[name], fam.case.id), name
        people = {p.id for p in office[name].cases.people(fam.case.id)}
        assert grandad.id not in people and fam.mother.id in people, name
    assert office["b"].ctx.blobs.path(blob).exists()
    assert _audited(office, "b", "sync.change_refused")
    assert not office["b"].vault.db.execute("SELECT 1 FROM sync_held_back")
