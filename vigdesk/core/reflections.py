"""The parent's reflections typed in shared review, kept in the review session's notes.

They are the parent's own words about a moment of video, so they belong to the written
record (the session, on the case-record schedule), not to the clip: the clip may be
deleted long before the record. Earlier versions appended them to the clip's note as
dated paragraphs; `split_clip_note` finds those so they can be moved.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from vigdesk.core.dates import MONTHS
from vigdesk.core.ids import MediaId

HEADING = "The parent's reflections in shared review"
OLD_HEADING = "Shared review, the parent's reflections"
_OLD = re.compile(re.escape(OLD_HEADING) + r" \(([^()]{1,40})\): (.+)", re.DOTALL)
_MONTH = {m.lower(): i for i, m in enumerate(MONTHS, 1)}


@dataclass(frozen=True)
class Reflection:
    """What the parent said about one moment shown in a shared review."""

    media_id: MediaId
    text: str


@dataclass(frozen=True)
class OldReflection:
    """A paragraph an earlier version appended to a clip's note."""

    said_on: date | None  # None when the stamp cannot be read
    text: str


def reflections_block(lines: Sequence[tuple[str, str]]) -> str:
    """The paragraph a review session's notes gain: one line per (moment, words).

    `moment` names the clip or still (e.g. 'clip “Sharing a look”'), so the words keep
    their meaning once the video has gone. Empty when nothing was said.
    """
    said = [(moment, " ".join(text.split())) for moment, text in lines]
    kept = [(moment, text) for moment, text in said if text]
    if not kept:
        return ""
    return "\n".join([f"{HEADING}:", *(f"– {m}: {t}" for m, t in kept)])


def reflections_in(notes: str) -> list[str]:
    """The lines ("clip “…”: words") of every reflections paragraph in a session's notes."""
    found: list[str] = []
    for paragraph in notes.split("\n\n"):
        lines = paragraph.strip().split("\n")
        if lines[0] == f"{HEADING}:":
            found += [line.removeprefix("– ").strip() for line in lines[1:] if line.strip()]
    return found


def with_paragraph(notes: str, paragraph: str) -> str:
    """`notes` with `paragraph` after a blank line (unchanged when it is empty)."""
    if not paragraph:
        return notes
    return f"{notes.rstrip()}\n\n{paragraph}" if notes.strip() else paragraph


def split_clip_note(note: str) -> tuple[str, list[OldReflection]]:
    """(the note without the reflection paragraphs, the paragraphs found), in order."""
    kept: list[str] = []
    found: list[OldReflection] = []
    for paragraph in note.split("\n\n"):
        match = _OLD.fullmatch(paragraph.strip())
        if match and match.group(2).strip():
            found.append(OldReflection(_day(match.group(1)), match.group(2).strip()))
        else:
            kept.append(paragraph)
    return ("\n\n".join(kept).strip() if found else note), found


def _day(stamp: str) -> date | None:
    """ "4 Dec 2026" (what earlier versions wrote), or an ISO date."""
    parts = stamp.split()
    try:
        if len(parts) == 3 and parts[1][:3].lower() in _MONTH:
            return date(int(parts[2]), _MONTH[parts[1][:3].lower()], int(parts[0]))
        return datetime.strptime(stamp.strip(), "%Y-%m-%d").date()
    except ValueError:
        return None
