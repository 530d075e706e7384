"""What the case screens call things: translated labels for the core enums, people and dates."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication

from vigdesk.core.cases import CaseStatus, Person, PersonKind
from vigdesk.core.dates import day_text
from vigdesk.core.questionnaires import TOTAL, Instrument, Timepoint
from vigdesk.core.sessions import SessionKind


def _tr(text: str) -> str:
    return QCoreApplication.translate("Cases", text)


def status_label(status: CaseStatus) -> str:
    return {
        CaseStatus.REFERRED: _tr("Referred"),
        CaseStatus.ACTIVE: _tr("Active"),
        CaseStatus.CLOSED: _tr("Closed"),
    }[status]


def short_date(value: date) -> str:
    """`12 Nov 2026`: the date format every screen uses (see core/dates.py)."""
    return day_text(value)


def kind_label(kind: SessionKind) -> str:
    return {
        SessionKind.INITIAL_MEETING: _tr("Initial meeting"),
        SessionKind.FILMING: _tr("Filming"),
        SessionKind.SHARED_REVIEW: _tr("Shared review"),
        SessionKind.FINAL_REVIEW: _tr("Final review"),
    }[kind]


def timepoint_label(timepoint: Timepoint) -> str:
    return {
        Timepoint.BASELINE: _tr("Baseline"),
        Timepoint.MID: _tr("Mid"),
        Timepoint.END: _tr("End"),
    }[timepoint]


def scale_label(instrument: Instrument | None, scale: str) -> str:
    """A subscale's name from the definition; "Total" for the total."""
    if scale == TOTAL:
        return _tr("Total")
    if instrument is not None:
        for sub in instrument.subscales:
            if sub.id == scale:
                return sub.name
    return scale.replace("_", " ").capitalize()


def person_name(person: Person) -> str:
    """The full name when the snapshot holds it (names shown), else the initials."""
    return person.full_name or person.initials


def person_line(person: Person) -> str:
    """e.g. "mother · parental responsibility" or "child · 2 years 3 months"."""
    parts = [person.relationship] if person.relationship else []
    if person.kind is PersonKind.ADULT:
        if person.parental_responsibility:
            parts.append(_tr("parental responsibility"))
        if not parts:
            parts.append(_tr("adult"))
    else:
        if not parts:
            parts.append(_tr("child"))
        if person.date_of_birth is not None:
            parts.append(age_text(person.date_of_birth, date.today()))
    return " · ".join(parts)


def counted(n: int, one: str, many: str) -> str:
    """`one` or `many` (translated by the caller) with `%n` replaced by `n`."""
    return (one if n == 1 else many).replace("%n", str(n))


def age_text(born: date, today: date) -> str:
    """e.g. "1 year 11 months", "8 months", "6 years"."""
    months = (today.year - born.year) * 12 + today.month - born.month
    if today.day < born.day:
        months -= 1
    years, rest = divmod(max(0, months), 12)
    month_text = counted(rest, _tr("%n month"), _tr("%n months"))
    year_text = counted(years, _tr("%n year"), _tr("%n years"))
    if years == 0:
        return month_text
    if years < 5 and rest:
        return f"{year_text} {month_text}"
    return year_text
