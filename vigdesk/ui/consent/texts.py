"""What the consent screens call things, in plain English, wrapped for translation."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication

from vigdesk.core.consent import Method, Purpose
from vigdesk.core.consent_wording import PURPOSE_LINES, PURPOSE_TITLES, with_period


def _tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("Consent", text, None, n)


def purpose_title(purpose: Purpose) -> str:
    return _tr(PURPOSE_TITLES[purpose])


def purpose_short(purpose: Purpose) -> str:
    """A column heading."""
    return {
        Purpose.FILM: _tr("Film"),
        Purpose.KEEP: _tr("Keep"),
        Purpose.SUPERVISION: _tr("Supervision"),
        Purpose.TRAINING: _tr("Training"),
        Purpose.REVIEW_FILMING: _tr("Reviews"),
        Purpose.FAMILY_COPY: _tr("Copy"),
    }[purpose]


def purpose_line(purpose: Purpose, period: str) -> str:
    """The one-line explanation read out with the parent (vigdesk.core.consent_wording),
    promising `period` (from the policy in force) where it states one."""
    return with_period(_tr(PURPOSE_LINES[purpose]), period)


def consequence(purpose: Purpose) -> str:
    """What a withdrawal of `purpose` stops, straight away."""
    return {
        Purpose.FILM: _tr("No more filming: new video of this family cannot be imported."),
        Purpose.KEEP: _tr(
            "Playback of this family's video is now blocked and the video is due for deletion."
        ),
        Purpose.SUPERVISION: _tr("Clips of this family may no longer be shown in supervision."),
        Purpose.TRAINING: _tr("Clips of this family may no longer be used at training events."),
        Purpose.REVIEW_FILMING: _tr("Review meetings with this family may no longer be filmed."),
        Purpose.FAMILY_COPY: _tr("No copy of the clips may be given to this family any more."),
    }[purpose]


def method_label(method: Method) -> str:
    return {
        Method.SIGNED_ON_SCREEN: _tr("On screen"),
        Method.SCANNED_PAPER: _tr("Paper form"),
    }[method]


def age_label(born: date | None, on: date) -> str:
    """ "2 years 3 months", "7 months"; "" without a date of birth."""
    if born is None:
        return ""
    months = (on.year - born.year) * 12 + on.month - born.month - (on.day < born.day)
    years, months = divmod(max(0, months), 12)
    year_text = _tr("1 year") if years == 1 else _tr("%n years", years)
    month_text = _tr("1 month") if months == 1 else _tr("%n months", months)
    if years and months:
        return f"{year_text} {month_text}"
    return year_text if years else month_text


def count(n: int, one: str, many: str) -> str:
    """`one` for 1, else `many` with %n filled in (English plurals without a translator)."""
    return _tr(one) if n == 1 else _tr(many, n)


def years_old(born: date | None, on: date) -> int:
    if born is None:
        return 0
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def long_date(day: date | None) -> str:
    """ "14 March 2026" (or a dash)."""
    return f"{day.day} {day:%B %Y}" if day else "—"


def short_date(day: date | None) -> str:
    """ "14 Mar 2026" (or a dash), for tables."""
    return f"{day.day} {day:%b %Y}" if day else "—"


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clamped to the month's end (31 Aug + 6 → 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    for last in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")
