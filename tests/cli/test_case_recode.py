"""`vigdesk case recode CODE NEW_CODE`: as a script or the business officer would run it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import PASSPHRASE
from vigdesk.cli import main


def test_recode_a_case_then_refuse_a_code_in_use(
    vault_home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VIGDESK_PASSPHRASE", PASSPHRASE)
    home = ["--home", str(vault_home)]
    for code in ("VIG-0012", "VIG-0013"):
        added = [*home, "case", "add", "--initials", "JS", "--referred", "2026-09-01"]
        assert main([*added, "--code", code]) == 0
    capsys.readouterr()

    assert main([*home, "case", "recode", "vig-0012", "vig-0012a", "--json"]) == 0
    done = json.loads(capsys.readouterr().out)
    assert (done["old_code"], done["code"], done["initials"]) == ("VIG-0012", "VIG-0012A", "JS")

    assert main([*home, "case", "recode", "VIG-0012A", "VIG-0012A"]) == 0
    assert capsys.readouterr().out.strip() == "Case VIG-0012A keeps its code."

    assert main([*home, "case", "recode", "VIG-0012A", "VIG-0013"]) != 0
    assert capsys.readouterr().err == "vigdesk: The case code VIG-0013 is already in use.\n"
    assert main([*home, "case", "recode", "VIG-0012A", "VIG 12"]) != 0
    assert "cannot be used" in capsys.readouterr().err
    assert main([*home, "case", "recode", "VIG-0012", "VIG-0014"]) != 0
    assert "No case with code VIG-0012" in capsys.readouterr().err

    assert main([*home, "case", "recode", "VIG-0012A", "VIG-0014"]) == 0
    assert capsys.readouterr().out.strip() == "Case VIG-0012A is now VIG-0014."
    assert main([*home, "case", "list", "--json"]) == 0
    codes = sorted(row["code"] for row in json.loads(capsys.readouterr().out))
    assert codes == ["VIG-0013", "VIG-0014"]
    assert main([*home, "audit", "export"]) == 0
    changes = [
        entry["details"]
        for line in capsys.readouterr().out.splitlines()
        if (entry := json.loads(line))["action"] == "case.code_changed"
    ]
    assert changes == [
        {"old": "VIG-0012", "new": "VIG-0012A"},
        {"old": "VIG-0012A", "new": "VIG-0014"},
    ]
