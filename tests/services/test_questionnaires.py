"""Recording questionnaires on a real vault: validation, atomicity, stored scores, CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import MOTHER, PASSPHRASE, Family, add_family
from vigdesk.core.errors import InvalidInput, NotFound
from vigdesk.core.questionnaires import ScaleScore, Timepoint
from vigdesk.services.access import unlock_vault
from vigdesk.services.questionnaires import QuestionnaireService
from vigdesk.services.session import Services

DEMO = "parent-confidence-demo"
README_ANSWERS = {
    "calm1": 3,
    "calm2": 2,
    "calm3": 0,
    "calm4": 3,
    "link1": 2,
    "link2": 3,
    "link3": 1,
}
TABLES = ("questionnaire_administrations", "questionnaire_answers", "questionnaire_scores")


def rows(s: Services) -> tuple[int, ...]:
    return tuple(s.ctx.db.scalar(f"SELECT count(*) FROM {t}") for t in TABLES)


def test_record_scores_and_stores_with_the_version(services: Services, family: Family) -> None:
    made = services.questionnaires.record(
        family.case.id,
        DEMO,
        family.mother.id,
        Timepoint.BASELINE,
        README_ANSWERS,
        completed_on=date(2026, 9, 12),
    )
    assert (made.instrument_id, made.instrument_version) == (DEMO, "0.1")
    assert made.score("calm") == ScaleScore("calm", 11.0, 4, 4, False, "high (demo)")
    assert made.score("total") == ScaleScore("total", 20.6, 7, 8, True, "high (demo)")
    assert [a.item_id for a in made.answers] == list(README_ANSWERS)  # link4 unanswered
    [stored] = services.questionnaires.administrations(family.case.id)
    assert stored == made
    recorded, listed = list(services.ctx.audit.entries())[-2:]
    assert (recorded.action, recorded.object_id, recorded.details) == (
        "questionnaire.recorded",
        made.id,
        {
            "case": family.case.id,
            "instrument": DEMO,
            "version": "0.1",
            "timepoint": "baseline",
            "answers": 7,
        },
    )
    assert (listed.action, listed.details) == ("questionnaire.listed", {"count": 1})
    assert all(MOTHER not in str(e.details) for e in services.ctx.audit.entries())


def test_bad_answers_are_refused_and_nothing_is_saved(services: Services, family: Family) -> None:
    def record(answers: dict[str, int], **kw: Any) -> None:
        services.questionnaires.record(
            family.case.id,
            kw.get("instrument", "goal-based-outcomes"),
            kw.get("respondent", family.mother.id),
            Timepoint.MID,
            answers,
            completed_on=kw.get("on"),
        )

    other = add_family(services, consent=())
    audit_before = len(list(services.ctx.audit.entries()))
    cases: list[tuple[dict[str, int], dict[str, Any], str]] = [
        ({"goal1": 11}, {}, r"Item goal1: 11 is not one of its answers \(0, 1, 2"),
        ({"goal1": 5, "goal2": -1}, {}, "Item goal2: -1 is not one of its answers"),
        ({"goal2": 5}, {}, "Item goal1 needs an answer: it is required"),
        ({"goal1": 5, "goal9": 1}, {}, "has no item 'goal9'"),
        ({"goal1": 5}, {"respondent": other.mother.id}, "The respondent is not in case"),
        ({"goal1": 5}, {"on": date(2026, 8, 1)}, "before the referral"),
    ]
    for answers, kw, message in cases:
        with pytest.raises(InvalidInput, match=message):
            record(answers, **kw)
    with pytest.raises(NotFound, match="No questionnaire with id 'sdq'"):
        record({"goal1": 5}, instrument="sdq")
    assert rows(services) == (0, 0, 0)
    assert len(list(services.ctx.audit.entries())) == audit_before
    record({"goal1": 5, "goal3": 8})
    assert rows(services) == (1, 2, 1)
    with pytest.raises(InvalidInput, match="already recorded for MW at mid"):
        record({"goal1": 6})
    assert rows(services) == (1, 2, 1)


def test_a_broken_instrument_file_names_file_and_field(
    services: Services, family: Family, tmp_path: Path
) -> None:
    folder = tmp_path / "resources" / "instruments"
    folder.mkdir(parents=True)
    (folder / "mine.json").write_text(
        json.dumps(
            {
                "id": "mine",
                "name": "Mine",
                "version": "1",
                "licence": "ours",
                "items": [],
                "scoring": {"method": "sum"},
            }
        )
    )
    service = QuestionnaireService(services.ctx, folder)
    with pytest.raises(InvalidInput) as refused:
        service.instruments()
    assert str(refused.value) == "resources/instruments/mine.json: items: must not be empty"


def test_cli_records_and_scores(vault_home: Path) -> None:
    vault = unlock_vault(vault_home, PASSPHRASE)
    try:
        fam = add_family(Services.for_vault(vault), consent=())
    finally:
        vault.lock()
    env = {**os.environ, "VIGDESK_PASSPHRASE": PASSPHRASE}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "vigdesk", "--home", str(vault_home), *args],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )

    answers = [f"--answer={k}={v}" for k, v in README_ANSWERS.items()]
    made = run(
        "questionnaire", "record", fam.case.code, "--instrument", DEMO,
        "--respondent", fam.mother.id, "--timepoint", "baseline", "--on", "2026-09-12",
        *answers, "--json",
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert json.loads(made.stdout)["timepoint"] == "baseline"
    scored = run("questionnaire", "score", fam.case.code, "--json")
    assert scored.returncode == 0, scored.stderr
    [admin] = json.loads(scored.stdout)
    assert admin["instrument_version"] == "0.1"
    assert {s["scale"]: s["value"] for s in admin["scores"]} == {
        "calm": 11.0,
        "connection": 9.3,
        "total": 20.6,
    }
    refused = run(
        "questionnaire", "record", fam.case.code, "--instrument", DEMO,
        "--respondent", fam.mother.id, "--timepoint", "end", "--answer", "calm1=9",
    )  # fmt: skip
    assert refused.returncode == 1
    assert refused.stderr == "vigdesk: Item calm1: 9 is not one of its answers (0, 1, 2, 3).\n"
