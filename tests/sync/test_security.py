"""Need-to-know and a trustworthy site: what a laptop refuses and what it cannot read."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import add_family
from tests.sync.helpers import blob_ids
from tests.sync.office import Office
from vigdesk.core.errors import IntegrityError, NotEnrolled, NotFound, SiteRefused, SiteUnavailable
from vigdesk.crypto.streaming import open_bytes
from vigdesk.services.sync import SyncService
from vigdesk.storage.sync_state import SyncState
from vigdesk.sync import journal, keywraps
from vigdesk.sync.codec import unb64
from vigdesk.sync.device import load_device, publish_manifest
from vigdesk.sync.identity import fingerprint
from vigdesk.sync.layout import SiteLayout
from vigdesk.sync.manifest import SiteManifest
from vigdesk.sync.network import FixedNetworkStatus
from vigdesk.sync.sitekey import SiteSigningKey, load


def test_an_unassigned_practitioner_cannot_decrypt_a_case_with_every_file(office: Office) -> None:
    fam = add_family(office["a"])
    office.settle(("a", "b", "bso"))
    case, layout = fam.case.id, SiteLayout(office.share)
    b = office["b"]
    assert b.cases.list_cases() == []
    state = SyncState(b.vault.db, b.vault.master_key)
    assert state.case_key(case) is None
    device = load_device(state)
    assert device is not None
    wraps = sorted(layout.case_keys_dir(case).glob("*.key"))
    assert len(wraps) == 2  # Ann and the BSO; not Ben
    for wrap in wraps:
        data = json.loads(wrap.read_bytes())
        for recipient in (data["recipient"], office.member_id("b")):
            info = f"vigdesk/key-wrap/v1/case/{case}/{recipient}".encode()
            with pytest.raises(IntegrityError):
                device.keys.open(unb64(data["sealed"]), info)
    manifest = SiteManifest.from_bytes(layout.manifest.read_bytes())
    me = manifest.member(office.member_id("b"))
    assert me is not None
    for wrap in wraps:
        with pytest.raises(IntegrityError):
            keywraps.open_wrap(wrap.read_bytes(), "case", case, me, device.keys, manifest)
    # Every journal section of the case and every blob resist Ben's keys too.
    mine = [state.site_data_key(e) for e in state.site_epochs()]
    a_device = office["a"].vault.header.vault_id
    a_key = manifest.by_device(a_device)
    assert a_key is not None
    for path in layout.journal_dir(a_device).glob("*.vjr"):
        parsed = journal.parse(path.read_bytes(), a_key.sign_key)
        if ("case", case) in parsed.sealed:
            for key in mine:
                assert key is not None
                with pytest.raises(IntegrityError):
                    journal.open_section(parsed, "case", case, key)
    for blob_id in blob_ids(office["a"], case):
        for key in mine:
            assert key is not None
            with pytest.raises(IntegrityError):
                open_bytes(
                    key, b"vigdesk/blob/v1/" + blob_id.encode(), layout.blob(blob_id).read_bytes()
                )


def test_unassigning_removes_the_wrap(office: Office) -> None:
    fam = add_family(office["a"])
    office["a"].sync.assign(fam.case.id, office.member_id("b"))
    office.settle(("a", "b", "bso"))
    wrap = SiteLayout(office.share).case_key(fam.case.id, office.member_id("b"))
    assert wrap.exists()
    office["a"].sync.unassign(fam.case.id, office.member_id("b"))
    office.settle(("a", "b", "bso"))
    assert not wrap.exists()


def _bso_key(office: Office) -> SiteSigningKey:
    from tests.conftest import PASSPHRASE

    return load(office.home("bso"), PASSPHRASE)


def test_a_forged_site_json_is_refused(office: Office) -> None:
    layout = SiteLayout(office.share)
    raw = layout.manifest.read_bytes()
    layout.manifest.write_bytes(raw.replace(b"VIG Test Service", b"VIG Evil Service"))
    with pytest.raises(SiteRefused, match="not signed by the site key"):
        office.sync("a")
    # Re-signed with another key: still refused (the laptop pinned the real one).
    from cryptography.hazmat.primitives.asymmetric import ed25519

    from vigdesk.sync.sitekey import SiteSigningKey as Key

    manifest = SiteManifest.from_bytes(raw)
    other = Key(manifest.site_id, ed25519.Ed25519PrivateKey.generate())
    from dataclasses import replace

    publish_manifest(
        layout, replace(manifest, version=manifest.version + 5, site_key=other.public), other
    )
    with pytest.raises(SiteRefused):
        office.sync("a")
    assert any(e.action == "sync.refused" for e in office["a"].vault.audit.entries())


def test_a_stale_site_json_is_refused(office: Office) -> None:
    layout = SiteLayout(office.share)
    old = (layout.manifest.read_bytes(), layout.signature.read_bytes())
    office["bso"].sync.site.add_location(office.share, _passphrase())  # any re-signing
    office.sync("a")  # sees the newer version
    layout.manifest.write_bytes(old[0])
    layout.signature.write_bytes(old[1])
    with pytest.raises(SiteRefused, match="older than version"):
        office.sync("a")


def test_a_same_version_fork_is_refused(office: Office) -> None:
    layout = SiteLayout(office.share)
    manifest = SiteManifest.from_bytes(layout.manifest.read_bytes())
    from dataclasses import replace

    publish_manifest(layout, replace(manifest, name="Forked"), _bso_key(office))
    with pytest.raises(SiteRefused, match="differs"):
        office.sync("a")


def test_a_copied_site_folder_is_refused(office: Office, tmp_path: Path) -> None:
    copy = tmp_path / "usb-stick"
    shutil.copytree(office.share, copy)
    with pytest.raises(SiteRefused, match="copy of the site folder"):
        office["a"].sync.sync(copy)


def test_a_missing_folder_is_unavailable(office: Office) -> None:
    with pytest.raises(SiteUnavailable, match="cannot be reached"):
        office["a"].sync.sync(office.root / "not-mounted")


def test_the_domain_network_hint_is_honoured_when_required(office: Office) -> None:
    services = office["a"]
    site = SyncService(services.ctx, FixedNetworkStatus(False))
    assert site.sync().site  # not required: a hint only
    layout = SiteLayout(office.share)
    manifest = SiteManifest.from_bytes(layout.manifest.read_bytes())
    from dataclasses import replace

    hints = replace(manifest.hints, require_domain_network=True)
    publish_manifest(layout, manifest.next_version("now", hints=hints), _bso_key(office))
    with pytest.raises(SiteUnavailable, match="domain network"):
        site.sync()
    assert SyncService(services.ctx, FixedNetworkStatus(True)).sync().site


def test_enrolment_checks_the_fingerprint_and_waits_for_approval(
    office: Office, tmp_path: Path
) -> None:
    from tests.conftest import fast_kdf
    from vigdesk.services.access import create_vault, unlock_vault
    from vigdesk.services.session import Services

    home = tmp_path / "newcomer"
    create_vault(
        home, _passphrase(), display_name="Dee New", role="practitioner", kdf=fast_kdf()
    ).lock()
    newcomer = Services.for_vault(unlock_vault(home, _passphrase()))
    try:
        with pytest.raises(SiteRefused, match="fingerprint"):
            newcomer.sync.site.enrol(office.share, "0000 0000 0000 0000")
        assert newcomer.sync.status().enrolled is False
        real = fingerprint(
            SiteManifest.from_bytes(SiteLayout(office.share).manifest.read_bytes()).site_key
        )
        done = newcomer.sync.site.enrol(office.share, real.replace(" ", ""))
        assert not done.approved
        with pytest.raises(NotEnrolled, match="not approved"):
            newcomer.sync.sync()
        office["bso"].sync.site.approve(done.request_id[:8], _passphrase())
        assert newcomer.sync.sync().keys == 1  # the site data key
    finally:
        newcomer.vault.lock()


def test_a_removed_member_gets_no_new_keys(office: Office) -> None:
    fam = add_family(office["a"])
    office["a"].sync.assign(fam.case.id, office.member_id("b"))
    office.settle(("a", "b", "bso"))
    layout = SiteLayout(office.share)
    gone = office["bso"].sync.site.remove_member(office.member_id("b"), _passphrase())
    assert not list(layout.keys.rglob(f"{gone.id}.key"))
    with pytest.raises(NotEnrolled, match="removed"):
        office.sync("b")
    office.settle(("a", "bso", "c"))
    fam2 = add_family(office["a"])
    with pytest.raises(NotFound, match="not a member"):
        office["a"].sync.assign(fam2.case.id, office.member_id("b"))
    office.settle(("a", "bso"))
    assert not list(layout.keys.rglob(f"{gone.id}.key"))
    assert layout.site_key(2, office.member_id("a")).exists()


def _passphrase() -> str:
    from tests.conftest import PASSPHRASE

    return PASSPHRASE
