"""What the practitioner answered earlier in this run of the app: kept in memory only,
across lock and unlock, and forgotten when the app quits. So a question put off with
"Not now" is not asked again at every unlock."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class SessionMemory:
    """Owned by the session; GUI thread only. Holds ids, never personal data."""

    deletions_put_off: set[str] = field(default_factory=set)
    """Retention items (object ids) answered "Not now" to; the daily check forgets them."""
