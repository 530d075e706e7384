"""Sync health per device, as the BSO's console reads it from the site folder."""

from __future__ import annotations

import pytest

from tests.conftest import PASSPHRASE, add_family
from tests.sync.office import Office
from vigdesk.core.errors import SiteUnavailable
from vigdesk.sync import journal
from vigdesk.sync.health import MEMBER, REMOVED, UNKNOWN, DeviceHealth
from vigdesk.sync.layout import SiteLayout


def _by_name(office: Office) -> dict[str, DeviceHealth]:
    return {h.name or h.device_id: h for h in office["bso"].sync.site.device_health()}


def test_each_device_shows_its_journal_and_audit_pushes(office: Office) -> None:
    before = _by_name(office)
    assert set(before) == {"Bea Officer", "Ann Practitioner", "Ben Practitioner", "Cat Trainee"}
    assert all(h.standing == MEMBER and not h.problems for h in before.values())
    add_family(office["a"])
    add_family(office["a"])
    office.sync("a")
    after = _by_name(office)
    ann, ben = after["Ann Practitioner"], after["Ben Practitioner"]
    assert ann.journal_files == before["Ann Practitioner"].journal_files + 1
    layout = SiteLayout(office.share)
    device = office["a"].vault.header.vault_id
    newest = journal.parse(
        layout.journal(device, ann.journal_files).read_bytes(),
        office["a"].sync.site.me_as_member().sign_key,
    )
    assert ann.last_change_at == newest.header.created_at
    assert ann.audit_pushes > before["Ann Practitioner"].audit_pushes
    local_last = max(e.seq for e in office["a"].vault.audit.entries())
    assert before["Ann Practitioner"].audited_to < ann.audited_to <= local_last
    assert ann.last_seen_at is not None and ann.last_seen_at >= newest.header.created_at
    assert ben == before["Ben Practitioner"]  # Ben did nothing


def test_a_tampered_journal_file_is_flagged_and_its_time_not_trusted(office: Office) -> None:
    add_family(office["a"])
    office.sync("a")
    layout = SiteLayout(office.share)
    device = office["a"].vault.header.vault_id
    path = layout.journal(device, _by_name(office)["Ann Practitioner"].journal_files)
    data = bytearray(path.read_bytes())
    data[20] ^= 1  # inside the signed header
    path.write_bytes(bytes(data))
    ann = _by_name(office)["Ann Practitioner"]
    assert ann.last_change_at is None
    assert any("signature" in p for p in ann.problems)


def test_removed_members_and_stray_folders_are_listed(office: Office) -> None:
    add_family(office["b"])
    office.sync("b")
    office["bso"].sync.site.remove_member(office.member_id("b"), PASSPHRASE)
    (SiteLayout(office.share).devices / "f00d" / "journal").mkdir(parents=True)
    rows = office["bso"].sync.site.device_health()
    assert [h.standing for h in rows][-2:] == [REMOVED, UNKNOWN]
    ben = next(h for h in rows if h.name == "Ben Practitioner")
    assert ben.standing == REMOVED and ben.role == "" and ben.journal_files == 1
    assert ben.last_change_at is not None and not ben.problems
    stray = rows[-1]
    assert stray.device_id == "f00d" and stray.problems


def test_an_unreachable_site_says_so(office: Office) -> None:
    office.share.rename(office.root / "unplugged")
    with pytest.raises(SiteUnavailable, match="cannot be reached"):
        office["bso"].sync.site.device_health()
