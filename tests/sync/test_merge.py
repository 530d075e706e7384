"""The merge rules alone: replicas of one row, random edits, deletes, re-inserts and
deliveries, always converge once everyone has seen everything.

`sessions` rows (random id) are created once and deleted for good; `legal_holds` rows
(keyed by case) may be deleted and set again by anyone. Every edit also stamps the
table's bookkeeping column (`updated_at`, `set_at`), which converges without conflicts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import add_family
from tests.sync.office import Office
from vigdesk.core.sessions import SessionKind
from vigdesk.sync import hlc
from vigdesk.sync.changes import RowChange
from vigdesk.sync.rowstate import Conflict, RowState, merge
from vigdesk.sync.schema import SPECS

COLUMNS = ("notes", "summary")
STAMPED = {"sessions": "updated_at", "legal_holds": "set_at"}  # quiet bookkeeping columns


@dataclass
class Replica:
    name: str
    state: RowState
    clock: int = 0
    made: list[RowChange] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)
    conflicts: list[Conflict] = field(default_factory=list)

    def stamp(self, now: int) -> str:
        self.clock = hlc.tick(self.clock, now)
        return hlc.stamp(self.clock, self.name)

    def local(self, change: RowChange) -> None:
        merge(self.state, change)
        self.made.append(change)
        self.seen.add(change.stamp)

    def base(self, column: str) -> str:
        return self.state.fields[column][1] if column in self.state.fields else ""

    def edit(self, now: int, column: str, value: str) -> None:
        """Edit one field and, like the services do, stamp the bookkeeping column."""
        if not self.state.alive:
            return
        if self.state.table == "legal_holds":
            column = {"notes": "reason", "summary": "set_by"}[column]
        stamped = STAMPED[self.state.table]
        s = self.stamp(now)
        fields = {column: (value, self.base(column)), stamped: (f"{now}", self.base(stamped))}
        self.local(RowChange(self.state.table, "k", "c", s, None, fields))

    def delete(self, now: int) -> None:
        if self.state.alive:
            s = self.stamp(now)
            heads = tuple(self.state.heads)
            self.local(RowChange(self.state.table, "k", "c", s, (0, heads), {}))

    def insert(self, now: int, value: str) -> None:
        if self.state.alive or (
            self.state.table == "sessions" and (self.state.heads or self.name != "A")
        ):
            return  # a random-id row is created once, by one device
        s = self.stamp(now)
        cols = COLUMNS if self.state.table == "sessions" else ("reason", "set_by")
        fields = {c: (f"{value}-{c}", "") for c in (*cols, STAMPED[self.state.table])}
        heads = tuple(self.state.heads)
        self.local(RowChange(self.state.table, "k", "c", s, (1, heads), fields))

    def receive(self, changes: list[RowChange]) -> None:
        fresh = sorted((c for c in changes if c.stamp not in self.seen), key=lambda c: c.stamp)
        for change in fresh:
            self.conflicts += merge(self.state, change).conflicts
            self.seen.add(change.stamp)
            self.clock = hlc.observe(self.clock, hlc.value_of(change.stamp))


OPS = st.lists(
    st.tuples(
        st.sampled_from(["edit", "delete", "insert", "receive"]),
        st.integers(0, 2),
        st.integers(0, 2),
        st.sampled_from(COLUMNS),
        st.text("xyz", min_size=1, max_size=3),
        st.integers(0, 3),
    ),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["sessions", "legal_holds"]), OPS)
def test_replicas_converge(table: str, ops: list[tuple[str, int, int, str, str, int]]) -> None:
    reps = [Replica(n, RowState(table, "k", "c")) for n in "ABC"]
    reps[0].insert(1, "first")
    now = 1
    for op, i, j, column, value, skew in ops:
        now += 1
        r = reps[i]
        when = now + skew * 5  # clocks disagree a little
        if op == "edit":
            r.edit(when, column, value)
        elif op == "delete":
            r.delete(when)
        elif op == "insert":
            r.insert(when, value)
        else:
            r.receive(reps[j].made)
    everything = [c for r in reps for c in r.made]
    for _ in range(2):
        for r in reps:
            r.receive(everything)
    first = reps[0].state
    for r in reps[1:]:
        assert (r.state.alive, r.state.heads, r.state.fields) == (
            first.alive,
            first.heads,
            first.fields,
        )
    quiet = SPECS[table].quiet
    assert not [c for r in reps for c in r.conflicts if c.column in quiet]


def test_concurrent_edits_report_a_conflict_and_keep_the_newest() -> None:
    a, b = (Replica(n, RowState("sessions", "k", "c")) for n in "AB")
    a.insert(1, "v")
    b.receive(a.made)
    a.edit(10, "notes", "from A")
    b.edit(20, "notes", "from B")
    outcomes = [merge(a.state, b.made[-1]), merge(b.state, a.made[-1])]
    assert a.state.fields["notes"][0] == b.state.fields["notes"][0] == "from B"
    assert [len(o.conflicts) for o in outcomes] == [1, 1]


def test_a_delete_concurrent_with_an_edit_wins() -> None:
    a, b = (Replica(n, RowState("sessions", "k", "c")) for n in "AB")
    a.insert(1, "v")
    b.receive(a.made)
    a.delete(10)
    b.edit(20, "notes", "later but concurrent")
    a.receive(b.made)
    b.receive(a.made)
    assert not a.state.alive and not b.state.alive
    assert a.state.fields == b.state.fields == {}


def test_an_edit_in_sequence_is_no_conflict() -> None:
    a, b = (Replica(n, RowState("sessions", "k", "c")) for n in "AB")
    a.insert(1, "v")
    b.receive(a.made)
    b.edit(5, "notes", "B's")
    a.receive(b.made)
    a.edit(6, "notes", "A's after B's")
    assert not merge(b.state, a.made[-1]).conflicts
    assert b.state.fields["notes"][0] == "A's after B's"


def test_bookkeeping_converges_without_a_conflict() -> None:
    """Notes and updated_at edited at once on two replicas: one conflict (the notes)."""
    a, b = (Replica(n, RowState("sessions", "k", "c")) for n in "AB")
    a.insert(1, "v")
    b.receive(a.made)
    a.edit(10, "notes", "from A")
    b.edit(20, "notes", "from B")
    assert a.state.fields["updated_at"][0] != b.state.fields["updated_at"][0]
    a.receive(b.made)
    b.receive(a.made)
    assert [c.column for c in a.conflicts] == [c.column for c in b.conflicts] == ["notes"]
    assert a.state.fields["updated_at"] == b.state.fields["updated_at"]
    assert a.state.fields["updated_at"][0] == "20"  # the newest stamp wins, as for any field


def test_two_laptops_editing_one_session_list_only_the_notes(office: Office) -> None:
    """Real services stamp `updated_at` on every edit; only the notes are worth settling."""
    a, b = office["a"], office["b"]
    fam = add_family(a)
    a.sync.assign(fam.case.id, office.member_id("b"))
    session = a.sessions.add_session(fam.case.id, SessionKind.FILMING, date(2026, 10, 2))
    office.settle(("a", "bso", "b"))
    a.sessions.update_session(session.id, notes="Ann: calm start")
    b.sessions.update_session(session.id, notes="Ben: lovely turn-taking")
    office.settle(("a", "bso", "b"))
    sql = "SELECT notes, updated_at FROM sessions WHERE id = ?"
    rows = [office[n].vault.db.one(sql, (session.id,)) for n in ("a", "b")]
    assert rows[0] == rows[1]  # one updated_at everywhere
    for name in ("a", "b"):
        assert [(c.table, c.column) for c in office[name].sync.conflicts()] == [
            ("sessions", "notes")
        ]
