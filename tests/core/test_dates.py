"""One date format on screen and on paper: UK style, "4 Dec 2026" (issue 15)."""

from __future__ import annotations

from datetime import date, datetime

from vigdesk.core.dates import day_text


def test_uk_style_without_a_leading_zero() -> None:
    assert day_text(date(2026, 12, 4)) == "4 Dec 2026"
    assert day_text(date(2027, 1, 31)) == "31 Jan 2027"
    assert day_text(datetime(2026, 9, 1, 23, 59)) == "1 Sep 2026"


def test_no_date_is_a_dash() -> None:
    assert day_text(None) == "—"
