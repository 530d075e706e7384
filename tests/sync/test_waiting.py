"""Rows that cannot be applied wait with a reason, and apply once the cause is gone.

Two laptops in a real office (tests/sync/office.py) open a case with the same code
while offline; each shares it with the other, so each receives a case whose code it
already uses.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from tests.conftest import CHILD, MOTHER
from tests.sync.office import Office
from vigdesk.cli import main
from vigdesk.core.cases import Case, PersonKind
from vigdesk.services.session import Services
from vigdesk.sync import rowstore
from vigdesk.sync.waiting import explain

CODE = "VIG-0012"
CLASH = (
    f"Case code {CODE} is already used by another case on this laptop: "
    "rename one of them, then sync again."
)


def _open_case(s: Services, initials: str, person: str) -> Case:
    case = s.cases.add_case(initials, date(2026, 9, 1), code=CODE)
    s.cases.add_person(case.id, PersonKind.ADULT, person, parental_responsibility=True)
    return case


def _codes(s: Services) -> list[str]:
    return sorted(c.code for c in s.cases.list_cases())


def test_one_case_code_on_two_laptops_waits_then_applies_after_a_rename(
    office: Office,
) -> None:
    a, b = office["a"], office["b"]
    ann = _open_case(a, "MW", MOTHER)
    ben = _open_case(b, "TC", CHILD)
    a.sync.assign(ann.id, office.member_id("b"))
    b.sync.assign(ben.id, office.member_id("a"))
    office.settle(("a", "bso", "b"))

    # Practitioners take a colleague's case key from the BSO, so the clash waits where
    # both cases meet first: on the BSO's laptop, and on a laptop that got both keys.
    waiting_on = {n: office[n].sync.waiting() for n in ("a", "b", "bso")}
    clashed = [n for n, w in waiting_on.items() if w]
    assert clashed
    for n in clashed:
        waiting = waiting_on[n]
        theirs = ann if waiting[0].case_id == ann.id else ben
        assert waiting[0].table == "cases" and waiting[0].case_id == theirs.id
        assert waiting[0].case_code == CODE and waiting[0].reason == CLASH
        rest = waiting[1:]
        assert {w.table for w in rest} >= {"people", "case_members"}
        assert all(w.case_id == theirs.id for w in rest)
        assert all(w.reason.startswith(f"Waiting for its case {CODE},") for w in rest)
        assert office[n].sync.status().pending_rows == len(waiting)
        text = " ".join(w.reason for w in waiting)
        assert MOTHER not in text and CHILD not in text  # no personal data
        assert _codes(office[n]) == [CODE]

    a.cases.change_code(ann.id, "VIG-0012A")
    office.settle(("a", "bso", "b"))
    for n in ("a", "b", "bso"):
        assert office[n].sync.waiting() == [] and office[n].sync.status().pending_rows == 0
    assert _codes(a) == _codes(b) == [CODE, "VIG-0012A"]
    assert [p.full_name for p in b.cases.people(ann.id)] == [MOTHER]


def test_the_command_line_reports_rows_waiting(
    office: Office, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.conftest import PASSPHRASE

    a, b = office["a"], office["b"]
    ann = _open_case(a, "MW", MOTHER)
    _open_case(b, "TC", CHILD)
    a.sync.assign(ann.id, office.member_id("b"))
    office.settle(("a", "bso", "b"))
    office.close("b")
    monkeypatch.setenv("VIGDESK_PASSPHRASE", PASSPHRASE)
    home = str(office.home("b"))

    assert main(["--home", home, "sync", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["pending"] == len(report["waiting"]) > 0
    assert report["waiting"][0]["reason"] == CLASH
    assert main(["--home", home, "sync", "status", "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["pending_rows"] == len(status["waiting"]) == report["pending"]
    assert main(["--home", home, "sync", "status"]) == 0
    assert CLASH in capsys.readouterr().out
    assert main(["--home", home, "sync", "waiting"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == report["pending"] and CODE in lines[0]


def test_sqlite_refusals_become_reason_codes() -> None:
    assert rowstore.reason_for("FOREIGN KEY constraint failed") == "parent"
    assert rowstore.reason_for("UNIQUE constraint failed: cases.code") == "unique:cases.code"
    assert (
        rowstore.reason_for("UNIQUE constraint failed: index 'helping_ratings_once'")
        == "unique:index:helping_ratings_once"
    )
    assert rowstore.reason_for("CHECK constraint failed: kind").startswith("invalid:")
    assert "arrive from the other laptop" in explain("people", "parent", "", "missing")
    assert "Only part of this session" in explain("sessions", "incomplete", CODE, "here")
