"""Audit to the office: pushed chains verify; edits, gaps and rollbacks are flagged."""

from __future__ import annotations

import shutil

from tests.conftest import add_family
from tests.sync.office import Office
from vigdesk.sync.layout import SiteLayout


def _segments(office: Office, name: str) -> list:  # type: ignore[type-arg]
    layout = SiteLayout(office.share)
    return sorted(layout.audit_dir(office[name].vault.header.vault_id).glob("*.vja"))


def _ann(office: Office) -> list[str]:
    report = office["bso"].sync.audit_verify()
    return next(d for d in report.devices if d.name == "Ann Practitioner").problems


def test_every_device_chain_verifies_after_syncs(office: Office) -> None:
    add_family(office["a"])
    office.settle(("a", "b", "bso"))
    report = office["bso"].sync.audit_verify()
    assert report.ok
    ann = next(d for d in report.devices if d.name == "Ann Practitioner")
    assert ann.entries > 5 and ann.last_seq == ann.entries


def _three_segments(office: Office) -> list:  # type: ignore[type-arg]
    for _ in range(3):
        add_family(office["a"])
        office.sync("a")
    return _segments(office, "a")


def test_an_edited_segment_is_flagged(office: Office) -> None:
    segment = _three_segments(office)[-2]
    segment.write_bytes(segment.read_bytes().replace(b"case.created", b"case.CREATED"))
    assert any("altered" in p for p in _ann(office))


def test_a_missing_segment_is_flagged_as_a_gap(office: Office) -> None:
    segment = _three_segments(office)[-2]
    segment.unlink()
    segment.with_suffix(".vjc").unlink()
    assert any("missing (a gap)" in p for p in _ann(office))


def test_a_vault_restored_from_an_old_copy_shows_as_a_rollback(office: Office) -> None:
    office.sync("a")
    office.close("a")
    backup = office.root / "a-backup"
    shutil.copytree(office.home("a"), backup)
    add_family(office["a"])
    office.sync("a")
    office.close("a")
    shutil.rmtree(office.home("a"))
    shutil.copytree(backup, office.home("a"))
    report = office.sync("a")  # the restored vault syncs again
    assert any("restored from a backup" in p for p in report.problems)
    assert len(office["a"].cases.list_cases()) == 1  # its lost work came back from the site
    audit = office["bso"].sync.audit_verify()
    ann = next(d for d in audit.devices if d.name == "Ann Practitioner")
    assert any("rollback" in p for p in ann.problems)
