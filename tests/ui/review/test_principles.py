"""The principles file and the labels made from it (no Qt)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vigdesk.paths import resources_dir
from vigdesk.services.principles import (
    helping_label,
    helping_question_of,
    load_principles,
    parse_principle_label,
    principle_label,
)

NAMES = [
    "Being attentive",
    "Encouraging initiatives",
    "Receiving initiatives",
    "Developing attuned interactions",
    "Guiding",
    "Deepening the discussion",
]


def test_the_six_principles_with_their_behaviours() -> None:
    principles = load_principles()
    assert [p.name for p in principles.principles] == NAMES
    assert all(len(p.behaviours) >= 5 for p in principles.principles)
    assert principles.version


def test_labels_round_trip_and_describe() -> None:
    principles = load_principles()
    assert principle_label("guiding", "choices") == "vig:guiding/choices"
    assert parse_principle_label("vig:guiding/choices") == ("guiding", "choices")
    assert parse_principle_label("vig:guiding") == ("guiding", None)
    assert parse_principle_label("helping:abc") is None
    assert principles.describe("vig:guiding") == "Guiding"
    assert principles.describe("vig:guiding/choices") == (
        "Guiding: Offers choices the other can understand"
    )
    assert principles.describe("vig:nonsense") is None
    labels = ("vig:receiving/eyes", "vig:guiding", helping_label("q1"), "other")
    assert [p.id for p in principles.principles_in(labels)] == ["receiving", "guiding"]
    assert helping_question_of(labels) == "q1"
    assert helping_question_of(("vig:guiding",)) is None


def test_a_service_may_edit_the_file_but_not_break_it(tmp_path: Path) -> None:
    data = json.loads((resources_dir() / "principles" / "principles.json").read_text())
    data["principles"][0]["behaviours"].append({"id": "new", "text": "Our own wording"})
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(data))
    assert load_principles(edited).principles[0].behaviours[-1].text == "Our own wording"

    data["principles"][1]["id"] = data["principles"][0]["id"]
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(data))
    with pytest.raises(ValueError, match="unique principle ids"):
        load_principles(broken)
    bad_id = tmp_path / "bad.json"
    data["principles"][1]["id"] = "has/slash"
    bad_id.write_text(json.dumps(data))
    with pytest.raises(ValueError, match="bad id"):
        load_principles(bad_id)
