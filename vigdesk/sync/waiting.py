"""Rows another laptop sent that cannot be written here yet, and why, in words.

The applier keeps such a row *pending* and saves a reason code (`rowstore.reason_for`);
this turns each into a sentence saying what is wrong and what to do. Sentences name the
case code at most (what privacy mode shows), never a value from the row.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from vigdesk.storage.db import Database
from vigdesk.sync.schema import RANK


@dataclass(frozen=True)
class WaitingRow:
    """A row waiting to be applied; it is retried at every sync."""

    table: str
    row: str  # the row's key (JSON)
    case_id: str
    case_code: str  # "" when this laptop does not know it
    reason: str


RECORDS = {
    "cases": "case",
    "people": "person",
    "blobs": "file",
    "media": "video",
    "consents": "consent record",
    "sessions": "session",
    "session_media": "link between a session and a video",
    "helping_questions": "helping question",
    "helping_ratings": "helping question rating",
    "questionnaire_administrations": "questionnaire",
    "questionnaire_answers": "questionnaire answer",
    "questionnaire_scores": "questionnaire score",
    "legal_holds": "legal hold",
    "case_members": "case assignment",
    "conflict_settlements": "settled conflict",
}
_CLASHES = {
    "unique:questionnaire_administrations.case_id,questionnaire_administrations.instrument_id,"
    "questionnaire_administrations.respondent_id,questionnaire_administrations.timepoint": (
        "The same questionnaire was also recorded on this laptop for the same person and "
        "time point: delete one of the two, then sync again."
    ),
    "unique:index:helping_ratings_once": (
        "The same person's rating of this helping question for this session was also "
        "recorded on this laptop: delete one of the two, then sync again."
    ),
}


def waiting_rows(db: Database) -> list[WaitingRow]:
    """Every pending row with its reason, parents first."""
    codes = {str(r[0]): str(r[1]) for r in db.execute("SELECT id, code FROM cases")}
    pending = [
        (str(t), str(pk), str(c), str(why), str(f))
        for t, pk, c, why, f in db.execute(
            "SELECT tbl, pk, case_id, reason, fields FROM sync_rows WHERE pending = 1"
        )
    ]
    cases_waiting = {case_id for table, _pk, case_id, _why, _f in pending if table == "cases"}
    for table, _pk, case_id, _why, fields in pending:
        if table == "cases" and case_id not in codes:
            code = json.loads(fields).get("code", [None])[0]
            codes[case_id] = code if isinstance(code, str) else ""
    found = []
    for table, pk, case_id, why, _fields in pending:
        code = codes.get(case_id, "")
        if table != "cases" and case_id in cases_waiting:
            case = "waiting"
        else:
            case = "here" if case_id in codes else "missing"
        found.append(WaitingRow(table, pk, case_id, code, explain(table, why, code, case)))
    return sorted(found, key=lambda w: (RANK.get(w.table, len(RANK)), w.case_code, w.row))


def explain(table: str, reason: str, code: str, case: str) -> str:
    """The sentence for one waiting row. `case` is "here", "waiting" (its case row waits
    too) or "missing" (not on this laptop)."""
    record = RECORDS.get(table, "record")
    if reason == "unique:cases.code":
        return (
            f"Case code {code or '(unknown)'} is already used by another case on this laptop: "
            "rename one of them, then sync again."
        )
    if reason in _CLASHES:
        return _CLASHES[reason]
    if reason.startswith("unique:"):
        return (
            f"This {record} repeats a {record} already recorded on this laptop: "
            "delete one of the two, then sync again."
        )
    if reason == "parent":
        if case == "waiting":
            return f"Waiting for its case {code}, which cannot be applied yet (see above)."
        if case == "missing":
            return "Waiting for its case to arrive from the other laptop: a later sync brings it."
        return (
            f"Waiting for a record this {record} belongs to (a person, file or session) to "
            "arrive: a later sync brings it."
        )
    if reason == "incomplete":
        return f"Only part of this {record} has arrived so far: a later sync brings the rest."
    if reason.startswith("invalid:"):
        return (
            f"This {record} breaks a rule of the vigdesk version on this laptop: install the "
            "same version as the other laptops, then sync again."
        )
    return "Waiting to be applied: it is tried again at every sync."
