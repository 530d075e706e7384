"""An enrolled vault sweeps by the site's retention policy; an unenrolled one by the default.

No command or service sets a site's policy yet (`init_site` writes the default), so the
BSO's new policy is published here the way the site service publishes any site.json:
a new version of the manifest, signed with the site key.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from tests.conftest import PASSPHRASE, add_family
from tests.sync.conftest import office, office_template
from tests.sync.office import Office
from vigdesk.cli import main
from vigdesk.core.clock import iso
from vigdesk.core.errors import InvalidInput, WrongPassphrase
from vigdesk.paths import resources_dir
from vigdesk.services.session import Services
from vigdesk.sync import sitekey
from vigdesk.sync.device import publish_manifest

__all__ = ["office", "office_template"]


def _close_a_family(s: Services) -> str:
    """A closed case whose child (born March 2024) turned 2 before today."""
    fam = add_family(s)
    s.cases.close_case(fam.case.id, date(2026, 11, 1), "goals met")
    return fam.case.id


def _publish_short_policy(office: Office) -> None:
    """The BSO keeps case records until the youngest child is 2 (the default says 25)."""
    raw = json.loads((resources_dir() / "retention" / "policy.json").read_text("utf-8"))
    raw["version"] = "2026.2-short"
    raw["rules"]["case_record"]["years"] = 2
    bso = office["bso"]
    site = bso.sync.site.verified()
    manifest = site.manifest.next_version(iso(bso.vault.clock()), retention=raw)
    publish_manifest(site.layout, manifest, sitekey.load(bso.vault.home, PASSPHRASE))


def test_an_unenrolled_vault_uses_the_default_policy(services: Services) -> None:
    case_id = _close_a_family(services)
    in_force = services.retention.policy_in_force()
    assert in_force.source == "default" and in_force.policy.rules["case_record"].years == 25
    assert services.retention.preview() == []
    assert services.retention.dashboard().policy == in_force
    assert case_id


def test_the_site_policy_applies_from_the_next_sync_on(office: Office, services: Services) -> None:
    a = office["a"]
    case_id = _close_a_family(a)
    _close_a_family(services)
    assert a.retention.policy_in_force().source == "site"
    assert a.retention.preview() == []  # the site's first policy is the default one

    _publish_short_policy(office)
    assert a.retention.preview() == []  # not seen yet: nothing changes before a sync
    office.sync("a")
    in_force = a.retention.policy_in_force()  # same unlocked services, read afresh
    assert (in_force.source, in_force.site_name) == ("site", "VIG Test Service")
    assert in_force.policy.version == "2026.2-short"
    due = a.retention.preview()
    assert [(d.kind, d.object_id) for d in due] == [("case_record", case_id)]
    assert services.retention.preview() == []  # the unenrolled vault: default policy
    assert a.retention.dashboard().policy == in_force
    result = a.retention.sweep(dry_run=True)
    assert result.dry_run and not result.deleted
    entry = [e for e in a.ctx.audit.entries() if e.action == "retention.previewed"][-1]
    assert entry.details["policy"] == "site" and entry.details["version"] == "2026.2-short"


def test_the_command_line_names_the_policy_in_force(
    office: Office, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _close_a_family(office["a"])
    _publish_short_policy(office)
    office.sync("a")
    office.close("a")
    monkeypatch.setenv("VIGDESK_PASSPHRASE", PASSPHRASE)
    home = str(office.home("a"))
    assert main(["--home", home, "retention", "status"]) == 0
    assert capsys.readouterr().out.startswith(
        "Policy in force: the site's policy (VIG Test Service, version 2026.2-short)."
    )
    assert main(["--home", home, "retention", "sweep", "--dry-run", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["policy"] == {
        "source": "site",
        "site": "VIG Test Service",
        "version": "2026.2-short",
    }
    assert [d["kind"] for d in data["due"]] == ["case_record"]


def test_the_bso_publishes_a_checked_policy_that_laptops_apply_after_a_sync(
    office: Office,
) -> None:
    bso, a = office["bso"], office["a"]
    raw = json.loads((resources_dir() / "retention" / "policy.json").read_text("utf-8"))
    raw["version"] = "2026.3-minimal"
    raw["footage_after_review_days"] = 14
    bad = {**raw, "inactive_after_months": 0}
    with pytest.raises(InvalidInput, match="inactive_after_months"):
        bso.sync.site.set_retention_policy(bad, PASSPHRASE)
    with pytest.raises(WrongPassphrase):
        bso.sync.site.set_retention_policy(raw, "not the passphrase")
    bso.sync.site.set_retention_policy(raw, PASSPHRASE)
    assert [e.details for e in bso.ctx.audit.entries() if e.action == "site.policy_changed"] == [
        {"version": "2026.3-minimal"}
    ]
    office.sync("a")
    in_force = a.retention.policy_in_force()
    assert (in_force.policy.version, in_force.policy.footage_after_review_days) == (
        "2026.3-minimal",
        14,
    )
