"""Moment markers: a typed, time-stamped note on one frame of a video.

A marker says "here the child took an initiative" or "here the adult received it", so a
guider can find and micro-analyse the attuned moments of a long film. The marker types
are data (`resources/markers/types.json`, decoded strictly by `marker_types_from`); a
type may also be any PAIG behaviour label (`vig:<principle>/<behaviour>`). Times are
seconds snapped to a frame of the video. Pure and Qt-free; any thread.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from vigdesk.core import messages
from vigdesk.core.errors import InvalidInput
from vigdesk.core.ids import CaseId, MediaId

MAX_NOTE_CHARS = 280
MAX_WHO_CHARS = 4
PRINCIPLE_PREFIX = "vig:"


class Step(StrEnum):
    """The steps of the VIG circle, in the order a chain goes round it."""

    CHILD_INITIATIVE = "child_initiative"
    ADULT_RECEPTION = "adult_reception"
    ADULT_RESPONSE = "adult_response"
    CHILD_RECEPTION = "child_reception"

    @property
    def order(self) -> int:
        return _STEP_ORDER.index(self)


_STEP_ORDER = tuple(Step)


@dataclass(frozen=True)
class MarkerType:
    id: str
    name: str
    key: str  # the key that sets it while watching ("" for none)
    step: Step | None  # its place in a chain; None for a type outside the circle


@dataclass(frozen=True)
class MarkerTypes:
    """The configured marker types, and how far apart two steps of a chain may be."""

    types: tuple[MarkerType, ...]
    chain_max_gap_s: float

    def get(self, type_id: str) -> MarkerType | None:
        return next((t for t in self.types if t.id == type_id), None)

    def for_key(self, key: str) -> MarkerType | None:
        return next((t for t in self.types if key and t.key == key), None)

    def step_of(self, type_id: str) -> Step | None:
        found = self.get(type_id)
        return found.step if found else None

    def check(self, type_id: str, principle_labels: frozenset[str]) -> str:
        """`type_id` if it is a configured type or a known PAIG label; else InvalidInput."""
        if self.get(type_id) is not None or type_id in principle_labels:
            return type_id
        known = ", ".join(t.id for t in self.types)
        raise InvalidInput(messages.not_a_marker_type(type_id, known))


@dataclass(frozen=True)
class Marker:
    id: str
    case_id: CaseId
    media_id: MediaId
    at_s: float  # seconds from the start of the video, on a frame
    type: str  # a MarkerType id or a `vig:` label
    who: str  # initials of the person it is about ("" if not said)
    note: str
    created_at: str


# -- the types file -------------------------------------------------------------------------


def _text(value: object, what: str, *, empty: bool = False) -> str:
    if not isinstance(value, str) or (not empty and not value.strip()):
        raise ValueError(f"{what} must be {'text' if empty else 'non-empty text'}")
    return value


def marker_types_from(data: object) -> MarkerTypes:
    """Decode the types file's JSON; ValueError on any wrong shape (never coerced).

    Ids are unique, keys are single characters used once, each step at most once.
    """
    if not isinstance(data, Mapping):
        raise ValueError("the marker types file must be a JSON object")
    gap = data.get("chain_max_gap_s")
    if isinstance(gap, bool) or not isinstance(gap, int | float) or not 0 < gap <= 600:
        raise ValueError("chain_max_gap_s must be a number of seconds in (0, 600]")
    raw = data.get("types")
    if not isinstance(raw, list) or not raw:
        raise ValueError("types must be a non-empty list")
    types: list[MarkerType] = []
    for entry in raw:
        if not isinstance(entry, Mapping) or not set(entry) <= {"id", "name", "key", "step"}:
            raise ValueError("each type is an object with id, name, key and step")
        type_id = _text(entry.get("id"), "a type's id")
        if type_id.startswith(PRINCIPLE_PREFIX) or not type_id.replace("_", "").isalnum():
            raise ValueError(f"type id {type_id!r} must be letters, digits and _")
        key = _text(entry.get("key", ""), "a type's key", empty=True)
        if len(key) > 1:
            raise ValueError(f"the key of {type_id} must be one character")
        step = entry.get("step")
        if step is not None and step not in set(Step):
            raise ValueError(f"the step of {type_id} must be one of {', '.join(Step)}")
        types.append(
            MarkerType(type_id, _text(entry.get("name"), f"the name of {type_id}"), key,
                       Step(step) if step is not None else None)
        )  # fmt: skip
    for what, values in (
        ("id", [t.id for t in types]),
        ("key", [t.key for t in types if t.key]),
        ("step", [t.step for t in types if t.step]),
    ):
        if len(values) != len(set(values)):
            raise ValueError(f"two marker types share a {what}")
    return MarkerTypes(tuple(types), float(gap))


# -- times, people, notes --------------------------------------------------------------------


def parse_fps(text: str) -> Fraction:
    """The media row's frame rate ("25/1", "30000/1001"); 25 if unknown or unusable."""
    try:
        fps = Fraction(text)
    except (ValueError, ZeroDivisionError):
        return Fraction(25)
    return fps if 1 <= fps <= 240 else Fraction(25)


