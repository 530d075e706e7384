"""`vigdesk doctor --site` on a real office: laptops' sync state and the share's health."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from tests.conftest import PASSPHRASE, add_family
from tests.services.test_doctor import _private, _problems, _state
from tests.sync.office import Office
from vigdesk.core.clock import Clock, utc_now
from vigdesk.core.ids import new_id
from vigdesk.services.context import Context
from vigdesk.services.doctor import Report, Severity, examine
from vigdesk.sync.blobflow import SMALL
from vigdesk.sync.layout import SiteLayout
from vigdesk.sync.limits import REQUEST


@pytest.fixture(autouse=True)
def app_umask() -> Iterator[None]:
    old = os.umask(0o077)
    yield
    os.umask(old)


def _finding(report: Report, code: str) -> dict[str, object]:
    found = next(f for f in report.findings if f.code == code)
    return {"severity": found.severity, **found.details}


def _big_blob(office: Office, case_id: str) -> str:
    """A sealed file over the size laptops fetch unasked: the BSO leaves it on the site."""
    ctx = Context.of(office["a"].vault)
    sealed = ctx.blobs.seal_bytes(case_id, "consent-evidence", os.urandom(SMALL + 1))
    with ctx.db.transact():
        ctx.blobs.record(sealed)
    return sealed.id


def _examine(office: Office, name: str, clock: Clock = utc_now) -> Report:
    """Doctor on a locked laptop, with the modes the app writes (see test_doctor)."""
    office.close_all()
    _private(office.home(name))
    return examine(office.home(name), PASSPHRASE, site=True, share=office.share, clock=clock)


def test_a_settled_office_is_fine_and_the_check_changes_nothing(office: Office) -> None:
    family = add_family(office["a"])
    big = _big_blob(office, family.case.id)
    office.settle(("a", "bso", "b"))
    office.close_all()
    share_before = _state(office.share)
    _private(office.home("bso"))
    bso_before = _state(office.home("bso"))

    report = _examine(office, "bso")
    assert report.exit_code == 0, [f.message for f in report.findings if f.severity]
    assert _finding(report, "blobs.not_fetched")["count"] == 1  # the big one, normal
    journals = _finding(report, "site.journals")
    assert journals["severity"] == Severity.INFO
    devices = journals["devices"]
    assert isinstance(devices, list) and len(devices) == 4
    ann = next(d for d in devices if d["member"] == "Ann Practitioner")
    assert ann["journal_files"] >= 1 and ann["journal_bytes"] > 0 and ann["audit_bytes"] > 0
    codes = {f.code for f in report.findings}
    assert {"site.reach", "site.wraps", "site.sizes", "site.blobs"} <= codes
    assert _state(office.share) == share_before and _state(office.home("bso")) == bso_before

    # The small consent form was fetched (marked present): losing its file is an error.
    small = next(p for p in (office.home("bso") / "blobs").glob("*/*") if p.name != big)
    small.unlink()
    lost = _examine(office, "bso")
    assert _problems(lost) == {"blobs.missing": Severity.ERROR}
    assert _finding(lost, "blobs.missing")["blobs"] == [small.name]
    assert lost.exit_code == 2

    # The big one is on the site, to fetch on demand; gone from there too, nobody can.
    SiteLayout(office.share).blob(big).unlink()
    gone = _examine(office, "bso")
    assert _problems(gone) == {"blobs.missing": Severity.ERROR, "site.blobs": Severity.WARNING}
    assert _finding(gone, "site.blobs")["blobs"] == [big]


def test_unsent_changes_are_information_until_the_laptop_stops_syncing(office: Office) -> None:
    office.settle(("a", "bso"))
    add_family(office["a"])  # not synced yet
    recent = _examine(office, "a")
    unsent = _finding(recent, "sync.unsent")
    assert unsent["severity"] == Severity.INFO and unsent["uncaptured"]
    assert recent.exit_code == 0
    later = _examine(office, "a", clock=lambda: utc_now() + timedelta(days=8))
    assert _finding(later, "sync.unsent")["severity"] == Severity.WARNING
    assert later.exit_code == 1


def test_defects_planted_on_the_share_are_named(office: Office) -> None:
    family = add_family(office["a"])
    office.settle(("a", "bso", "b"))
    office.close_all()
    layout = SiteLayout(office.share)
    wrap = next(layout.case_keys_dir(family.case.id).glob("*.key"))
    stranger = new_id()
    shutil.copyfile(wrap, wrap.with_name(f"{stranger}.key"))  # a wrap for a non-member
    layout.request(new_id()).write_bytes(b"x" * (REQUEST + 1))  # over its size cap
    device = next(
        d for d in os.listdir(layout.devices) if (layout.devices / d / "journal").is_dir()
    )
    newest = layout.journal(device, max(int(p.stem) for p in layout.journal_dir(device).iterdir()))
    data = bytearray(newest.read_bytes())
    data[20] ^= 1  # inside the signed header
    newest.write_bytes(bytes(data))

    report = _examine(office, "bso")
    assert _problems(report) == {
        "site.wraps": Severity.WARNING,
        "site.sizes": Severity.ERROR,
        "site.device": Severity.WARNING,
    }
    assert _finding(report, "site.wraps")["files"] == [f"keys/{family.case.id}/{stranger}.key"]
    assert report.exit_code == 2


def test_an_unreachable_site_is_an_error(office: Office) -> None:
    office.close_all()
    office.share.rename(office.root / "unplugged")
    report = _examine(office, "a")
    assert _problems(report) == {"site.reach": Severity.ERROR}
    assert "cannot be reached" in next(f.message for f in report.findings if f.code == "site.reach")


def test_a_vault_not_enrolled_has_no_site_to_check(vault_home: Path) -> None:
    _private(vault_home)
    report = examine(vault_home, PASSPHRASE, site=True)
    assert _problems(report) == {"site.reach": Severity.ERROR}
    assert report.exit_code == 2
