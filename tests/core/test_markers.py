"""Moment markers: the types file, frame snapping, chains, gaps and the footage summary."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vigdesk.core.errors import InvalidInput
from vigdesk.core.marker_chains import build_chains, summarise
from vigdesk.core.markers import (
    Marker,
    MarkerTypes,
    Step,
    clean_note,
    clean_who,
    clip_span,
    marker_types_from,
    shift,
    snap,
)
from vigdesk.paths import resources_dir

CI, AR, AP, CR = (s.value for s in Step)


def shipped() -> MarkerTypes:
    path = resources_dir() / "markers" / "types.json"
    return marker_types_from(json.loads(path.read_text(encoding="utf-8")))


TYPES = shipped()


def marks(*spec: tuple[float, str]) -> list[Marker]:
    return [
        Marker(f"{i:032x}", "c" * 32, "m" * 32, at, kind, "", "", "2026-12-01T10:00:00Z")
        for i, (at, kind) in enumerate(spec)
    ]


def test_the_shipped_types_have_keys_one_to_four_for_the_circle() -> None:
    assert [(t.key, t.step) for t in TYPES.types if t.step] == [
        ("1", Step.CHILD_INITIATIVE),
        ("2", Step.ADULT_RECEPTION),
        ("3", Step.ADULT_RESPONSE),
        ("4", Step.CHILD_RECEPTION),
    ]
    assert TYPES.for_key("3") is not None and TYPES.for_key("3").id == AP  # type: ignore[union-attr]
    assert TYPES.for_key("9") is None


@pytest.mark.parametrize(
    ("change", "refused"),
    [
        ({"chain_max_gap_s": "10"}, "chain_max_gap_s"),
        ({"chain_max_gap_s": True}, "chain_max_gap_s"),
        ({"types": []}, "types"),
        ({"types": [{"id": "a b", "name": "x", "key": "1"}]}, "letters"),
        ({"types": [{"id": "vig:x", "name": "x"}]}, "letters"),
        ({"types": [{"id": "a", "name": "x", "key": "12"}]}, "one character"),
        ({"types": [{"id": "a", "name": "x", "step": "hug"}]}, "step"),
        ({"types": [{"id": "a", "name": "x", "colour": "red"}]}, "object"),
        ({"types": [{"id": "a", "name": "x"}, {"id": "a", "name": "y"}]}, "share a id"),
        ({"types": [{"id": "a", "name": "", "key": "1"}]}, "name"),
    ],
)
def test_a_wrong_types_file_is_refused(change: dict[str, object], refused: str) -> None:
    data: dict[str, object] = {"chain_max_gap_s": 10, "types": [{"id": "a", "name": "A"}]}
    data.update(change)
    with pytest.raises(ValueError, match=refused):
        marker_types_from(data)


def test_type_check_accepts_configured_types_and_known_paig_labels() -> None:
    labels = frozenset({"vig:receiving/eyes"})
    assert TYPES.check(CI, labels) == CI
    assert TYPES.check("vig:receiving/eyes", labels) == "vig:receiving/eyes"
    with pytest.raises(InvalidInput, match="not a marker type"):
        TYPES.check("vig:made/up", labels)


@pytest.mark.parametrize(
    ("at", "fps", "duration", "expected"),
    [
        (12.40, Fraction(25), 60.0, 12.40),
        (12.41, Fraction(25), 60.0, 12.40),
        (12.43, Fraction(25), 60.0, 12.44),
        (0.0, Fraction(30000, 1001), 60.0, 0.0),
        (1.0, Fraction(30000, 1001), 60.0, 30 * 1001 / 30000),
        (6.2, Fraction(25), 6.0, 5.96),  # past the end: the last frame
    ],
)
def test_times_snap_to_frames(at: float, fps: Fraction, duration: float, expected: float) -> None:
    assert snap(at, fps, duration) == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize("at", [-0.1, float("nan"), float("inf"), 7.0])
def test_times_outside_the_video_are_refused(at: float) -> None:
    with pytest.raises(InvalidInput):
        snap(at, Fraction(25), 6.0)


def test_who_must_be_initials_of_someone_in_the_family() -> None:
    assert clean_who(" aq ", frozenset({"AQ", "MW"})) == "AQ"
    assert clean_who("", frozenset({"AQ"})) == ""
    with pytest.raises(InvalidInput, match="Nobody"):
        clean_who("ZZ", frozenset({"AQ"}))
    with pytest.raises(InvalidInput, match="initials"):
        clean_who("A1", frozenset({"AQ"}))
    with pytest.raises(InvalidInput, match="at most"):
        clean_note("x" * 281)
    assert clean_note("  two\nlines ") == "two lines"


CHAIN_TABLE = [
    # (markers, [(steps, gaps, completes)], summary: received, missed, median response)
    (
        [(12.40, CI), (12.90, AR), (13.60, AP)],
        [((CI, AR, AP), (0.5, 0.7), False)],
    ),
    (
        [(1.0, CI), (1.5, AR), (2.0, AP), (3.0, CR), (4.0, CI)],
        [((CI, AR, AP, CR), (0.5, 0.5, 1.0), True), ((CI,), (), False)],
    ),
    (  # an out-of-order step ends the chain and stands alone
        [(1.0, CI), (2.0, AP), (3.0, AR)],
        [((CI,), (), False)],
    ),
    (  # a second initiative before any reception: the first was missed
        [(1.0, CI), (2.0, CI), (2.5, AR)],
        [((CI,), (), False), ((CI, AR), (0.5,), False)],
    ),
    (  # a pause longer than chain_max_gap_s breaks the chain
        [(1.0, CI), (20.0, AR)],
        [((CI,), (), False)],
    ),
    (  # non-circle types are ignored; equal times go in step order
        [(5.0, AR), (5.0, CI), (5.0, "moment"), (5.0, "vig:receiving/eyes")],
        [((CI, AR), (0.0,), False)],
    ),
    ([(1.0, AR), (2.0, CR)], []),
    ([], []),
]


@pytest.mark.parametrize(("spec", "expected"), CHAIN_TABLE)
def test_chain_table(
    spec: list[tuple[float, str]], expected: list[tuple[tuple[str, ...], tuple[float, ...], bool]]
) -> None:
    chains = build_chains(marks(*spec), TYPES)
    assert [(c.steps, c.gaps, c.completes_circle) for c in chains] == expected


def test_summary_counts_circles_received_missed_and_median_latencies() -> None:
    markers = marks(
        (1.0, CI), (1.5, AR), (2.0, AP), (3.0, CR),
        (10.0, CI), (10.2, AR), (11.0, AP),
        (20.0, CI),
        (30.0, CI), (30.4, AR),
    )  # fmt: skip
    s = summarise(markers, TYPES)
    assert (s.markers, s.chains, s.completed_circles) == (10, 4, 1)
    assert (s.initiatives_received, s.initiatives_missed) == (3, 1)
    assert s.median_reception_s == 0.4  # of 0.5, 0.2, 0.4
    assert s.median_response_s == 1.0  # of 1.0, 1.0
    empty = summarise([], TYPES)
    assert (empty.chains, empty.median_response_s) == (0, None)


_KINDS = st.sampled_from([CI, AR, AP, CR, "moment"])
_SPECS = st.lists(
    st.tuples(st.integers(0, 400).map(lambda f: f / 25), _KINDS), max_size=30
)  # frame times of a 16 s film, with repeats


@given(spec=_SPECS, data=st.data())
def test_any_insertion_order_gives_the_same_chains(
    spec: list[tuple[float, str]], data: st.DataObject
) -> None:
    markers = marks(*spec)
    shuffled = data.draw(st.permutations(markers))
    assert build_chains(shuffled, TYPES) == build_chains(markers, TYPES)
    assert summarise(list(shuffled), TYPES) == summarise(markers, TYPES)
    chained = [m for c in build_chains(markers, TYPES) for m in c.markers]
    assert len(chained) == len({m.id for m in chained})  # a marker is in one chain at most


@pytest.mark.parametrize(
    ("at", "frames", "expected"), [(1.0, 3, 1.12), (1.0, -1000, 0.0), (1.0, 10_000, 5.96)]
)
def test_shift_moves_by_frames_and_stays_inside_the_video(
    at: float, frames: int, expected: float
) -> None:
    assert shift(at, frames, Fraction(25), 6.0) == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize(
    ("times", "before", "after", "span"),
    [
        ([12.40, 12.90, 13.60], 1.0, 1.0, (11.40, 14.64)),  # the last marker's frame is held
        ([0.40], 1.0, 0.0, (0.0, 0.44)),  # no earlier than the start
        ([5.9], 0.5, 2.0, (5.40, 6.0)),  # no later than the end of a 6 s video
        ([2.0], 0.0, 0.0, (2.0, 2.04)),  # one frame at least
    ],
)
def test_clip_span_pads_snaps_and_stays_inside(
    times: list[float], before: float, after: float, span: tuple[float, float]
) -> None:
    duration = 6.0 if max(times) < 6 else 60.0
    start, end = clip_span(times, before, after, Fraction(25), duration)
    assert (start, end) == pytest.approx(span, abs=1e-9)


def test_clip_span_refuses_nothing_and_negative_pads() -> None:
    with pytest.raises(InvalidInput):
        clip_span([], 1.0, 1.0, Fraction(25), 6.0)
    with pytest.raises(InvalidInput):
        clip_span([1.0], -1.0, 1.0, Fraction(25), 6.0)
