"""`vigdesk retention status|keep-open` name inactive cases and record why they stay open."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from tests.cli.test_cli import run
from tests.conftest import PASSPHRASE
from vigdesk.core.sessions import SessionKind
from vigdesk.services.access import unlock_vault
from vigdesk.services.session import Services

ENV = {"VIGDESK_PASSPHRASE": PASSPHRASE}


def idle_case(home: Path) -> str:
    """A case referred in 2024 whose only session was in February 2024."""
    vault = unlock_vault(home, PASSPHRASE)
    try:
        s = Services.for_vault(vault)
        case = s.cases.add_case("JB", date(2024, 1, 8))
        s.sessions.add_session(case.id, SessionKind.INITIAL_MEETING, date(2024, 2, 1))
        return case.code
    finally:
        vault.lock()


def test_status_lists_an_inactive_case_and_keep_open_silences_it(vault_home: Path) -> None:
    code = idle_case(vault_home)
    home = ("--home", str(vault_home))
    status = run(*home, "retention", "status", env=ENV)
    assert status.returncode == 0, status.stderr
    assert f"{code}" in status.stdout
    assert "inactive: close the case or record why it stays open" in status.stdout
    data = json.loads(run(*home, "retention", "status", "--json", env=ENV).stdout)
    assert data["inactive"][0]["inactive_from"] == "2024-08-01"
    kept = run(*home, "retention", "keep-open", code, "--reason", "awaiting court", env=ENV)
    assert kept.returncode == 0, kept.stderr
    assert "asked again" in kept.stdout
    data = json.loads(run(*home, "retention", "status", "--json", env=ENV).stdout)
    assert data["inactive"] == []
