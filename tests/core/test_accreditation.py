"""Cycle counting and stage progress, as tables of session histories."""

from __future__ import annotations

from datetime import date

import pytest

from vigdesk.core.accreditation import (
    Stage,
    Supervision,
    SupervisionFormat,
    TrainingSession,
    check_supervision,
    count_cycles,
    progress,
    stages_from,
)
from vigdesk.core.errors import InvalidInput

F, R, MEET, FR = "filming", "shared_review", "initial_meeting", "final_review"


def history(*rows: tuple[str, str, int]) -> list[TrainingSession]:
    """(client, kind, day of November 2026) rows."""
    return [TrainingSession(f"s{n}", c, k, date(2026, 11, d)) for n, (c, k, d) in enumerate(rows)]


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        pytest.param([("A", F, 1), ("A", R, 8)], [("A", 1, 8)], id="filming then review"),
        pytest.param([("A", R, 8)], [], id="review without filming"),
        pytest.param([("A", F, 1)], [], id="filming not yet reviewed"),
        pytest.param([("A", MEET, 1), ("A", R, 8)], [], id="initial meeting is not filming"),
        pytest.param(
            [("A", F, 1), ("A", F, 3), ("A", R, 8)], [("A", 1, 8)], id="two filmings, one review"
        ),
        pytest.param(
            [("A", F, 1), ("A", R, 8), ("A", R, 9)], [("A", 1, 8)], id="second review, no filming"
        ),
        pytest.param(
            [("A", F, 1), ("A", R, 8), ("A", F, 10), ("A", FR, 20)],
            [("A", 1, 8), ("A", 10, 20)],
            id="final review closes a cycle",
        ),
        pytest.param(
            [("A", F, 1), ("B", R, 8), ("B", F, 9), ("A", R, 12)],
            [("A", 1, 12)],
            id="two families: a review closes only its own family's filming",
        ),
        pytest.param([("A", R, 5), ("A", F, 5)], [("A", 5, 5)], id="same day: filming first"),
    ],
)
def test_cycles(rows: list[tuple[str, str, int]], expected: list[tuple[str, int, int]]) -> None:
    found = [(c.client, c.filmed_on.day, c.reviewed_on.day) for c in count_cycles(history(*rows))]
    assert found == expected


def test_progress_counts_since_the_stage_began_and_new_families_only() -> None:
    stage = Stage(2, cycles=9, new_clients=3, supervision_minutes=8 * 60)
    cycles = count_cycles(
        history(
            ("A", F, 1),
            ("A", R, 2),  # stage 1
            ("A", F, 11),
            ("A", R, 12),  # stage 2, family from stage 1
            ("B", F, 13),
            ("B", R, 14),  # stage 2, new family
        )
    )
    talks = [
        Supervision("x", date(2026, 11, 3), 120, "Dr S", SupervisionFormat.GROUP, (), ""),
        Supervision("y", date(2026, 11, 15), 90, "Dr S", SupervisionFormat.INDIVIDUAL, (), ""),
    ]
    p = progress(stage, date(2026, 11, 10), cycles, talks)
    assert (p.cycles, p.new_clients, p.supervision_minutes) == (2, 1, 90)
    assert p.text() == "Stage 2: 2/9 cycles · 1/3 clients · 1.5/8 h supervision"
    assert not p.complete


def test_stage_one_complete() -> None:
    stage = Stage(1, cycles=1, new_clients=1, supervision_minutes=60)
    cycles = count_cycles(history(("A", F, 1), ("A", R, 2)))
    talk = Supervision("x", date(2026, 11, 3), 60, "Dr S", SupervisionFormat.GROUP, (), "")
    p = progress(stage, date.min, cycles, [talk])
    assert p.complete and p.text() == "Stage 1: 1/1 cycles · 1/1 clients · 1/1 h supervision"


def test_the_shipped_stages_file_parses_and_bad_ones_are_refused() -> None:
    from vigdesk.services.training import load_stages

    stages = load_stages()
    assert [(s.number, s.cycles, s.new_clients, s.supervision_minutes) for s in stages] == [
        (1, 6, 2, 420),
        (2, 9, 3, 480),
        (3, 12, 3, 480),
    ]
    row = {"stage": 1, "cycles": 6, "new_clients": 2, "supervision_hours": 7}
    for bad in (
        {},
        {"stages": []},
        {"stages": [{**row, "stage": 2}]},
        {"stages": [{**row, "cycles": "6"}]},
        {"stages": [{**row, "cycles": -1}]},
        {"stages": [{**row, "extra": 1}]},
    ):
        with pytest.raises(ValueError):
            stages_from(bad)


def test_supervision_entries_are_checked() -> None:
    today = date(2026, 12, 4)
    assert check_supervision(today, 60, "  Dr   Sam  Okafor ", today) == (60, "Dr Sam Okafor")
    for held_on, minutes, who in ((date(2026, 12, 5), 60, "S"), (today, 0, "S"), (today, 60, " ")):
        with pytest.raises(InvalidInput):
            check_supervision(held_on, minutes, who, today)
