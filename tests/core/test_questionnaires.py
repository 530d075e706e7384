"""The questionnaire engine: scoring against hand-worked examples, and strict loading."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from vigdesk.core.errors import InvalidInput
from vigdesk.core.instrument_files import load_instrument, load_instruments, parse_instrument
from vigdesk.core.questionnaires import (
    Instrument,
    ScaleScore,
    check_answers,
    score,
)
from vigdesk.paths import resources_dir

FOUR = [{"value": v} for v in range(4)]  # 0..3

# Two subscales of three items, one reverse item in each; sum; 1 missing allowed per
# subscale, 2 in the total; bands on the total and on "a".
BASE: dict[str, Any] = {
    "id": "worked-example",
    "name": "Worked example",
    "version": "1",
    "licence": "test only",
    "option_sets": {"four": FOUR},
    "items": [
        {"id": "a1", "text": "A one", "options": "four", "required": False},
        {"id": "a2", "text": "A two", "options": "four", "required": False},
        {"id": "a3", "text": "A three", "options": "four", "reverse": True, "required": False},
        {"id": "b1", "text": "B one", "options": FOUR, "required": False},
        {"id": "b2", "text": "B two", "options": "four", "reverse": True, "required": False},
        {"id": "b3", "text": "B three", "options": "four"},
    ],
    "subscales": [
        {"id": "a", "name": "A", "items": ["a1", "a2", "a3"]},
        {"id": "b", "items": ["b1", "b2", "b3"]},
    ],
    "scoring": {"method": "sum", "max_missing": 1, "total_max_missing": 2, "decimals": 1},
    "bands": {
        "total": [
            {"min": 0, "label": "low"},
            {"min": 9, "label": "mid"},
            {"min": 14, "label": "high"},
        ],
        "a": [{"min": 2, "label": "some"}, {"min": 7, "label": "lots"}],
    },
}


@pytest.fixture
def worked() -> Instrument:
    return parse_instrument(copy.deepcopy(BASE), "worked.json")


def by_scale(scores: tuple[ScaleScore, ...]) -> dict[str, ScaleScore]:
    return {s.scale: s for s in scores}


def test_full_answers_with_reverse_items(worked: Instrument) -> None:
    # a: 3 + 1 + (3-0) = 7 "lots"; b: 2 + (3-3) + 1 = 3; total 10 "mid"
    got = by_scale(score(worked, {"a1": 3, "a2": 1, "a3": 0, "b1": 2, "b2": 3, "b3": 1}))
    assert got["a"] == ScaleScore("a", 7.0, 3, 3, False, "lots")
    assert got["b"] == ScaleScore("b", 3.0, 3, 3, False, None)  # no bands for b
    assert got["total"] == ScaleScore("total", 10.0, 6, 6, False, "mid")
    assert [s.scale for s in score(worked, {"b3": 0})] == ["a", "b", "total"]


def test_one_missing_is_prorated_two_missing_is_not_scored(worked: Instrument) -> None:
    # a: a2 missing -> (2 + (3-1)) * 3/2 = 6.0, band "some"
    # b: b1, b2 missing -> 2 of 3 missing > 1 allowed -> no score
    # total: 3 missing > 2 allowed -> no score
    got = by_scale(score(worked, {"a1": 2, "a3": 1, "b3": 3}))
    assert got["a"] == ScaleScore("a", 6.0, 2, 3, True, "some")
    assert got["b"] == ScaleScore("b", None, 1, 3, False, None)
    assert got["total"] == ScaleScore("total", None, 3, 6, False, None)
    # total with 2 missing: a1=1, a3=3(->0), b1=3, b3=2 -> 6 * 6/4 = 9.0 "mid";
    # a: (1+0) * 3/2 = 1.5, below the first band (2) -> no band
    got = by_scale(score(worked, {"a1": 1, "a3": 3, "b1": 3, "b3": 2}))
    assert got["total"] == ScaleScore("total", 9.0, 4, 6, True, "mid")
    assert got["a"] == ScaleScore("a", 1.5, 2, 3, True, None)


def test_prorated_values_round_half_up() -> None:
    data = copy.deepcopy(BASE)
    data["scoring"] = {"method": "mean", "max_missing": 1, "decimals": 0, "total": False}
    del data["bands"]["total"]
    instrument = parse_instrument(data, "mean.json")
    # a: mean of 2 and (3-1)=2 -> 2; b: mean of 2, 3 -> 2.5 -> 3 (half-up, not banker's 2)
    got = by_scale(score(instrument, {"a1": 2, "a3": 1, "b1": 2, "b3": 3}))
    assert got["a"].value == 2.0 and got["b"].value == 3.0 and got["b"].prorated
    assert "total" not in got
    data["scoring"]["decimals"] = 2  # mean of a1=1, a2=0, a3=3(->0): 1/3 -> 0.33
    assert (
        score(parse_instrument(data, "m.json"), {"a1": 1, "a2": 0, "a3": 3, "b3": 0})[0].value
        == 0.33
    )


def test_total_over_chosen_subscales_only() -> None:
    data = copy.deepcopy(BASE)
    data["scoring"]["total"] = ["b"]
    instrument = parse_instrument(data, "t.json")
    assert instrument.scoring.total_items == ("b1", "b2", "b3")
    # b1=1, b2=0 (reverse -> 3), b3=2 -> 6 "low"; a's answers do not count
    got = by_scale(score(instrument, {"a1": 3, "b1": 1, "b2": 0, "b3": 2}))
    assert got["total"] == ScaleScore("total", 6.0, 3, 3, False, "low")


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"b3": 4}, "Item b3: 4 is not one of its answers (0, 1, 2, 3)"),
        ({"b3": -1}, "Item b3: -1"),
        ({"b3": True}, "Item b3: True"),
        ({"a1": 2}, "Item b3 needs an answer: it is required"),
        ({"b3": 1, "zz": 1}, "has no item 'zz'"),
    ],
)
def test_bad_answers_name_the_item(
    worked: Instrument, answers: dict[str, Any], message: str
) -> None:
    with pytest.raises(InvalidInput, match=message.replace("(", r"\(").replace(")", r"\)")):
        check_answers(worked, answers)
    with pytest.raises(InvalidInput):
        score(worked, answers)


def test_shipped_instruments_load_and_follow_the_readme_example() -> None:
    folder = resources_dir() / "instruments"
    found = {i.id: i for i in load_instruments(folder, relative_to=folder.parent.parent)}
    assert set(found) == {
        "helping-question-rating",
        "goal-based-outcomes",
        "parent-confidence-demo",
    }
    gbo = found["goal-based-outcomes"]
    assert len(gbo.items) == 3 and all(i.values == tuple(range(11)) for i in gbo.items)
    assert [i.required for i in gbo.items] == [True, False, False]
    assert gbo.source == "resources/instruments/goal-based-outcomes.json"
    demo = found["parent-confidence-demo"]
    assert demo.demo and not gbo.demo and "not validated" in demo.name.lower()
    assert len(demo.subscales) == 2 and any(i.reverse for i in demo.items)
    readme = {"calm1": 3, "calm2": 2, "calm3": 0, "calm4": 3, "link1": 2, "link2": 3, "link3": 1}
    got = by_scale(score(demo, readme))
    assert (got["calm"].value, got["calm"].band) == (11.0, "high (demo)")
    assert (got["connection"].value, got["connection"].prorated) == (9.3, True)
    assert (got["total"].value, got["total"].band) == (20.6, "high (demo)")
    # goals: mean of the goals set, one decimal
    assert score(gbo, {"goal1": 3, "goal3": 6})[0] == ScaleScore("total", 4.5, 2, 3, True, None)


def _broken(mutate: Any) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    mutate(data)
    return data


BROKEN = [
    (lambda d: d["items"][3].update(options=[]), "items[3].options: must not be empty"),
    (lambda d: d.pop("version"), "version: is missing"),
    (lambda d: d.update(version=1.0), 'version: must be text, e.g. "1.0"'),
    (lambda d: d.update(id="Has Spaces"), "id: 'Has Spaces' is not a valid id"),
    (lambda d: d["items"][1].update(reverse="yes"), "items[1].reverse: must be true or false"),
    (lambda d: d["items"][0].update(reversed=True), "items[0].reversed: is not a known field"),
    (lambda d: d["items"][2].update(id="a1"), "items[2].id: 'a1' is used twice"),
    (lambda d: d["items"][4].pop("text"), "items[4].text: is missing"),
    (lambda d: d["items"][5].update(options="five"), "items[5].options: no option set named"),
    (lambda d: d["option_sets"]["four"][1].update(value=0), "option_sets.four[1].value: 0 is used"),
    (lambda d: d["option_sets"]["four"][2].update(value="2"), "option_sets.four[2].value: must be"),
    (lambda d: d["subscales"][1]["items"].append("c9"), "subscales[1].items[3]: no item with id"),
    (lambda d: d["subscales"][0].update(id="total"), "subscales[0].id: 'total' is kept"),
    (lambda d: d["scoring"].update(method="median"), 'scoring.method: must be "sum" or "mean"'),
    (lambda d: d["scoring"].update(max_missing=-1), "scoring.max_missing: must be from 0"),
    (lambda d: d["scoring"].update(total=["c"]), "scoring.total[0]: no subscale with id 'c'"),
    (lambda d: d.pop("scoring"), "scoring: is missing"),
    (lambda d: d["bands"]["total"][2].update(min=9), "bands.total[2].min: bands must go up"),
    (lambda d: d["bands"].update(nope=[{"min": 0, "label": "x"}]), "bands.nope: no scale"),
    (lambda d: d.update(items={}), "items: must be a list"),
]


@pytest.mark.parametrize(("mutate", "message"), BROKEN)
def test_broken_files_name_file_and_field(tmp_path: Path, mutate: Any, message: str) -> None:
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(_broken(mutate)), encoding="utf-8")
    with pytest.raises(InvalidInput) as refused:
        load_instrument(path)
    assert str(refused.value).startswith(f"{path}: {message}"), str(refused.value)


def test_the_message_reads_as_the_readme_says(tmp_path: Path) -> None:
    path = tmp_path / "goal-based-outcomes.json"
    path.write_text(json.dumps(_broken(lambda d: d["items"][3].update(options=[]))))
    with pytest.raises(InvalidInput) as refused:
        load_instrument(path, "resources/instruments/goal-based-outcomes.json")
    assert str(refused.value) == (
        "resources/instruments/goal-based-outcomes.json: items[3].options: must not be empty"
    )


def test_invalid_json_and_toml_name_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"id": "x",\n "name": }')
    with pytest.raises(InvalidInput, match=r"bad.json: line 2 column 10: not valid JSON"):
        load_instrument(bad)
    bad_toml = tmp_path / "bad.toml"
    bad_toml.write_text("id = \n")
    with pytest.raises(InvalidInput, match=r"bad.toml: not valid TOML"):
        load_instrument(bad_toml)
    listed = tmp_path / "list.json"
    listed.write_text("[]")
    with pytest.raises(InvalidInput, match=r"list.json: \(top level\): must be an object"):
        load_instrument(listed)


def test_toml_definitions_and_repeated_ids(tmp_path: Path) -> None:
    (tmp_path / "one.toml").write_text(
        'id = "toml-one"\nname = "T"\nversion = "2"\nlicence = "mine"\n'
        '[scoring]\nmethod = "sum"\n'
        '[[items]]\nid = "q"\ntext = "Q?"\noptions = [{value = 0}, {value = 5, label = "five"}]\n'
    )
    only = load_instruments(tmp_path, relative_to=tmp_path)
    assert [(i.id, i.source, i.items[0].values) for i in only] == [("toml-one", "one.toml", (0, 5))]
    (tmp_path / "two.json").write_text(json.dumps({**BASE, "id": "toml-one"}))
    with pytest.raises(
        InvalidInput, match=r"^two.json: id: 'toml-one' is already used by one.toml"
    ):
        load_instruments(tmp_path, relative_to=tmp_path)
