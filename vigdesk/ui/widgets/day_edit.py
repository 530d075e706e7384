"""Date fields that show dates as every other screen does: "4 Dec 2026" (core/dates.py),
with English month names whatever the laptop's locale. GUI thread only."""

from __future__ import annotations

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QDateEdit

from vigdesk.core.dates import QT_FORMAT

_UK = QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)


def uk_day_edit(edit: QDateEdit) -> QDateEdit:
    """Give `edit` the app's date format (and a calendar to pick from); returns it."""
    edit.setLocale(_UK)
    edit.setDisplayFormat(QT_FORMAT)
    edit.setCalendarPopup(True)
    return edit
