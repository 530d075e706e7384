"""One case's retention timeline: the anchor events and what falls due when (DESIGN §7).

Built from the same facts and schedule as the sweep, so the dashboard's timeline can
never disagree with what is deleted. Plain values; the ui words them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from vigdesk.core.retention import CaseFacts, Due, Policy
from vigdesk.core.retention_schedule import schedule


class Event(StrEnum):
    REFERRED = "referred"
    LAST_SESSION = "last_session"
    CLOSED = "closed"
    INACTIVE = "inactive"  # an open case counts as ended for its video
    ASK_AGAIN = "ask_again"  # a recorded reason to stay open is asked again
    KEEP_WITHDRAWN = "keep_withdrawn"
    TRAINING_GIVEN = "training_given"
    TRAINING_ENDED = "training_ended"
    DUE = "due"


@dataclass(frozen=True)
class Milestone:
    """An anchor event, or the items one rule makes due on one day."""

    on: date
    event: Event
    rule: str = ""  # DUE: the rule that set the date (of the first item, if several)
    kinds: tuple[tuple[str, int], ...] = ()  # DUE: (kind, how many), in KINDS order
    held: bool = False  # DUE: on legal hold, so kept past the date
    waiting: int = 0  # DUE: how many wait for a review's written summary
    reason: str = ""  # DUE: the schedule's reason (anchor and period), as the sweep gives it

    @property
    def is_anchor(self) -> bool:
        return self.event is not Event.DUE


_ORDER = ("footage", "clip", "still", "case_record")


def timeline(
    case: CaseFacts, policy: Policy, items: Sequence[Due] | None = None
) -> list[Milestone]:
    """The case's anchors and due dates, oldest first (anchors before dues on a day).
    `items` is the case's `schedule` when the caller has it already."""
    anchors: list[tuple[date | None, Event]] = [
        (case.opened_on, Event.REFERRED),
        (case.last_session_on, Event.LAST_SESSION),
        (case.closed_on, Event.CLOSED),
        (case.inactive_from(policy), Event.INACTIVE),
        (case.open_reason_until if case.closed_on is None else None, Event.ASK_AGAIN),
        (case.keep_withdrawn_on, Event.KEEP_WITHDRAWN),
    ]
    if any(m.training for m in case.media):  # the training anchors count for these only
        anchors += [
            (case.training_given_on, Event.TRAINING_GIVEN),
            (case.training_ends_on, Event.TRAINING_ENDED),
        ]
    out = [Milestone(on, event) for on, event in anchors if on is not None]
    groups: dict[tuple[date, str], list[Due]] = {}  # one line per day and reason
    for item in schedule(case, policy) if items is None else items:
        groups.setdefault((item.due_on, item.reason), []).append(item)
    for (on, reason), items in groups.items():
        counts = Counter(d.kind for d in items)
        kinds = tuple((k, counts[k]) for k in sorted(counts, key=_ORDER.index))
        waiting = sum(1 for d in items if d.needs_summary)
        rule = items[0].rule
        out.append(Milestone(on, Event.DUE, rule, kinds, case.on_hold, waiting, reason))
    return sorted(out, key=lambda m: (m.on, not m.is_anchor, m.rule))
