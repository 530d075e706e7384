"""The retention dashboard's pure work at county scale (issue 18): scheduling every item,
the per-case timelines built from that schedule, and the inactive cases.

Run: ``python tests/bench/bench_retention.py [cases] [items_per_case]`` (default 2000 x 30).
Prints best-of-3 seconds and each step's ratio to the schedule (measured in the same run);
asserts nothing.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from datetime import date, timedelta

from tests.core.test_retention_rules import policy
from vigdesk.core.retention import CaseFacts, MediaFacts
from vigdesk.core.retention_schedule import inactive, schedule
from vigdesk.core.retention_timeline import timeline


def synthetic(cases: int, per_case: int) -> list[CaseFacts]:
    out = []
    for c in range(cases):
        media = [
            MediaFacts(
                f"m{c}-{i}",
                ("footage", "clip", "still")[i % 3],
                date(2025, 1, 1) + timedelta(days=i + c % 300),
                None if i % 3 == 0 else f"m{c}-0",
                reviews_without_summary=("r",) if i % 7 == 0 else (),
            )
            for i in range(per_case)
        ]
        out.append(
            CaseFacts(
                f"c{c}",
                f"VIG-{c}",
                date(2026, 1, 1) if c % 2 else None,
                (date(2020, 1, 1),),
                None,
                False,
                tuple(media),
                opened_on=date(2024, 1, 1),
                last_session_on=date(2025, 3, 1),
            )
        )
    return out


def best(fn: Callable[[], object]) -> float:
    times = []
    for _ in range(3):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv: list[str]) -> int:
    cases, per_case = (int(argv[1]), int(argv[2])) if len(argv) > 2 else (2000, 30)
    p, facts = policy(), synthetic(cases, per_case)
    planned = {c.id: schedule(c, p) for c in facts}
    base = best(lambda: [schedule(c, p) for c in facts])
    steps = {
        "timelines from the schedule": best(lambda: [timeline(c, p, planned[c.id]) for c in facts]),
        "timelines scheduling again": best(lambda: [timeline(c, p) for c in facts]),
        "inactive cases": best(lambda: inactive(facts, p, date(2026, 12, 4))),
    }
    print(f"{cases} cases x {per_case} items: schedule {base:.3f} s (baseline)")
    for name, seconds in steps.items():
        print(f"  {name}: {seconds:.3f} s ({seconds / base:.2f} x the schedule)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