def frame_of(at_s: float, fps: Fraction) -> int:
    """The frame index showing at `at_s` (the nearest frame start)."""
    return max(0, round(Fraction(at_s) * fps))


def time_of(frame: int, fps: Fraction) -> float:
    return float(Fraction(frame) / fps)


def snap(at_s: float, fps: Fraction, duration_s: float) -> float:
    """`at_s` on the nearest frame, inside the video; InvalidInput if not a time in it."""
    if not math.isfinite(at_s) or at_s < 0:
        raise InvalidInput(messages.marker_time_negative(at_s))
    if duration_s > 0 and at_s > duration_s + 0.5:
        raise InvalidInput(messages.marker_after_end(at_s, duration_s))
    last = max(0, math.ceil(Fraction(duration_s) * fps) - 1) if duration_s > 0 else None
    frame = frame_of(at_s, fps)
    return time_of(frame if last is None else min(frame, last), fps)


def shift(at_s: float, frames: int, fps: Fraction, duration_s: float) -> float:
    """`at_s` moved by `frames` frames, held between the first and the last frame."""
    moved = time_of(max(0, frame_of(at_s, fps) + frames), fps)
    return snap(min(moved, duration_s) if duration_s > 0 else moved, fps, duration_s)


def clip_span(
    times: list[float], pad_before: float, pad_after: float, fps: Fraction, duration_s: float
) -> tuple[float, float]:
    """The [start, end) span in seconds that holds every time in `times`, widened by the
    pads and snapped to frame starts inside the video; at least one frame long."""
    if not times:
        raise InvalidInput(messages.no_markers_to_clip())
    if pad_before < 0 or pad_after < 0:
        raise InvalidInput(messages.negative_pads())
    frames = max(1, math.floor(Fraction(duration_s) * fps)) if duration_s > 0 else None
    first = frame_of(max(0.0, min(times) - pad_before), fps)
    end = frame_of(max(times) + pad_after, fps) + 1  # the last marker's frame is held
    if frames is not None:
        first, end = min(first, frames - 1), min(end, frames)
    return time_of(first, fps), time_of(max(end, first + 1), fps)


def clean_who(who: str, initials: frozenset[str]) -> str:
    """Upper-case initials that belong to one of `initials` ("" allowed: not said)."""
    cleaned = who.strip().upper()
    if not cleaned:
        return ""
    if len(cleaned) > MAX_WHO_CHARS or not cleaned.isalpha():
        raise InvalidInput(messages.not_initials(who, MAX_WHO_CHARS))
    if cleaned not in initials:
        known = ", ".join(sorted(initials)) or "nobody yet"
        raise InvalidInput(messages.unknown_initials(cleaned, known))
    return cleaned


def clean_note(note: str) -> str:
    cleaned = " ".join(note.split())
    if len(cleaned) > MAX_NOTE_CHARS:
        raise InvalidInput(messages.marker_note_too_long(MAX_NOTE_CHARS))
    return cleaned


def by_time(markers: list[Marker]) -> list[Marker]:
    """Markers in the order a list shows them: time, then id (a stable tie-break)."""
    return sorted(markers, key=lambda m: (m.at_s, m.id))
