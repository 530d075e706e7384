"""Which tables sync, their keys, how a row finds its case, and the order to apply them.

The triggers of migration 0009 log changes of exactly these tables. Columns are read
from the database (``PRAGMA table_info``), so a column added by a later migration syncs
without changes here. Each table also names its *quiet* columns (see `TableSpec.quiet`).
"""

from __future__ import annotations

from dataclasses import dataclass

from vigdesk.storage.db import Database


@dataclass(frozen=True)
class TableSpec:
    name: str
    pk: tuple[str, ...]
    case_column: str | None  # the row's own column naming its case
    parent: tuple[str, str] | None = None  # (parent table, this table's column) otherwise
    quiet: frozenset[str] = frozenset()
    """Bookkeeping columns (when and by whom the row was last changed). They merge
    last-writer-wins like every field, so replicas still converge on one value, but a
    concurrent edit of them is never listed as a conflict: nobody can meaningfully choose
    between two "updated at" times, and the real fields edited with them are listed."""

    def case_sql(self) -> str:
        """SELECT returning the case id of the row whose key is bound as parameters."""
        where = " AND ".join(f"{c} = ?" for c in self.pk)
        if self.case_column is not None:
            return f"SELECT {self.case_column} FROM {self.name} WHERE {where}"
        assert self.parent is not None
        table, column = self.parent
        return (
            f"SELECT p.case_id FROM {self.name} t JOIN {table} p ON p.id = t.{column}"
            f" WHERE " + " AND ".join(f"t.{c} = ?" for c in self.pk)
        )


# In dependency order: a row's parents come before it.
TABLES: tuple[TableSpec, ...] = (
    TableSpec("cases", ("id",), "id"),
    TableSpec("people", ("id",), "case_id"),
    TableSpec("blobs", ("id",), "case_id"),
    TableSpec("media", ("id",), "case_id"),
    TableSpec("consents", ("id",), "case_id"),
    TableSpec("sessions", ("id",), "case_id", quiet=frozenset({"updated_at"})),
    TableSpec("session_media", ("session_id", "media_id"), None, ("sessions", "session_id")),
    TableSpec("review_recordings", ("media_id",), "case_id", quiet=frozenset({"marked_at"})),
    TableSpec("helping_questions", ("id",), "case_id"),
    TableSpec("helping_ratings", ("id",), None, ("helping_questions", "question_id")),
    TableSpec("questionnaire_administrations", ("id",), "case_id"),
    TableSpec(
        "questionnaire_answers",
        ("administration_id", "item_id"),
        None,
        ("questionnaire_administrations", "administration_id"),
    ),
    TableSpec(
        "questionnaire_scores",
        ("administration_id", "scale"),
        None,
        ("questionnaire_administrations", "administration_id"),
    ),
    TableSpec("legal_holds", ("case_id",), "case_id", quiet=frozenset({"set_by", "set_at"})),
    TableSpec(
        "case_open_reasons",
        ("case_id",),
        "case_id",
        quiet=frozenset({"set_by", "set_at", "ask_again_on"}),
    ),
    TableSpec(
        "case_members",
        ("case_id", "member_id"),
        "case_id",
        quiet=frozenset({"assigned_by", "assigned_at"}),
    ),
    TableSpec(
        "conflict_settlements",
        ("id",),
        "case_id",
        quiet=frozenset({"settled_by", "settled_at"}),
    ),
    TableSpec("markers", ("id",), "case_id"),
    TableSpec("subject_requests", ("id",), "case_id"),
    TableSpec("letters", ("id",), "case_id"),
)
SPECS = {t.name: t for t in TABLES}
RANK = {t.name: i for i, t in enumerate(TABLES)}


def columns(db: Database, table: str) -> tuple[str, ...]:
    """The table's column names in declaration order."""
    return tuple(str(r[1]) for r in db.execute(f"PRAGMA table_info({table})"))
