"""What goes wrong at the office: the folder vanishes, files are tampered with."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.sync.helpers import blob_ids, family_with_files
from tests.sync.office import Office, snapshot
from vigdesk.core.errors import SiteUnavailable
from vigdesk.sync.context import SyncProgress
from vigdesk.sync.layout import SiteLayout


def _assigned_family(office: Office, files: int = 2, size: int = 3 << 20) -> str:
    fam = family_with_files(office["a"], files=files, size=size)
    office["a"].sync.assign(fam.case.id, office.member_id("b"))
    return fam.case.id


@pytest.mark.parametrize("phase", ["keys", "upload", "journal", "download", "audit"])
def test_folder_vanishing_mid_sync_is_reported_and_sync_resumes(office: Office, phase: str) -> None:
    case_id = _assigned_family(office)
    office.sync("a")  # B downloads in its own sync: vanish there for the download phase
    name = "b" if phase == "download" else "a"
    if name == "a":
        _assigned_family(office)
    away = office.share.with_name("share-unplugged")

    def unplug(event: SyncProgress) -> None:
        if event.phase == phase and office.share.exists():
            office.share.rename(away)

    with pytest.raises(SiteUnavailable, match=r"went away|cannot be reached"):
        office[name].sync.sync(progress=unplug)
    away.rename(office.share)
    office.settle(("a", "b", "bso"))
    assert snapshot(office["a"]) == snapshot(office["b"])
    for blob_id in blob_ids(office["b"], case_id):
        assert office["b"].ctx.blobs.read_bytes(blob_id)
    assert not list(office.share.rglob("*.tmp"))


def test_folder_vanishing_inside_a_blob_copy(office: Office) -> None:
    _assigned_family(office, files=1, size=5 << 20)
    away = office.share.with_name("share-unplugged")
    blobs = SiteLayout(office.share).blobs

    def cancelled() -> bool:  # consulted between segments of a copy: unplug after two
        if office.share.exists() and any(_size(p) >= 2 << 20 for p in blobs.rglob("*.tmp")):
            office.share.rename(away)
        return False

    with pytest.raises(SiteUnavailable):
        office["a"].sync.sync(cancelled=cancelled)
    away.rename(office.share)
    assert list(office.share.rglob("*.tmp"))  # the interrupted copy, kept for resuming
    report = office.sync("a")
    assert report.bytes_up < 4 << 20  # resumed, not restarted
    office.settle(("a", "bso", "b"))
    assert snapshot(office["a"]) == snapshot(office["b"])


def _size(path: Path) -> int:
    """A .tmp's size, 0 once another copy thread has renamed it (a race, not an error)."""
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def _flip(path: Path, at: int) -> None:
    data = bytearray(path.read_bytes())
    data[at] ^= 0x01
    path.write_bytes(bytes(data))


def test_a_tampered_journal_file_is_rejected_and_reported(office: Office) -> None:
    case_id = _assigned_family(office, files=0)
    office.sync("a")
    layout = SiteLayout(office.share)
    device = office["a"].vault.header.vault_id
    newest = sorted(layout.journal_dir(device).glob("*.vjr"))[-1]
    _flip(newest, len(newest.read_bytes()) // 2)
    report = office.sync("b")
    assert any("rejected" in p and "tampered" in p for p in report.problems)
    assert [c.id for c in office["b"].cases.list_cases()] != [case_id]
    again = office.sync("b")  # still refused, still reported
    assert any("rejected" in p for p in again.problems)


def test_a_tampered_blob_is_rejected_and_reported(office: Office) -> None:
    case_id = _assigned_family(office, files=1, size=1 << 20)
    office.sync("a")
    office.sync("bso")  # Ben's key comes from the BSO
    layout = SiteLayout(office.share)
    blob = next(b for b in blob_ids(office["a"], case_id) if layout.blob(b).stat().st_size > 4096)
    _flip(layout.blob(blob), 5000)
    report = office.sync("b")
    assert any(blob[:8] in p and "failed verification" in p for p in report.problems)
    assert not office["b"].ctx.blobs.path(blob).exists()
    assert not Path(str(office["b"].ctx.blobs.path(blob)) + ".tmp").exists()


def test_a_planted_journal_file_is_rejected(office: Office) -> None:
    layout = SiteLayout(office.share)
    device = office["a"].vault.header.vault_id
    folder = layout.journal_dir(device)
    folder.mkdir(parents=True, exist_ok=True)
    nums = sorted(folder.glob("*.vjr"))
    forged = folder / f"{len(nums) + 1:08d}.vjr"
    forged.write_bytes(b"VJR1" + os.urandom(300))
    report = office.sync("b")
    assert any("rejected" in p for p in report.problems)


def test_one_sync_at_a_time_per_vault(office: Office) -> None:
    from vigdesk.core.errors import SyncBusy
    from vigdesk.sync.vaultlock import sync_lock

    with sync_lock(office.home("a")), pytest.raises(SyncBusy, match="already running"):
        office.sync("a")
    assert office.sync("a").site  # released
