"""Retention by time travel: every rule, holds, dry runs, crypto-shredding, killed sweeps."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from tests.conftest import CHILD, MOTHER, PASSPHRASE, Family, add_family
from tests.sqlcipher_pages import decrypted_pages
from vigdesk.core.consent import Purpose
from vigdesk.core.errors import IntegrityError, NotFound
from vigdesk.core.retention import Policy
from vigdesk.crypto import keys
from vigdesk.crypto.streaming import SealedReader
from vigdesk.paths import resources_dir
from vigdesk.services.access import unlock_vault
from vigdesk.services.retention import RetentionService
from vigdesk.services.session import Services


class Clock:
    """A clock the test moves forward."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def travel(self, days: int) -> None:
        self.now += timedelta(days=days)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def s(vault_home: Path, clock: Clock) -> Iterator[Services]:
    vault = unlock_vault(vault_home, PASSPHRASE, clock=clock)
    yield Services.for_vault(vault)
    vault.lock()


@pytest.fixture
def filmed(s: Services, footage: Path) -> tuple[Family, list[str]]:
    fam = add_family(s)
    source = s.media.import_footage(fam.case.id, footage).item
    clip = s.media.make_clip(source.id, 1.0, 2.0)
    still = s.media.make_still(source.id, 1.5)
    return fam, [source.id, clip.id, still.id]


def state(s: Services) -> tuple[object, ...]:
    files = sorted(p.name for p in s.ctx.blobs.root.glob("*/*"))
    rows = s.ctx.db.execute("SELECT id FROM media UNION ALL SELECT id FROM blobs ORDER BY 1")
    return tuple(files), tuple(rows)


def test_active_case_keeps_everything(
    s: Services, filmed: tuple[Family, list[str]], clock: Clock
) -> None:
    clock.travel(241)  # 23 Jul 2027: idle for 6 months (inactive) + 2 months less a day
    assert s.retention.preview() == []


def test_video_goes_two_months_after_closure(
    s: Services, filmed: tuple[Family, list[str]], clock: Clock
) -> None:
    fam, media_ids = filmed
    s.cases.close_case(fam.case.id, date(2026, 11, 24), "goals met")
    clock.travel(60)  # 23 Jan 2027: one day short of two calendar months
    assert s.retention.preview() == []
    clock.travel(1)
    due = s.retention.preview()
    assert sorted(d.object_id for d in due) == sorted(media_ids)
    assert {d.due_on for d in due} == {date(2027, 1, 24)}
    assert all(d.reason == "case closed 24 Nov 2026 + 2 months" for d in due)
    result = s.retention.sweep()
    assert len(result.deleted) == 3 and not result.failed
    assert s.ctx.vault.home.joinpath("case.db-wal").stat().st_size == 0
    assert s.media.list_media(fam.case.id) == []
    assert s.ctx.blobs.root.exists() and len(list(s.ctx.blobs.root.glob("*/*"))) == 1  # evidence
    assert s.retention.dashboard().last_run is not None


def test_withdrawing_keep_makes_video_due_at_once(
    s: Services, filmed: tuple[Family, list[str]]
) -> None:
    fam, media_ids = filmed
    keep = [r.id for r in s.consent.for_case(fam.case.id) if r.purpose is Purpose.KEEP]
    s.consent.withdraw(keep)
    due = s.retention.preview()
    assert {d.rule for d in due} == {"video_after_keep_withdrawn"}
    assert sorted(d.object_id for d in due) == sorted(media_ids)


def test_footage_can_go_a_fixed_time_after_its_clips(
    s: Services, filmed: tuple[Family, list[str]], clock: Clock
) -> None:
    _fam, (source, _clip, _still) = filmed
    raw = json.loads((resources_dir() / "retention" / "policy.json").read_text())
    raw["footage_after_clips_months"] = 1
    service = RetentionService(s.ctx, Policy.from_json(raw))
    clock.travel(31)
    assert [d.object_id for d in service.preview()] == [source]
    assert service.preview()[0].rule == "footage_after_clips"


def test_legal_hold_suspends_deletion(
    s: Services, filmed: tuple[Family, list[str]], clock: Clock
) -> None:
    fam, _media_ids = filmed
    s.cases.close_case(fam.case.id, date(2026, 11, 24), "moved away")
    s.retention.set_hold(fam.case.id, "subject access request under review")
    clock.travel(100)
    before = state(s)
    result = s.retention.sweep()
    assert result.deleted == [] and len(result.held) == 3
    assert state(s) == before
    s.retention.release_hold(fam.case.id)
    assert len(s.retention.sweep().deleted) == 3
    actions = [e.action for e in s.ctx.audit.entries()]
    assert "retention.hold_set" in actions and "retention.hold_released" in actions


def test_dry_run_changes_nothing(
    s: Services, filmed: tuple[Family, list[str]], clock: Clock
) -> None:
    fam, _ = filmed
    s.cases.close_case(fam.case.id, date(2026, 11, 24), "done")
    clock.travel(100)
    before = state(s)
    result = s.retention.sweep(dry_run=True)
    assert result.dry_run and state(s) == before
    assert len(s.retention.preview()) == 3


