"""How the records screens word kinds, dates, holds and sweep results (translatable)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication, QDateTime, QLocale, QTimeZone

from vigdesk.core.cases import Person
from vigdesk.core.retention import SweepRun
from vigdesk.services.retention import SweepResult
from vigdesk.storage.vault import Profile


def tr(text: str, n: int = -1) -> str:
    """Translate in the "Records" context (for module-level helpers)."""
    return QCoreApplication.translate("Records", text, "", n)


def count(n: int, one: str, many: str) -> str:
    """A counted phrase ("%n" is the number): English picks the form here, and each form
    is a separate string for translators."""
    return tr(one if n == 1 else many, n)


def kind_label(kind: str) -> str:
    labels = {
        "footage": tr("Footage"),
        "clip": tr("Clip"),
        "still": tr("Still image"),
        "consent_evidence": tr("Consent evidence"),
        "case_record": tr("Whole case record"),
    }
    return labels.get(kind, kind)


def day(value: date) -> str:
    """e.g. "2 Nov 2026"."""
    return f"{value.day} {value:%b %Y}"


def stamp(text: str | None) -> str:
    """A stored UTC timestamp in local time, e.g. "24 Nov 2026, 09:12"; "—" when absent."""
    if not text:
        return "—"
    moment = QDateTime.fromString(text[:19], "yyyy-MM-ddTHH:mm:ss")
    if not moment.isValid():
        return text[:16]
    moment.setTimeZone(QTimeZone.utc())
    return QLocale().toString(moment.toLocalTime(), "d MMM yyyy, HH:mm")


def set_by(member_id: str, profile: Profile) -> str:
    """Holds record a member id; name it when it is the person signed in."""
    if member_id == profile.member_id:
        return tr("You ({name})").replace("{name}", profile.display_name)
    return tr("Another member ({id})").replace("{id}", member_id[:8])


def sweep_summary(result: SweepResult) -> str:
    parts = [count(len(result.deleted), "Deleted %n item.", "Deleted %n items.")]
    if result.held:
        parts.append(
            count(len(result.held), "%n item on legal hold kept.", "%n items on legal hold kept.")
        )
    if result.failed:
        parts.append(
            count(
                len(result.failed),
                "%n item could not be deleted and stays due.",
                "%n items could not be deleted and stay due.",
            )
        )
    return " ".join(parts)


def last_run(run: SweepRun | None) -> str:
    if run is None:
        return tr("No sweep has run on this laptop yet.")
    when = stamp(run.finished_at or run.started_at)
    text = tr("Last sweep {when}: deleted {deleted}, kept on hold {held}, failed {failed}.")
    return (
        text.replace("{when}", when)
        .replace("{deleted}", str(run.deleted))
        .replace("{held}", str(run.held))
        .replace("{failed}", str(run.failed))
    )


def person_line(person: Person) -> str:
    """Inside an opened case: the full name with the role in the family."""
    role = person.relationship or (tr("child") if person.kind.value == "child" else tr("adult"))
    if person.parental_responsibility:
        role = tr("{role}, parental responsibility").replace("{role}", role)
    return f"{person.full_name} ({role})"
