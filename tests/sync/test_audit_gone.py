"""An audit trail that vanishes from the site, or goes backwards, does not pass as clean.

A practitioner may delete her own ``devices/<id>/audit/`` folder; the BSO's console
remembers how far each device's signed checkpoints had reached. And a laptop whose local
chain no longer extends what it already signed to the site says so in its own log.
"""

from __future__ import annotations

import shutil

from tests.conftest import add_family
from tests.sync.office import Office
from vigdesk.sync.health import DeviceHealth
from vigdesk.sync.layout import SiteLayout


def _ann(office: Office) -> DeviceHealth:
    rows = office["bso"].sync.site.device_health()
    return next(h for h in rows if h.name == "Ann Practitioner")


def _audit_dir(office: Office):  # type: ignore[no-untyped-def]
    return SiteLayout(office.share).audit_dir(office["a"].vault.header.vault_id)


def test_a_deleted_audit_folder_is_flagged(office: Office) -> None:
    add_family(office["a"])
    office.sync("a")
    assert not _ann(office).problems  # the BSO's console has seen it
    shutil.rmtree(_audit_dir(office))
    ann = _ann(office)
    assert ann.audit_pushes == 0
    assert any("audit trail on the site is gone" in p for p in ann.problems), ann.problems
    assert _ann(office).problems  # still flagged at the next look


def test_a_deleted_audit_folder_is_flagged_even_unseen(office: Office) -> None:
    """Before the console ever looked: the device has sent changes but has no audit."""
    add_family(office["a"])
    office.sync("a")
    shutil.rmtree(_audit_dir(office))
    ann = _ann(office)
    assert any("sent changes but its audit trail" in p for p in ann.problems), ann.problems


def test_newest_checkpoints_removed_are_flagged(office: Office) -> None:
    for _ in range(2):
        add_family(office["a"])
        office.sync("a")
    before = _ann(office)
    newest = sorted(_audit_dir(office).glob("*.vjc"))[-1]
    newest.unlink()
    newest.with_suffix(".vja").unlink()
    ann = _ann(office)
    assert ann.audited_to < before.audited_to
    assert any("went backwards" in p for p in ann.problems), ann.problems


def test_steady_syncs_stay_clean(office: Office) -> None:
    for _ in range(2):
        add_family(office["a"])
        office.sync("a")
        assert not _ann(office).problems


def test_a_laptop_whose_chain_forked_from_the_site_records_it(office: Office) -> None:
    """Restoring case.db with its head file from an old copy is consistent locally; the
    checkpoints this laptop already signed to the site are not."""
    office.sync("a")
    office.close("a")
    backup = office.root / "a-backup"
    shutil.copytree(office.home("a"), backup)
    add_family(office["a"])
    office.sync("a")
    office.close("a")
    shutil.rmtree(office.home("a"))
    shutil.copytree(backup, office.home("a"))
    assert office["a"].vault.audit.verify().ok  # nothing to see locally
    office.sync("a")
    found = [e for e in office["a"].vault.audit.entries() if e.action == "audit.rollback_detected"]
    assert [e.details["reason"] for e in found] == ["site_ahead"]
    verdict = office["a"].vault.audit.verify()
    assert not verdict.ok and "signed to the site" in verdict.reason
