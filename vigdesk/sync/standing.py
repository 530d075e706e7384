"""The changes that still stand in this device's merge state, as journal entries.

What a device sends again after a gap or a compaction (its own), and what a BSO's
laptop carries for a laptop taken off a case or a member removed from the site
(`vigdesk.sync.handover`): the same stamps, so replicas that already have them see no
change, and nothing erased, since erased values are no longer in the merge state.
"""

from __future__ import annotations

from collections.abc import Callable

from vigdesk.sync import hlc, rowstore
from vigdesk.sync.changes import MAX_BASES, RowChange, Shred
from vigdesk.sync.codec import JsonValue, canonical
from vigdesk.sync.context import RunContext

Keep = Callable[[str, str], bool]
"""(stamping device id, case id) → whether its changes are wanted."""

Entry = tuple[str, str, str]
"""An outbox row: (scope, scope id, entry as canonical JSON)."""


def standing(run: RunContext, keep: Keep, *, pending: bool = False) -> list[Entry]:
    """Every standing change whose stamp `keep` wants, with the shreds it wants; rows
    still waiting to be written too if `pending`."""
    entries: list[Entry] = []
    states = [rowstore.load_all(run.db, pending=False)]
    if pending:
        states.append(rowstore.load_all(run.db, pending=True))
    for st in (s for group in states for s in group):
        heads = {s: v for s, v in st.heads.items() if keep(hlc.device_of(s), st.case_id)}
        fields: dict[str, dict[str, tuple[JsonValue, str]]] = {}
        for column, (value, stamp, base) in st.fields.items():
            if keep(hlc.device_of(stamp), st.case_id):
                fields.setdefault(stamp, {})[column] = (value, base)
        for stamp in sorted(set(heads) | set(fields)):
            bases = tuple(sorted(b for b in st.superseded if b < stamp)[-MAX_BASES:])
            alive = (heads[stamp], bases) if stamp in heads else None
            change = RowChange(st.table, st.pk, st.case_id, stamp, alive, fields.get(stamp, {}))
            deletion = alive is not None and alive[0] == 0 and not change.fields
            scope = ("site", "site") if deletion else ("case", st.case_id)
            entries.append((*scope, canonical(change.to_json()).decode()))
    for case_id, stamp in run.db.execute("SELECT case_id, hlc FROM sync_shredded"):
        if keep(hlc.device_of(str(stamp)), str(case_id)):
            shred = Shred(str(case_id), str(stamp))
            entries.append(("site", "site", canonical(shred.to_json()).decode()))
    return entries


def queue(run: RunContext, entries: list[Entry]) -> int:
    """Put entries in the outbox (caller's transaction or its own); returns how many."""
    with run.db.transact():
        run.db.executemany(
            "INSERT INTO sync_outbox (scope, scope_id, entry) VALUES (?, ?, ?)", entries
        )
    return len(entries)
