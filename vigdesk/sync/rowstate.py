"""Merging row changes, per field by hybrid logical clock (DESIGN §6). Pure functions.

Fields are last-writer-wins registers: the value with the newest stamp wins, so every
device converges on the same value whatever order changes arrive in. A change whose
base is not the value it meets is a true concurrent edit: the winner is kept and both
values are reported as a conflict, except for a table's quiet bookkeeping columns
(`TableSpec.quiet`, e.g. ``updated_at``), which converge the same way but silently.

Liveness depends on the table. Rows keyed by a random id are created once, so their
deletion is final: it wins over every edit, concurrent or not, and the row's values are
forgotten at once (erasure must erase). Rows keyed by their content (a link, a hold, an
assignment) can be deleted and added again: their liveness is a multi-value register of
heads, where an op replaces the heads it saw (remembered, so an op that arrives after its
replacement stays replaced) and the row lives while any head says so;
edits are not heads, so a deletion concurrent with an edit still wins.
Both rules are order-independent, so replicas that saw the same changes agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from vigdesk.sync.changes import Field, RowChange
from vigdesk.sync.codec import JsonValue
from vigdesk.sync.schema import SPECS


def final_deletes(table: str) -> bool:
    """True for tables keyed by a random id (a deleted row never comes back)."""
    return SPECS[table].pk == ("id",)


@dataclass
class RowState:
    table: str
    pk: str
    case_id: str
    heads: dict[str, int] = field(default_factory=dict)
    fields: dict[str, Field] = field(default_factory=dict)
    pending: bool = False
    superseded: set[str] = field(default_factory=set)  # heads replaced, even if unseen
    reason: str = ""  # why a pending row could not be written (rowstore.reason_for)

    @property
    def alive(self) -> bool:
        return any(self.heads.values())

    @property
    def gone(self) -> bool:
        """Deleted for good (tables with final deletes)."""
        return final_deletes(self.table) and 0 in self.heads.values()


@dataclass(frozen=True)
class Conflict:
    table: str
    pk: str
    case_id: str
    column: str
    kept: JsonValue
    kept_stamp: str
    other: JsonValue
    other_stamp: str


@dataclass
class MergeOutcome:
    changed: bool = False
    conflicts: list[Conflict] = field(default_factory=list)
    superseded: list[str] = field(default_factory=list)  # columns edited in sequence


def merge(state: RowState, change: RowChange) -> MergeOutcome:
    """Fold `change` into `state` (in place). Idempotent for a change already merged."""
    out = MergeOutcome()
    quiet = SPECS[state.table].quiet
    deleting = change.alive is not None and change.alive[0] == 0
    if state.gone:
        first = min(state.heads)
        if deleting and change.stamp < first:  # keep the earliest deletion, everywhere alike
            state.heads = {change.stamp: 0}
        return out
    if change.alive is not None:
        value, bases = change.alive
        if deleting and final_deletes(state.table):
            state.heads, state.fields = {change.stamp: 0}, {}
            out.changed = True
            return out
        # The heads are the ops no op replaced: a function of the set of ops seen, so the
        # order they arrive in does not matter (even a replaced op still replaces its bases).
        state.superseded.update(bases)
        heads = {h: v for h, v in state.heads.items() if h not in state.superseded}
        if change.stamp not in state.superseded:
            heads[change.stamp] = value
        out.changed = heads != state.heads
        state.heads = heads
    for column, (value, stamp, base) in change.field_states().items():
        current = state.fields.get(column)
        if current is None:
            state.fields[column] = (value, stamp, base)
            out.changed = True
            continue
        cur_value, cur_stamp, cur_base = current
        if stamp == cur_stamp:
            continue
        if stamp > cur_stamp:
            if base == cur_stamp:
                out.superseded.append(column)
            elif value != cur_value and column not in quiet:
                out.conflicts.append(
                    Conflict(
                        state.table,
                        state.pk,
                        state.case_id,
                        column,
                        value,
                        stamp,
                        cur_value,
                        cur_stamp,
                    )
                )
            state.fields[column] = (value, stamp, base)
            out.changed = True
        elif cur_base != stamp and value != cur_value and column not in quiet:
            out.conflicts.append(
                Conflict(
                    state.table, state.pk, state.case_id, column, cur_value, cur_stamp, value, stamp
                )
            )
    return out
