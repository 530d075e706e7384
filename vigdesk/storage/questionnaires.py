"""Questionnaire administrations, their answers and stored scores ↔ core.questionnaires.

Scores are stored as computed when recorded, with the instrument id and version,
so a later change to a definition file never silently rewrites past results.
Callers audit; this module only stores.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from vigdesk.core.questionnaires import Administration, Answer, ScaleScore, Timepoint
from vigdesk.storage.db import Database

_COLS = (
    "id, case_id, instrument_id, instrument_version, respondent_id, timepoint, completed_on,"
    " recorded_at"
)


class AdministrationRepo:
    def __init__(self, db: Database) -> None:
        self._db = db

    def insert(self, a: Administration, recorded_at: str) -> None:
        self._db.execute(
            f"INSERT INTO questionnaire_administrations ({_COLS}) VALUES (?,?,?,?,?,?,?,?)",
            (
                a.id,
                a.case_id,
                a.instrument_id,
                a.instrument_version,
                a.respondent_id,
                a.timepoint.value,
                a.completed_on.isoformat(),
                recorded_at,
            ),
        )
        self._db.executemany(
            "INSERT INTO questionnaire_answers (administration_id, item_id, position, value)"
            " VALUES (?,?,?,?)",
            [(a.id, ans.item_id, n, ans.value) for n, ans in enumerate(a.answers)],
        )
        self._db.executemany(
            "INSERT INTO questionnaire_scores (administration_id, scale, position, value,"
            " answered, items, prorated, band) VALUES (?,?,?,?,?,?,?,?)",
            [
                (a.id, s.scale, n, s.value, s.answered, s.items, int(s.prorated), s.band)
                for n, s in enumerate(a.scores)
            ],
        )

    def exists(
        self, case_id: str, instrument_id: str, respondent_id: str, timepoint: Timepoint
    ) -> bool:
        row = self._db.one(
            "SELECT 1 FROM questionnaire_administrations WHERE case_id = ? AND instrument_id = ?"
            " AND respondent_id = ? AND timepoint = ?",
            (case_id, instrument_id, respondent_id, timepoint.value),
        )
        return row is not None

    def for_case(self, case_id: str) -> list[Administration]:
        """Oldest first, with answers and scores."""
        return self._load("case_id = ?", (case_id,))

    def every(self) -> list[Administration]:
        """All cases' administrations (for the service summary)."""
        return self._load("1 = 1", ())

    def _load(self, where: str, params: tuple[str, ...]) -> list[Administration]:
        rows = self._db.execute(
            f"SELECT {_COLS} FROM questionnaire_administrations WHERE {where}"
            " ORDER BY completed_on, recorded_at",
            params,
        )
        inner = f"SELECT id FROM questionnaire_administrations WHERE {where}"
        answers: dict[str, list[Answer]] = defaultdict(list)
        for aid, item_id, value in self._db.execute(
            "SELECT administration_id, item_id, value FROM questionnaire_answers"
            f" WHERE administration_id IN ({inner}) ORDER BY administration_id, position",
            params,
        ):
            answers[aid].append(Answer(item_id, int(value)))
        scores: dict[str, list[ScaleScore]] = defaultdict(list)
        for r in self._db.execute(
            "SELECT administration_id, scale, value, answered, items, prorated, band"
            f" FROM questionnaire_scores WHERE administration_id IN ({inner})"
            " ORDER BY administration_id, position",
            params,
        ):
            scores[r[0]].append(ScaleScore(r[1], r[2], int(r[3]), int(r[4]), bool(r[5]), r[6]))
        return [self._administration(r, answers[r[0]], scores[r[0]]) for r in rows]

    @staticmethod
    def _administration(
        r: tuple[Any, ...], answers: list[Answer], scores: list[ScaleScore]
    ) -> Administration:
        return Administration(
            id=r[0],
            case_id=r[1],
            instrument_id=r[2],
            instrument_version=r[3],
            respondent_id=r[4],
            timepoint=Timepoint(r[5]),
            completed_on=date.fromisoformat(r[6]),
            answers=tuple(answers),
            scores=tuple(scores),
        )
