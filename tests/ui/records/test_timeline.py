"""The retention dashboard shows a chosen case's timeline: anchors, and what goes when."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from tests.ui.conftest import WAIT_MS
from tests.ui.records.conftest import ClosedCase, WindowFactory, feature_of
from vigdesk.services.session import Services


def test_a_chosen_case_shows_its_timeline_beside_why_each_item_is_kept(
    qtbot: QtBot, make_window: WindowFactory, services: Services, closed_case: ClosedCase
) -> None:
    window = make_window()
    feature = feature_of(window)
    qtbot.waitUntil(lambda: feature.preview_dialog is not None, timeout=WAIT_MS)
    assert feature.preview_dialog is not None
    feature.preview_dialog.reject()
    dashboard = feature.open_dashboard()
    qtbot.waitUntil(lambda: dashboard.snapshot is not None, timeout=WAIT_MS)
    assert not dashboard.timeline_card.isVisible()  # all cases: no single timeline
    dashboard.focus_case(closed_case.family.case.id)
    assert dashboard.timeline_card.isVisible()
    rows = dashboard.timeline_table.cell_texts()
    events = [r[1] for r in rows]
    assert events[0] == "Referred"
    assert "Case closed: the video's clock starts" in events
    assert any(r[1] == "Today" for r in rows)
    due = [r for r in rows if r[1].startswith("Deleted")]
    assert due[0][0] == "2 Nov 2026"
    assert due[0][1].startswith("Deleted: 1 footage, 1 clip (overdue")
    assert due[0][2] == "case closed 02 Sep 2026 + 2 months"
    assert due[-1][:2] == ["2 Mar 2049", "Deleted: the whole case record"]
    assert due[-1][2] == "case closed and the youngest child turned 25"
    # Overdue items sit before "Today".
    today = [r[1] for r in rows].index("Today")
    assert rows.index(due[0]) < today < rows.index(due[-1])
    dashboard.case_bar.select("")
    assert not dashboard.timeline_card.isVisible()
