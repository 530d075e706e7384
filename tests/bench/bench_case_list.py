"""Loading and sorting 10,000 cases in the case-list model (target: under 100 ms each).

Run: ``python tests/bench/bench_case_list.py [cases]`` (default 10000). Prints best-of-3
timings in ms for loading, for sorting by each column both ways, for the status filter,
and for reading every visible cell's text as a view would; asserts nothing.
"""

from __future__ import annotations

import os
import random
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, Qt

from vigdesk.core.cases import Case, CaseStatus, new_case_code
from vigdesk.ui.models.case_list import CaseListModel, Column

TARGET_MS = 100.0
LETTERS = "ABCDEFGHIJKLMNOPRSTW"


def invented_cases(count: int, seed: int = 7) -> list[Case]:
    rng = random.Random(seed)
    start = date(2020, 1, 1)
    statuses = list(CaseStatus)
    cases = []
    for n in range(count):
        referral = start + timedelta(days=rng.randrange(2500))
        status = rng.choice(statuses)
        closed = referral + timedelta(days=90) if status is CaseStatus.CLOSED else None
        cases.append(
            Case(
                id=f"{n:032x}",
                code=new_case_code(referral.year),
                initials="".join(rng.choice(LETTERS) for _ in range(rng.choice((2, 2, 3)))),
                referral_date=referral,
                referral_source="health visitor",
                primary_difficulty="",
                status=status,
                closed_on=closed,
                closure_reason="complete" if closed else None,
                created_at="2026-01-01T00:00:00.000000Z",
            )
        )
    return cases


def best_ms(action: Callable[[], object], prepare: Callable[[], object] | None = None) -> float:
    """Best of three; `prepare` (untimed) runs first each time, so no run starts sorted."""
    times = []
    for _ in range(3):
        if prepare is not None:
            prepare()
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return min(times)


def read_visible(model: CaseListModel, rows: int = 40) -> None:
    """What a view does on paint: the text of the first screenful of cells."""
    for row in range(min(rows, model.rowCount())):
        for column in range(model.columnCount()):
            model.data(model.index(row, column))


def main(argv: list[str]) -> int:
    count = int(argv[1]) if len(argv) > 1 else 10_000
    app = QCoreApplication.instance() or QCoreApplication([])
    cases = invented_cases(count)
    model = CaseListModel()
    results: list[tuple[str, float]] = [("load", best_ms(lambda: model.set_cases(cases)))]
    ascending, descending = Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder
    for column in Column:
        other = Column((column + 1) % len(Column))
        for order, word in ((ascending, "asc"), (descending, "desc")):
            results.append(
                (
                    f"sort {column.name.lower()} {word}",
                    best_ms(
                        lambda c=column, o=order: model.sort(c, o),
                        prepare=lambda c=other: model.sort(c, ascending),
                    ),
                )
            )
    active, closed = CaseStatus.ACTIVE, CaseStatus.CLOSED
    results.append(
        (
            "filter by status",
            best_ms(
                lambda: model.set_status_filter(active),
                prepare=lambda: model.set_status_filter(closed),
            ),
        )
    )
    results.append(
        (
            "filter off",
            best_ms(
                lambda: model.set_status_filter(None),
                prepare=lambda: model.set_status_filter(closed),
            ),
        )
    )
    matches = [c.id for c in cases[::7]]
    results.append(("search matches", best_ms(lambda: model.set_matches(matches))))
    results.append(("paint 40 rows", best_ms(lambda: read_visible(model))))
    worst = max(ms for _, ms in results)
    print(f"case list model, {count:,} cases (best of 3, target < {TARGET_MS:.0f} ms)")
    for name, ms in results:
        print(f"  {name:<22} {ms:7.2f} ms")
    print(f"  worst: {worst:.2f} ms — {'OK' if worst < TARGET_MS else 'SLOW'}")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
