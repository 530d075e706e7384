"""What an operation changed, as types (Anki's `OpChanges`).

A finished operation announces a set of `Changed` members; each view says which ones
it watches. Misnaming one (`Changed.MEDAI`, or a string such as `"media"`) is a type
error under mypy strict, where a free string left a view stale without any error
(tests/ui/test_typed_changes.py).
"""

from __future__ import annotations

import enum


class Changed(enum.Enum):
    """One area of the vault a finished operation may have changed."""

    CASES = "cases"
    PEOPLE = "people"
    MEDIA = "media"
    MARKERS = "markers"
    CONSENT = "consent"
    SESSIONS = "sessions"
    HELPING = "helping"
    QUESTIONNAIRES = "questionnaires"
    OUTCOMES = "outcomes"
    RETENTION = "retention"
    HOLDS = "holds"
    EXPORTS = "exports"
    PRIVACY = "privacy"
    TRAINING = "training"
    LETTERS = "letters"
    SUBJECT_REQUESTS = "subject_requests"
    SYNC = "sync"


ChangeSet = frozenset[Changed]
# A sync may bring anything from the other laptops: every area refreshes.
EVERYTHING: ChangeSet = frozenset(Changed)
