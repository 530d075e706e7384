"""`vigdesk retention status|keep-open` name inactive cases and record why they stay open."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from tests.cli.test_cli import run
from tests.conftest import PASSPHRASE, add_family
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
    assert data["figures"]["inactive"] == 1 and data["figures"]["cases"] == 1
    assert "Across 1 case on this laptop: due this month 0 (0 overdue), inactive 1" in (
        status.stdout
    )
    kept = run(*home, "retention", "keep-open", code, "--reason", "awaiting court", env=ENV)
    assert kept.returncode == 0, kept.stderr
    assert "asked again" in kept.stdout
    data = json.loads(run(*home, "retention", "status", "--json", env=ENV).stdout)
    assert data["inactive"] == []


def reviewed_case(home: Path, footage: Path) -> tuple[str, str]:
    """A clip shown at a review with no summary, in a case closed on 20 Sep 2026: overdue."""
    vault = unlock_vault(home, PASSPHRASE)
    try:
        s = Services.for_vault(vault)
        fam = add_family(s)
        source = s.media.import_footage(fam.case.id, footage).item
        clip = s.media.make_clip(source.id, 1.0, 2.0)
        review = s.sessions.add_session(
            fam.case.id, SessionKind.SHARED_REVIEW, date(2026, 9, 15), media_ids=[clip.id]
        )
        s.cases.close_case(fam.case.id, date(2026, 9, 20), "goals met")
        return clip.id, review.id
    finally:
        vault.lock()


def test_sweep_holds_review_video_until_a_summary_or_a_reason(
    vault_home: Path, footage: Path
) -> None:
    clip, review = reviewed_case(vault_home, footage)
    home = ("--home", str(vault_home))
    dry = run(*home, "retention", "sweep", "--dry-run", env=ENV)
    assert "[NEEDS A WRITTEN SUMMARY]" in dry.stdout and "write-summary" in dry.stdout
    first = json.loads(run(*home, "retention", "sweep", "--json", env=ENV).stdout)
    assert [d["id"] for d in first["needs_summary"]] == [clip]
    assert first["needs_summary"][0]["review_sessions"] == [review]
    assert clip not in [d["id"] for d in first["deleted"]]
    refused = run(*home, "retention", "sweep", "--without-summary", clip, env=ENV)
    assert refused.returncode != 0 and "--reason" in refused.stderr
    gone = run(*home, "retention", "sweep", "--without-summary", clip, "--reason", "left", env=ENV)
    assert gone.returncode == 0, gone.stderr
    assert "deleted  " in gone.stdout and clip in gone.stdout


def test_writing_the_summary_lets_the_video_go(vault_home: Path, footage: Path) -> None:
    clip, review = reviewed_case(vault_home, footage)
    home = ("--home", str(vault_home))
    wrote = run(*home, "retention", "write-summary", review, "--text", "She saw it.", env=ENV)
    assert wrote.returncode == 0, wrote.stderr
    swept = json.loads(run(*home, "retention", "sweep", "--json", env=ENV).stdout)
    assert clip in [d["id"] for d in swept["deleted"]] and swept["needs_summary"] == []


def test_schedule_says_why_each_item_is_kept(vault_home: Path, footage: Path) -> None:
    clip, _review = reviewed_case(vault_home, footage)
    out = run("--home", str(vault_home), "retention", "schedule", "--json", env=ENV)
    assert out.returncode == 0, out.stderr
    items = {d["id"]: d for d in json.loads(out.stdout)["schedule"]}
    assert items[clip]["reason"] == "case closed 20 Sep 2026 + 2 months"
    assert items[clip]["due_on"] == "2026-11-20" and items[clip]["needs_summary"]


def open_reviewed_case(home: Path, footage: Path) -> tuple[str, str, str]:
    """An open case whose clip was shown at a review with no summary: (code, clip, review)."""
    vault = unlock_vault(home, PASSPHRASE)
    try:
        s = Services.for_vault(vault)
        fam = add_family(s)
        source = s.media.import_footage(fam.case.id, footage).item
        clip = s.media.make_clip(source.id, 1.0, 2.0)
        review = s.sessions.add_session(
            fam.case.id, SessionKind.SHARED_REVIEW, date(2026, 9, 15), media_ids=[clip.id]
        )
        return fam.case.code, clip.id, review.id
    finally:
        vault.lock()


def test_case_close_lists_missing_summaries_and_can_go_without_one(
    vault_home: Path, footage: Path
) -> None:
    code, clip, review = open_reviewed_case(vault_home, footage)
    home = ("--home", str(vault_home))
    close = ("case", "close", code, "--on", "2026-09-20", "--reason", "goals met")
    refused = run(*home, *close, "--without-summary", review, env=ENV)
    assert refused.returncode != 0 and "--summary-reason" in refused.stderr
    closed = run(*home, *close, env=ENV)
    assert closed.returncode == 0, closed.stderr
    assert f"Closed case {code}" in closed.stdout
    assert "Written summary missing (1)" in closed.stdout
    assert clip in closed.stdout and review in closed.stdout
    assert "retention write-summary" in closed.stdout
    data = json.loads(run(*home, "retention", "schedule", code, "--json", env=ENV).stdout)
    assert [d["needs_summary"] for d in data["schedule"] if d["id"] == clip] == [True]


def test_case_close_without_summary_records_the_reason(vault_home: Path, footage: Path) -> None:
    code, clip, review = open_reviewed_case(vault_home, footage)
    home = ("--home", str(vault_home))
    closed = run(
        *home, "case", "close", code, "--on", "2026-09-20", "--reason", "goals met",
        "--without-summary", review, "--summary-reason", "practitioner left", "--json", env=ENV,
    )  # fmt: skip
    assert closed.returncode == 0, closed.stderr
    assert json.loads(closed.stdout)["summaries_missing"] == []
    data = json.loads(run(*home, "retention", "schedule", code, "--json", env=ENV).stdout)
    assert [d["needs_summary"] for d in data["schedule"] if d["id"] == clip] == [False]
