"""The register's one-month clock: month ends, leap years, weekends, the extension."""

from __future__ import annotations

from datetime import date

import pytest

from vigdesk.core.subject_requests import due_date


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (date(2026, 9, 3), date(2026, 10, 5)),  # 3 Oct 2026 is a Saturday → Monday
        (date(2026, 3, 10), date(2026, 4, 10)),  # a Friday: stays
        (date(2027, 1, 31), date(2027, 3, 1)),  # no 31 Feb: 28 Feb 2027 is a Sunday → Mon 1 Mar
        (date(2028, 1, 31), date(2028, 2, 29)),  # leap year: Tue 29 Feb 2028
        (date(2028, 1, 30), date(2028, 2, 29)),
        (date(2026, 12, 15), date(2027, 1, 15)),  # across the year end
        (date(2026, 8, 31), date(2026, 9, 30)),  # September has 30 days
        (date(2026, 5, 31), date(2026, 6, 30)),
    ],
)
def test_one_calendar_month_from_receipt(received: date, due: date) -> None:
    assert due_date(received) == due


def test_an_extension_adds_up_to_two_months() -> None:
    assert due_date(date(2026, 9, 3), 2) == date(2026, 12, 3)  # a Thursday
    assert due_date(date(2027, 11, 30), 1) == date(2028, 1, 31)  # Monday 31 Jan 2028
    assert due_date(date(2027, 12, 31), 2) == date(2028, 3, 31)  # Friday
    with pytest.raises(ValueError, match="0 to 2 months"):
        due_date(date(2026, 9, 3), 3)
