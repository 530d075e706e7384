"""The one way dates are written for people, on screen and on paper: UK style,
"4 Dec 2026". English month names whatever the laptop's locale, so a date reads the
same in every window, letter and PDF.
"""

from __future__ import annotations

from datetime import date

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
QT_FORMAT = "d MMM yyyy"  # the same, for Qt date fields (with an English locale)


def day_text(day: date | None) -> str:
    """ "4 Dec 2026"; a dash when there is no date. A datetime gives its own day."""
    if day is None:
        return "—"
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
