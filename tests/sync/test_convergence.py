"""Random edits on two and three real vaults, synced through one folder, converge.

Each example copies a built office (real vaults, real site folder), runs random
service-level edits and syncs on the laptops, then lets the BSO give every case to
everyone and syncs until nothing moves: every synced table must be identical everywhere.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import PASSPHRASE, add_family
from tests.sync.office import Office, copy_office, fresh_dir, snapshot
from vigdesk.core.cases import PersonKind
from vigdesk.core.errors import VigdeskError
from vigdesk.core.sessions import SessionKind
from vigdesk.services.session import Services
from vigdesk.services.subject_access import SubjectAccessService
from vigdesk.storage.erasures import ErasureRepo
from vigdesk.storage.sync_state import SyncState

WORDS = st.text("abcdefgh ", min_size=1, max_size=12)
OP = st.tuples(
    st.sampled_from(
        [
            "family",
            "person",
            "session",
            "notes",
            "summary",
            "activate",
            "withdraw",
            "hold",
            "release",
            "erase",
            "sync",
            "sync",
        ]
    ),
    st.integers(0, 2),  # which laptop
    st.integers(0, 5),  # which of its cases / records
    WORDS,
)
SETTINGS = settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _pick(items: list, k: int):  # type: ignore[no-untyped-def,type-arg]
    return items[k % len(items)] if items else None


def _apply(office: Office, laptops: tuple[str, ...], op: tuple[str, int, int, str]) -> None:
    kind, who, k, text = op
    name = laptops[who % len(laptops)]
    s: Services = office[name]
    if kind == "sync":
        office.sync(name)
        return
    if kind == "family":
        fam = add_family(s)
        for other in laptops:
            s.sync.assign(fam.case.id, office.member_id(other))
        return
    if kind == "leave":  # the BSO takes this laptop off one of the families
        case = _pick(office["bso"].cases.list_cases(), k)
        if case is not None:
            office["bso"].sync.unassign(case.id, office.member_id(name))
            office.sync("bso")
        return
    case = _pick(s.cases.list_cases(), k)
    if case is None:
        return
    sessions = s.sessions.list_sessions(case.id)
    try:
        if kind == "person":
            s.cases.add_person(case.id, PersonKind.ADULT, f"Alder {text}", relationship=text)
        elif kind == "session":
            s.sessions.add_session(case.id, SessionKind.FILMING, date(2026, 10, 2), notes=text)
        elif kind in ("notes", "summary") and sessions:
            session = _pick(sessions, k)
            s.sessions.update_session(session.id, **{kind: f"{name}: {text}"})
        elif kind == "activate":
            s.cases.activate(case.id)
        elif kind == "withdraw":
            granted = [c for c in s.consent.for_case(case.id) if c.withdrawn_on is None]
            if granted:
                s.consent.withdraw([_pick(granted, k).id], text)
        elif kind == "hold":
            s.retention.set_hold(case.id, text)
        elif kind == "release":
            s.retention.release_hold(case.id)
        elif kind == "erase":
            person = _pick(s.cases.people(case.id), k)
            if person is not None:
                SubjectAccessService(s.ctx).erase(person.id, "asked to")
    except VigdeskError:
        pass  # a rule refused it (hold, consent, status): nothing changed


def _converge(office: Office, laptops: tuple[str, ...]) -> None:
    everyone = (*laptops, "bso")
    office.settle(everyone)
    bso = office["bso"]
    for case in bso.cases.list_cases():
        for name in laptops:
            bso.sync.assign(case.id, office.member_id(name))
    office.settle(("bso", *laptops))
    first = snapshot(office[everyone[0]])
    for name in everyone[1:]:
        assert snapshot(office[name]) == first, name
    for name in everyone:
        s = office[name]
        assert s.vault.audit.verify().ok
        for (blob_id,) in s.vault.db.execute("SELECT id FROM blobs"):
            assert s.ctx.blobs.read_bytes(blob_id)  # present and authentic everywhere


def _run(template: Path, tmp: Path, laptops: tuple[str, ...], ops: list) -> None:  # type: ignore[type-arg]
    with copy_office(template, fresh_dir(tmp)) as office:
        for op in ops:
            _apply(office, laptops, op)
        _converge(office, laptops)


@SETTINGS
@given(st.lists(OP, min_size=4, max_size=14))
def test_two_laptops_converge(office_template: Path, tmp_path: Path, ops: list) -> None:  # type: ignore[type-arg]
    _run(office_template, tmp_path, ("a", "b"), ops)


@SETTINGS
@given(st.lists(OP, min_size=4, max_size=14))
def test_three_laptops_converge(office_template: Path, tmp_path: Path, ops: list) -> None:  # type: ignore[type-arg]
    _run(office_template, tmp_path, ("a", "b", "c"), ops)


def test_office_copies_are_unrelated(office_template: Path, tmp_path: Path) -> None:
    """The fixture itself: a copy syncs with its own folder, never the template's."""
    with copy_office(office_template, fresh_dir(tmp_path)) as office:
        add_family(office["a"])
        office.sync("a")
        assert office["a"].sync.status().location == str(office.share)
    assert PASSPHRASE


