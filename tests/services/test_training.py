"""A trainee's accreditation log on a real vault: cycles from sessions that outlive the
family's deletion, supervision entries that refuse family details, audited."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import MOTHER, PASSPHRASE, add_family
from tests.services.test_retention import Clock
from vigdesk.core.accreditation import SupervisionFormat
from vigdesk.core.errors import InvalidInput
from vigdesk.core.sessions import SessionKind
from vigdesk.services.access import unlock_vault
from vigdesk.services.session import Services
from vigdesk.services.training import TrainingSettings
from vigdesk.sync.rowstore import remove_case


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def s(vault_home: Path, clock: Clock) -> Iterator[Services]:
    vault = unlock_vault(vault_home, PASSPHRASE, clock=clock)
    yield Services.for_vault(vault)
    vault.lock()


def one_cycle(s: Services) -> str:
    fam = add_family(s)
    s.sessions.add_session(fam.case.id, SessionKind.FILMING, date(2026, 10, 1))
    s.sessions.add_session(fam.case.id, SessionKind.SHARED_REVIEW, date(2026, 10, 8))
    return fam.case.id


def training_rows(s: Services) -> str:
    tables = ("training_cycles", "training_clients", "training_cycle_reviews")
    return repr([s.ctx.db.execute(f"SELECT * FROM {t}") for t in tables])


def test_progress_counts_cycles_and_supervision(s: Services) -> None:
    one_cycle(s)
    s.training.log_supervision(date(2026, 10, 20), 90, "Dr Sam Okafor")
    assert s.training.progress().text() == "Stage 1: 1/6 cycles · 1/2 clients · 1.5/7 h supervision"
    actions = [r[0] for r in s.ctx.db.execute("SELECT action FROM audit")]
    assert "training.cycles_kept" in actions and "training.supervision_logged" in actions


def test_cycles_outlive_the_retention_sweep_that_deletes_the_family(
    s: Services, clock: Clock
) -> None:
    case_id = one_cycle(s)  # (nothing has counted the cycles yet)
    s.cases.close_case(case_id, date(2026, 11, 24), "done")
    clock.travel(365 * 25)  # past the case record's retention
    s.retention.sweep()
    assert s.ctx.db.scalar("SELECT count(*) FROM cases") == 0
    assert s.training.progress().text() == "Stage 1: 1/6 cycles · 1/2 clients · 0/7 h supervision"
    rows = training_rows(s)
    assert "1 cycles" not in rows and case_id not in rows and "MW" not in rows


def test_cycles_outlive_a_shred_or_removal_from_the_case(s: Services) -> None:
    case_id = one_cycle(s)
    with s.ctx.db.transact() as db:
        remove_case(db, case_id)  # as a sync does for a shred or "taken off the case"
    p = s.training.progress()
    assert (p.cycles, p.new_clients) == (1, 1)
    assert case_id not in training_rows(s)


def test_deleting_the_review_session_takes_its_cycle_back(s: Services) -> None:
    case_id = one_cycle(s)
    assert s.training.progress().cycles == 1
    (review,) = [
        x for x in s.sessions.list_sessions(case_id) if x.kind == SessionKind.SHARED_REVIEW
    ]
    with s.ctx.db.transact() as db:
        db.execute("DELETE FROM sessions WHERE id = ?", (review.id,))
    assert s.training.progress().cycles == 0


def test_supervision_refuses_family_details(s: Services) -> None:
    one_cycle(s)
    code = s.ctx.db.scalar("SELECT code FROM cases")
    for text in (MOTHER, "talked about Marigold's timing", f"the {code} family", "born 2024-03-02"):
        with pytest.raises(InvalidInput, match="identifies a family"):
            s.training.log_supervision(date(2026, 10, 20), 60, "Dr S", learning=text)
    ok = s.training.log_supervision(
        date(2026, 10, 20),
        60,
        "Dr S",
        SupervisionFormat.GROUP,
        learning="Attuned responses: wait for the child's initiative before naming it.",
    )
    assert [e.id for e in s.training.supervision()] == [ok.id]
    s.training.delete_supervision(ok.id)
    assert s.training.supervision() == []


def test_settings_move_the_stage_and_its_start(s: Services) -> None:
    one_cycle(s)  # reviewed 8 Oct
    s.training.set_settings(TrainingSettings(stage=2, stage_started_on=date(2026, 11, 1)))
    p = s.training.progress()
    assert (p.stage.number, p.cycles, p.new_clients) == (2, 0, 0)
    with pytest.raises(InvalidInput):
        s.training.set_settings(TrainingSettings(stage=4))
    with pytest.raises(InvalidInput):
        s.training.set_settings(TrainingSettings(supervisor=MOTHER))


def test_a_hostile_session_date_never_blocks_deleting_the_case(s: Services) -> None:
    case_id = one_cycle(s)
    with s.ctx.db.transact() as db:  # as a colleague's synced row could arrive
        db.execute("UPDATE sessions SET held_on = 'soon' WHERE kind = 'filming'")
        remove_case(db, case_id)
    assert s.ctx.db.scalar("SELECT count(*) FROM cases") == 0
    assert s.training.progress().cycles == 0  # that cycle could not be read, so not kept
