"""A trainee's accreditation log: their stage and supervisor, cycles counted from the
sessions on this laptop, and the supervision they received (issue 24).

Nothing here names a family: cycles are kept under anonymous tokens (`storage.training`)
and supervision entries are refused if they mention anyone in the vault.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from datetime import date
from functools import cache
from html import escape
from pathlib import Path
from typing import Any

from vigdesk.core.accreditation import (
    Cycle,
    Stage,
    StageProgress,
    Supervision,
    SupervisionFormat,
    check_supervision,
    hours,
    progress,
    stages_from,
)
from vigdesk.core.clock import iso
from vigdesk.core.dates import day_text
from vigdesk.core.errors import InvalidInput
from vigdesk.core.ids import is_id, new_id
from vigdesk.core.packages import personal_leaks
from vigdesk.paths import resources_dir
from vigdesk.services.context import Context
from vigdesk.storage.cases import CaseRepo
from vigdesk.storage.training import SupervisionRepo, cycles, keep_cycles

_KEY = "training"


@dataclass(frozen=True)
class TrainingSettings:
    """What the trainee tells vigdesk about their pathway."""

    stage: int = 1
    stage_started_on: date | None = None  # None: count everything so far
    course_on: date | None = None  # the initial training course
    supervisor: str = ""


def load_stages(path: Path | None = None) -> tuple[Stage, ...]:
    """The stages file (`resources/training/stages.json`); ValueError naming a bad file."""
    return _load(path or resources_dir() / "training" / "stages.json")


@cache
def _load(path: Path) -> tuple[Stage, ...]:
    try:
        return stages_from(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError) as exc:
        raise ValueError(f"{path} is not a valid training stages file: {exc}") from exc


class TrainingService:
    """Thread-safe through the database lock. InvalidInput for bad entries."""

    def __init__(self, ctx: Context, stages: tuple[Stage, ...] | None = None) -> None:
        self._ctx = ctx
        self._stages = stages or load_stages()
        self._log = SupervisionRepo(ctx.db)

    @property
    def stages(self) -> tuple[Stage, ...]:
        return self._stages

    # -- settings --------------------------------------------------------------

    def settings(self) -> TrainingSettings:
        raw = self._ctx.db.scalar("SELECT value FROM settings WHERE key = ?", (_KEY,))
        if raw is None:
            return TrainingSettings()
        data = json.loads(str(raw))
        return TrainingSettings(
            stage=int(data["stage"]),
            stage_started_on=_day(data.get("stage_started_on")),
            course_on=_day(data.get("course_on")),
            supervisor=str(data.get("supervisor", "")),
        )

    def set_settings(self, new: TrainingSettings) -> TrainingSettings:
        if not 1 <= new.stage <= len(self._stages):
            raise InvalidInput(f"The stage is a number from 1 to {len(self._stages)}.")
        today = self._ctx.today()
        for when in (new.stage_started_on, new.course_on):
            if when is not None and when > today:
                raise InvalidInput("Training dates cannot be in the future.")
        supervisor = " ".join(new.supervisor.split())
        self._refuse_family_details(supervisor)
        clean = TrainingSettings(new.stage, new.stage_started_on, new.course_on, supervisor)
        value = json.dumps(asdict(clean), default=str)
        with self._ctx.db.transact() as db:
            db.execute(
                "INSERT INTO settings VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = ?",
                (_KEY, value, value),
            )
            self._ctx.audit.append(
                "training.settings_changed", "training", "", {"stage": clean.stage}
            )
        return clean

    # -- cycles and progress ---------------------------------------------------

    def cycles(self) -> list[Cycle]:
        """Every cycle, those of families whose records are gone included."""
        added = keep_cycles(self._ctx.db)
        if added:
            self._ctx.audit.append("training.cycles_kept", "training", "", {"new": added})
        return cycles(self._ctx.db)

    def progress(self) -> StageProgress:
        s = self.settings()
        stage = self._stages[min(s.stage, len(self._stages)) - 1]
        return progress(stage, s.stage_started_on or date.min, self.cycles(), self._log.all())

    # -- supervision -----------------------------------------------------------

    def log_supervision(
        self,
        held_on: date,
        minutes: int,
        supervisor: str,
        format: SupervisionFormat = SupervisionFormat.INDIVIDUAL,
        *,
        watched: tuple[str, ...] = (),
        learning: str = "",
        check_names: bool = True,
    ) -> Supervision:
        """Log supervision received. InvalidInput for bad figures, and (unless
        `check_names` is off, for a reply whose comments are already redacted) for text
        that names a family, a date of birth or a case code."""
        minutes, supervisor = check_supervision(held_on, minutes, supervisor, self._ctx.today())
        bad = [w for w in watched if not is_id(w)]
        if bad:
            raise InvalidInput(f"{bad[0]!r} is not a package id.")
        learning = learning.strip()
        if len(learning) > 4000:
            raise InvalidInput("Learning points are limited to 4,000 characters.")
        if check_names:
            self._refuse_family_details(supervisor + "\n" + learning)
        entry = Supervision(
            new_id(), held_on, minutes, supervisor, SupervisionFormat(format), watched, learning
        )
        with self._ctx.db.transact():
            self._log.insert(entry, iso(self._ctx.vault.clock()))
            self._ctx.audit.append(
                "training.supervision_logged",
                "supervision",
                entry.id,
                {"minutes": minutes, "format": entry.format.value, "packages": len(watched)},
            )
        return entry

    def supervision(self) -> list[Supervision]:
        return self._log.all()

    def delete_supervision(self, supervision_id: str) -> None:
        with self._ctx.db.transact():
            entry = self._log.delete(supervision_id)
            self._ctx.audit.append(
                "training.supervision_deleted", "supervision", entry.id, {"minutes": entry.minutes}
            )

    def report(self) -> dict[str, Any]:
        """What the stage-transition page shows: progress and supervision, no family."""
        p = self.progress()
        s = self.settings()
        return {
            "progress": p.text(),
            "complete": p.complete,
            "stage": p.stage.number,
            "since": None if s.stage_started_on is None else s.stage_started_on.isoformat(),
            "course_on": None if s.course_on is None else s.course_on.isoformat(),
            "supervisor": s.supervisor,
            "cycles": p.cycles,
            "new_clients": p.new_clients,
            "supervision_minutes": p.supervision_minutes,
            "supervision": [
                {
                    "held_on": e.held_on.isoformat(),
                    "minutes": e.minutes,
                    "supervisor": e.supervisor,
                    "format": e.format.value,
                    "watched": list(e.watched),
                    "learning": e.learning,
                }
                for e in self._log.all()
            ],
        }

    def _refuse_family_details(self, text: str) -> None:
        repo = CaseRepo(self._ctx.db)
        cases = repo.all()
        leaks = personal_leaks(text, [p for c in cases for p in repo.people(c.id)])
        leaks += [
            c.code for c in cases if re.search(rf"(?<!\w){re.escape(c.code)}(?!\w)", text, re.I)
        ]
        if leaks:
            raise InvalidInput(
                f"This mentions {leaks[0]!r}, which identifies a family: the training log "
                "holds no family names, dates of birth or case codes."
            )


def _day(value: object) -> date | None:
    return None if value in (None, "") else date.fromisoformat(str(value))


def training_html(p: StageProgress, s: TrainingSettings, log: list[Supervision]) -> str:
    """The one-page log for the stage-transition meeting: no family identifiers."""
    rows = "".join(
        f"<tr><td>{day_text(e.held_on)}</td><td>{hours(e.minutes)} h</td>"
        f"<td>{escape(e.format.value)}</td><td>{escape(e.supervisor)}</td>"
        f"<td>{escape(', '.join(e.watched))}</td><td>{escape(e.learning)}</td></tr>"
        for e in log
    )
    since = day_text(s.stage_started_on) if s.stage_started_on else "the start"
    return (
        "<html><body style='font-family: sans-serif'>"
        f"<h1>Accreditation log</h1><p><b>{escape(p.text())}</b></p>"
        f"<p>Stage {p.stage.number} counted since {since}; initial course "
        f"{day_text(s.course_on)}; supervisor {escape(s.supervisor) or '—'}.</p>"
        "<p>A cycle is a filming followed by a shared review with the same family. "
        "No family is named in this log.</p>"
        "<table border='1' cellspacing='0' cellpadding='4'><tr><th>Date</th><th>Length</th>"
        "<th>Format</th><th>Supervisor</th><th>Packages watched</th><th>Learning points</th>"
        f"</tr>{rows}</table></body></html>"
    )