HOSTILE = st.tuples(
    st.sampled_from(["shred", "delete_person", "delete_blob", "unassign"]),
    st.integers(0, 5),
)


def _attack(office: Office, attack: tuple[str, int]) -> None:
    """Cat, enrolled but on no case, signs what a script could: destructive changes to
    families she was never given, with real ids (journal headers name case ids)."""
    from tests.sync.test_hostile_share import _stamp, forge

    kind, k = attack
    case = _pick(office["bso"].cases.list_cases(), k) or _pick(office["a"].cases.list_cases(), k)
    if case is None:
        return
    owner = office["bso"] if office["bso"].cases.list_cases() else office["a"]
    db = owner.vault.db
    stamp = _stamp(office, "c")
    if kind == "shred":
        entry: dict[str, object] = {"s": case.id, "h": stamp}
    else:
        table, sql = {
            "delete_person": ("people", "SELECT id FROM people WHERE case_id = ?"),
            "delete_blob": ("blobs", "SELECT id FROM blobs WHERE case_id = ?"),
            "unassign": (
                "case_members",
                "SELECT case_id, member_id FROM case_members WHERE case_id = ?",
            ),
        }[kind]
        row = _pick(db.execute(sql, (case.id,)), k)
        if row is None:
            return
        key = json.dumps(list(row), separators=(",", ":"))
        entry = {"t": table, "k": key, "c": case.id, "h": stamp, "a": [0, []]}
    forge(office, "c", [("site", "1", [entry])])


@SETTINGS
@given(
    st.lists(st.one_of(OP, HOSTILE), min_size=6, max_size=16),
)
def test_a_hostile_fourth_writer_is_refused_while_the_honest_converge(
    office_template: Path,
    tmp_path: Path,
    ops: list,  # type: ignore[type-arg]
) -> None:
    laptops = ("a", "b")
    with copy_office(office_template, fresh_dir(tmp_path)) as office:
        made: set[str] = set()
        for op in ops:
            if len(op) == 2:
                _attack(office, op)
            else:
                before = {c.id for c in office[laptops[op[1] % 2]].cases.list_cases()}
                _apply(office, laptops, op)
                made |= {c.id for c in office[laptops[op[1] % 2]].cases.list_cases()} - before
        _converge(office, laptops)
        for name in (*laptops, "bso"):
            assert {c.id for c in office[name].cases.list_cases()} == made, name


COMPACTING = st.tuples(
    st.sampled_from(["session", "notes", "person", "erase", "erase", "compact", "sync"]),
    st.integers(0, 2),
    st.integers(0, 5),
    WORDS,
)


@settings(SETTINGS, max_examples=4)
@given(st.lists(COMPACTING, min_size=4, max_size=10))
def test_three_laptops_converge_through_erasures_and_compactions(
    office_template: Path,
    tmp_path: Path,
    ops: list,  # type: ignore[type-arg]
) -> None:
    """Each laptop starts with a family everyone works on; random edits, erasures and
    compactions (forced due, as after a deletion) leave every vault the same, and every
    erasure is then confirmed gone from the site (issue 17)."""
    _compacting(office_template, tmp_path, ops)


def _compacting(template: Path, tmp: Path, ops: list) -> None:  # type: ignore[type-arg]
    laptops = ("a", "b", "c")
    with copy_office(template, fresh_dir(tmp)) as office:
        for name in laptops:
            _apply(office, laptops, ("family", laptops.index(name), 0, ""))
        office.settle((*laptops, "bso"))
        for op in ops:
            if op[0] == "compact":
                name = laptops[op[1]]
                s = office[name]
                SyncState(s.vault.db, s.vault.master_key).put("compact_due", 1)
                office.sync(name)
            else:
                _apply(office, laptops, op)
        _converge(office, laptops)
        office.settle((*laptops, "bso"))  # each erasure's author checks the share again
        for name in (*laptops, "bso"):
            pending = ErasureRepo(office[name].vault.db).pending()
            assert pending == [], (name, [e.waiting for e in pending])


@pytest.mark.xfail(
    strict=True,
    reason="known design limit (issue 17 closing note; docs/architecture.md, The "
    "authority table): a change is judged against the team as the reading laptop knows "
    "it then, so laptops that meet a member's removal and that member's deletions in "
    "different batches decide differently and the family's records differ.",
)
@pytest.mark.parametrize(
    "ops",
    [
        [
            ("sync", 2, 2, "h"),
            ("erase", 2, 5, "a ebaeah"),
            ("sync", 2, 2, "h"),
            ("leave", 2, 2, "f"),
            ("session", 2, 3, "fcecfghef"),
            ("notes", 1, 0, "ehgfgegf cfh"),
            ("erase", 2, 2, "ebcb"),
            ("erase", 1, 4, "ehgfgegf cfh"),
            ("compact", 1, 0, "eca ce"),
            ("erase", 0, 3, "fdb"),
        ],
    ],
    ids=["leave-amid-erasures"],
)
def test_laptops_taken_off_a_family_midway_converge(
    office_template: Path,
    tmp_path: Path,
    ops: list,  # type: ignore[type-arg]
) -> None:
    _compacting(office_template, tmp_path, ops)
