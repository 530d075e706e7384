"""The headless commands as a BSO and a practitioner would type them (real processes)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import PASSPHRASE


def _run(home: Path, *args: str, expect: int = 0) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "vigdesk", "--home", str(home), *args],
        env={**os.environ, "VIGDESK_PASSPHRASE": PASSPHRASE},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == expect, done.stderr
    return done


def _json(home: Path, *args: str) -> Any:
    return json.loads(_run(home, *args, "--json").stdout)


@pytest.mark.slow
def test_bso_and_laptop_from_the_command_line(tmp_path: Path) -> None:
    share, bso, ann = tmp_path / "share", tmp_path / "bso", tmp_path / "ann"
    share.mkdir()
    for home, name, role in ((bso, "Bea Officer", "bso"), (ann, "Ann P", "practitioner")):
        _run(
            home, "init", "--name", name, "--role", role, "--accept-agreement", "--kdf-seconds", "0"
        )
    site = _json(bso, "site", "init", str(share), "--name", "VIG Service")
    wrong = _run(ann, "enrol", str(share), "--fingerprint", "0000 1111", expect=7)
    assert "not the council's site" in wrong.stderr
    enrolled = _json(ann, "enrol", str(share), "--fingerprint", site["fingerprint"])
    assert not enrolled["approved"]
    refused = _run(ann, "sync", expect=8)
    assert "not approved" in refused.stderr
    [request] = _json(bso, "site", "requests")
    assert request["fingerprint"] == enrolled["device_fingerprint"]
    _run(bso, "site", "approve", request["request"][:8])
    _run(ann, "case", "add", "--initials", "JS", "--referred", "2026-10-01", "--code", "VIG-1")
    report = _json(ann, "sync")
    assert report["sent"] >= 2 and not report["problems"]
    _json(bso, "sync")
    cases = _run(bso, "case", "list").stdout
    assert "VIG-1" in cases
    audit = _json(bso, "sync", "audit-verify")
    assert audit["ok"] and len(audit["devices"]) == 2
    os.rename(share, tmp_path / "gone")
    gone = _run(ann, "sync", expect=6)
    assert "cannot be reached" in gone.stderr