def test_case_record_is_crypto_shredded(
    s: Services, filmed: tuple[Family, list[str]], clock: Clock, tmp_path: Path
) -> None:
    fam, (source, _, _) = filmed
    item = s.media.get(source)
    backup = tmp_path / "network-copy"  # as if synced to the share before deletion
    backup.write_bytes(s.ctx.blobs.path(item.blob_id).read_bytes())
    old_blob_key = s.ctx.keyring.blob_key(item.blob_id)
    db_key = keys.hkdf(s.ctx.vault.master_key, keys.DB_KEY_INFO)
    db_file = s.ctx.vault.home / "case.db"
    s.ctx.db.checkpoint()
    pages = b"".join(decrypted_pages(db_file, db_key))
    assert MOTHER.encode() in pages  # positive control: the decoder sees the names
    s.cases.close_case(fam.case.id, date(2026, 11, 24), "done")
    clock.travel(365 * 25)  # the child (born 2024) turns 25 in 2049
    due = s.retention.preview()
    assert [(d.kind, d.object_id) for d in due] == [("case_record", fam.case.id)]
    s.retention.sweep()
    with pytest.raises(NotFound):
        s.cases.find(fam.case.code)
    with pytest.raises(NotFound):
        s.ctx.keyring.case_key(fam.case.id)
    # Nothing left in the vault opens the old copy: no row holds its key any more.
    assert s.ctx.db.one("SELECT 1 FROM blobs WHERE id = ?", (item.blob_id,)) is None
    for (wrapped,) in s.ctx.db.execute("SELECT wrapped_key FROM case_keys"):
        with pytest.raises(IntegrityError):
            keys.unwrap(s.ctx.vault.master_key, bytes(wrapped), keys.case_key_aad(fam.case.id))
    with SealedReader(backup, old_blob_key, keys.blob_aad(item.blob_id)) as reader:
        assert reader.size > 0  # (the key, had it survived, would still open it)
    # The names are gone from every page of the file, free pages included.
    pages = b"".join(decrypted_pages(db_file, db_key))
    for name in (MOTHER, CHILD):
        assert name.encode() not in pages
    assert old_blob_key not in pages


def test_killed_sweep_resumes_without_half_deleted_items(vault_home: Path, footage: Path) -> None:
    vault = unlock_vault(vault_home, PASSPHRASE)
    s = Services.for_vault(vault)
    fam = add_family(s)
    source = s.media.import_footage(fam.case.id, footage).item
    for start in range(5):
        s.media.make_clip(source.id, start * 1.0, start + 0.8)
    s.cases.close_case(fam.case.id, date(2026, 9, 2), "done")  # > 2 months ago
    vault.lock()
    script = (
        "import time; from pathlib import Path\n"
        "from vigdesk.services.access import unlock_vault\n"
        "from vigdesk.services.session import Services\n"
        f"s = Services.for_vault(unlock_vault(Path({str(vault_home)!r}), {PASSPHRASE!r}))\n"
        "s.retention.sweep(progress=lambda f: (print(f, flush=True), time.sleep(0.2)))\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    for _ in range(2):
        proc.stdout.readline()
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    vault = unlock_vault(vault_home, PASSPHRASE)
    s = Services.for_vault(vault)
    left = s.media.list_media(fam.case.id)
    assert 0 < len(left) < 6
    for item in left:  # whatever is left is whole: rows, keys and files
        assert s.ctx.blobs.read_bytes(item.blob_id)
        assert s.ctx.blobs.read_bytes(item.thumb_blob_id or "")
    files = {p.name for p in s.ctx.blobs.root.glob("*/*")}
    assert files == {r[0] for r in vault.db.execute("SELECT id FROM blobs")}
    assert vault.audit.verify().ok
    assert len(s.retention.sweep().deleted) == len(left)
    assert s.media.list_media(fam.case.id) == []
    vault.lock()


def test_a_confirmed_sweep_deletes_only_what_was_previewed(
    s: Services, filmed: tuple[Family, list[str]], clock: Clock, footage: Path
) -> None:
    fam, media_ids = filmed
    s.cases.close_case(fam.case.id, date(2026, 11, 24), "done")
    clock.travel(100)
    shown = [d.object_id for d in s.retention.preview()]
    assert sorted(shown) == sorted(media_ids)
    # Meanwhile another family's video becomes due (keep withdrawn after the preview).
    other = add_family(s)
    late = s.media.import_footage(other.case.id, footage).item
    s.consent.withdraw(
        [r.id for r in s.consent.for_case(other.case.id) if r.purpose is Purpose.KEEP]
    )
    assert late.id in {d.object_id for d in s.retention.preview()}
    result = s.retention.sweep(only=shown)
    assert sorted(d.object_id for d in result.deleted) == sorted(media_ids)
    assert s.media.get(late.id)  # not shown, so not deleted
