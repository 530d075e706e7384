"""The Principles of Attuned Interaction and Guidance, and how clips are labelled with them.

The wording lives in `resources/principles/principles.json`, which a service may edit.
A clip or still carries labels as plain strings in `MediaItem.labels`:
`vig:<principle>` for a principle, `vig:<principle>/<behaviour>` for one of its
behaviours, and `helping:<question id>` for the family's helping question it speaks to.
Labels this module does not know are kept as they are. Pure data; any thread.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from vigdesk.paths import resources_dir

PRINCIPLE_PREFIX = "vig:"
HELPING_PREFIX = "helping:"


@dataclass(frozen=True)
class Behaviour:
    id: str
    text: str


@dataclass(frozen=True)
class Principle:
    id: str
    name: str
    summary: str
    behaviours: tuple[Behaviour, ...]

    @property
    def label(self) -> str:
        return principle_label(self.id)


@dataclass(frozen=True)
class Principles:
    """The set of principles in the order practitioners learn them."""

    name: str
    version: str
    principles: tuple[Principle, ...]

    def get(self, principle_id: str) -> Principle | None:
        return next((p for p in self.principles if p.id == principle_id), None)

    def describe(self, label: str) -> str | None:
        """Human text for a `vig:` label ("Guiding: Offers choices…"); None if unknown."""
        parsed = parse_principle_label(label)
        if parsed is None:
            return None
        principle = self.get(parsed[0])
        if principle is None:
            return None
        if parsed[1] is None:
            return principle.name
        behaviour = next((b for b in principle.behaviours if b.id == parsed[1]), None)
        return f"{principle.name}: {behaviour.text}" if behaviour else None

    def principles_in(self, labels: Iterable[str]) -> list[Principle]:
        """The principles a set of labels touches (directly or through a behaviour), in order."""
        touched = {parsed[0] for label in labels if (parsed := parse_principle_label(label))}
        return [p for p in self.principles if p.id in touched]


def principle_label(principle_id: str, behaviour_id: str | None = None) -> str:
    suffix = f"/{behaviour_id}" if behaviour_id else ""
    return f"{PRINCIPLE_PREFIX}{principle_id}{suffix}"


def parse_principle_label(label: str) -> tuple[str, str | None] | None:
    """`vig:guiding/choices` → ("guiding", "choices"); None for other labels."""
    if not label.startswith(PRINCIPLE_PREFIX):
        return None
    principle, _, behaviour = label[len(PRINCIPLE_PREFIX) :].partition("/")
    return (principle, behaviour or None) if principle else None


def helping_label(question_id: str) -> str:
    return f"{HELPING_PREFIX}{question_id}"


def helping_question_of(labels: Iterable[str]) -> str | None:
    """The helping question id a clip is linked to, if any."""
    for label in labels:
        if label.startswith(HELPING_PREFIX) and len(label) > len(HELPING_PREFIX):
            return label[len(HELPING_PREFIX) :]
    return None


def load_principles(path: Path | None = None) -> Principles:
    """Read and check the principles file; ValueError naming the file when it is malformed."""
    return _load(path or resources_dir() / "principles" / "principles.json")


@cache
def _load(path: Path) -> Principles:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        principles = tuple(_principle(raw) for raw in data["principles"])
        result = Principles(str(data["name"]), str(data["version"]), principles)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"{path} is not a valid principles file: {exc}") from exc
    ids = [p.id for p in principles]
    if not principles or len(set(ids)) != len(ids):
        raise ValueError(f"{path} needs at least one principle and unique principle ids")
    return result


def _principle(raw: dict[str, Any]) -> Principle:
    behaviours = tuple(Behaviour(_id(b["id"]), _text(b["text"])) for b in raw["behaviours"])
    if len({b.id for b in behaviours}) != len(behaviours):
        raise ValueError(f"duplicate behaviour id in {raw['id']!r}")
    return Principle(_id(raw["id"]), _text(raw["name"]), str(raw.get("summary", "")), behaviours)


def _id(value: object) -> str:
    text = str(value)
    if not text or any(c in text for c in "/: ") or text != text.strip():
        raise ValueError(f"bad id {text!r}: use letters, digits and hyphens")
    return text


def _text(value: object) -> str:
    text = str(value).strip()
    if not text:
        raise ValueError("empty name or behaviour text")
    return text
