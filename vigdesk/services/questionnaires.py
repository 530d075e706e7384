"""Recording questionnaires at baseline, mid and end, scored with the instrument's rules.

Instrument definitions are read from `resources/instruments/` (or a folder the
caller names) on first use and validated; a bad file raises InvalidInput naming
the file and the field. A recording is validated completely before anything is
written, then the answers, scores and audit entry commit in one transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path

from vigdesk.core.clock import iso
from vigdesk.core.errors import InvalidInput, NotFound
from vigdesk.core.ids import CaseId, PersonId, new_id
from vigdesk.core.instrument_files import load_instruments
from vigdesk.core.questionnaires import (
    Administration,
    Instrument,
    Timepoint,
    check_answers,
    score,
)
from vigdesk.core.sessions import check_case_date
from vigdesk.paths import resources_dir
from vigdesk.services.context import Context
from vigdesk.storage.cases import CaseRepo
from vigdesk.storage.questionnaires import AdministrationRepo


def installed_instruments(folder: Path | None = None) -> list[Instrument]:
    """Validated definitions from `folder` (default: resources/instruments); needs no vault.

    Errors name the file relative to the resources' parent, e.g.
    ``resources/instruments/goal-based-outcomes.json: items[3].options: must not be empty``.
    """
    folder = folder or resources_dir() / "instruments"
    return load_instruments(folder, relative_to=folder.parent.parent)


class QuestionnaireService:
    """Thread-safe (storage is serialised). Returns core dataclasses; raises VigdeskError."""

    def __init__(self, ctx: Context, instruments_dir: Path | None = None) -> None:
        self._ctx = ctx
        self._dir = instruments_dir
        self._instruments: dict[str, Instrument] | None = None
        self._repo = AdministrationRepo(ctx.db)
        self._cases = CaseRepo(ctx.db)

    def instruments(self) -> list[Instrument]:
        """Every instrument definition, validated (read once, then cached)."""
        if self._instruments is None:
            self._instruments = {i.id: i for i in installed_instruments(self._dir)}
        return list(self._instruments.values())

    def instrument(self, instrument_id: str) -> Instrument:
        for found in self.instruments():
            if found.id == instrument_id:
                return found
        known = ", ".join(i.id for i in self.instruments()) or "none installed"
        raise NotFound(f"No questionnaire with id {instrument_id!r} (known: {known}).")

    def record(
        self,
        case_id: CaseId,
        instrument_id: str,
        respondent_id: PersonId,
        timepoint: Timepoint,
        answers: Mapping[str, int],
        *,
        completed_on: date | None = None,
    ) -> Administration:
        """Validate, score and store one completed questionnaire.

        InvalidInput (and nothing saved) for: an answer outside an item's options,
        a missing required answer, an unknown item, a respondent from another case,
        a date outside the case, or a second recording of the same instrument by
        the same respondent at the same time point.
        """
        case = self._cases.get(case_id)
        instrument = self.instrument(instrument_id)
        respondent = self._cases.person(respondent_id)
        if respondent.case_id != case.id:
            raise InvalidInput(f"The respondent is not in case {case.code}.")
        today = self._ctx.today()
        completed_on = completed_on or today
        check_case_date("questionnaire date", completed_on, case.referral_date, None, today)
        checked = check_answers(instrument, answers)
        administration = Administration(
            id=new_id(),
            case_id=case.id,
            instrument_id=instrument.id,
            instrument_version=instrument.version,
            respondent_id=respondent.id,
            timepoint=timepoint,
            completed_on=completed_on,
            answers=checked,
            scores=score(instrument, answers),
        )
        with self._ctx.db.transact():
            if self._repo.exists(case.id, instrument.id, respondent.id, timepoint):
                raise InvalidInput(
                    f"{instrument.name} is already recorded for {respondent.initials} "
                    f"at {timepoint.value} in case {case.code}."
                )
            self._repo.insert(administration, iso(self._ctx.vault.clock()))
            self._ctx.audit.append(
                "questionnaire.recorded",
                "questionnaire",
                administration.id,
                {
                    "case": case.id,
                    "instrument": instrument.id,
                    "version": instrument.version,
                    "timepoint": timepoint.value,
                    "answers": len(checked),
                },
            )
        return administration

    def administrations(self, case_id: CaseId) -> list[Administration]:
        """A case's questionnaires with answers and stored scores, oldest first: audited."""
        self._cases.get(case_id)
        found = self._repo.for_case(case_id)
        self._ctx.audit.append("questionnaire.listed", "case", case_id, {"count": len(found)})
        return found
