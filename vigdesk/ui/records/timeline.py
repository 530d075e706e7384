"""A chosen case's retention timeline on the dashboard: the anchor events (referral,
sessions, closure or inactivity, withdrawals) and what is deleted when, with "Today"
placed among them. Built from `core.retention_timeline`, the sweep's own schedule.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from vigdesk.core.ids import CaseId
from vigdesk.core.retention_timeline import Event, Milestone
from vigdesk.ui.look import set_role
from vigdesk.ui.records.labels import count, day, tr
from vigdesk.ui.records.tables import RecordsTable


def timeline_table(parent: QWidget | None = None) -> RecordsTable:
    return RecordsTable([tr("Date"), tr("What happens"), tr("Why then")], stretch=2, parent=parent)


def timeline_card(table: RecordsTable) -> QFrame:
    frame = set_role(QFrame(), "card")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(18, 12, 18, 14)
    layout.setSpacing(8)
    layout.addWidget(set_role(QLabel(tr("Timeline of this case")), "heading"))
    layout.addWidget(table)
    return frame


def _anchor(event: Event) -> str:
    return {
        Event.REFERRED: tr("Referred"),
        Event.LAST_SESSION: tr("Last session"),
        Event.CLOSED: tr("Case closed: the video's clock starts"),
        Event.INACTIVE: tr(
            "Inactive: no session for the policy's months, the video's clock starts"
        ),
        Event.ASK_AGAIN: tr("Asked again why the case stays open"),
        Event.KEEP_WITHDRAWN: tr("Consent to keep video withdrawn"),
        Event.TRAINING_GIVEN: tr("Training consent given"),
        Event.TRAINING_ENDED: tr("Training consent ended"),
    }.get(event, event.value)


def _kinds(kinds: Sequence[tuple[str, int]]) -> str:
    words = {
        "footage": ("%n footage", "%n footage"),
        "clip": ("%n clip", "%n clips"),
        "still": ("%n still image", "%n still images"),
    }
    parts = []
    for kind, n in kinds:
        if kind == "case_record":
            parts.append(tr("the whole case record"))
        else:
            one, many = words.get(kind, (kind, kind))
            parts.append(count(n, one, many).replace("%n", str(n)))
    return ", ".join(parts)


def _due(m: Milestone, today: date) -> str:
    text = tr("Deleted: %1").replace("%1", _kinds(m.kinds))
    if m.held:
        text += tr(" (on legal hold: kept until it is released)")
    elif m.waiting:
        text += count(
            m.waiting, " (%n waits for a written summary)", " (%n wait for a written summary)"
        ).replace("%n", str(m.waiting))
    elif m.on <= today:
        text += tr(" (overdue: at the next sweep)")
    return text


def timeline_rows(
    milestones: Sequence[Milestone], today: date, case_id: CaseId
) -> list[tuple[str, list[str]]]:
    """Oldest first, with a "Today" row after everything on or before today."""
    rows: list[tuple[str, list[str]]] = []
    placed = False
    for m in milestones:
        if not placed and m.on > today:
            rows.append((case_id, [day(today), tr("Today"), ""]))
            placed = True
        if m.is_anchor:
            rows.append((case_id, [day(m.on), _anchor(m.event), ""]))
        else:
            rows.append((case_id, [day(m.on), _due(m, today), m.reason]))
    if not placed:
        rows.append((case_id, [day(today), tr("Today"), ""]))
    return rows
