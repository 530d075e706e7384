"""Closing a case shows the review video whose written summary is missing (issue 18):
write it now (the review session opens), let it go without one for an audited reason, or
close anyway with the list noted. Enter never lets anything go."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.conftest import add_family
from tests.ui.cases.conftest import Idle
from tests.ui.conftest import WAIT_MS
from vigdesk.core.sessions import SessionKind
from vigdesk.ui.cases.dialogs.close_case import CloseCaseDialog
from vigdesk.ui.main_window import MainWindow


def test_closing_lists_missing_summaries_and_resolves_them(
    qtbot: QtBot, main_window: MainWindow, idle: Idle, footage: Path
) -> None:
    s = main_window.ctx.services
    fam = add_family(s)
    source = s.media.import_footage(fam.case.id, footage).item
    first = s.media.make_clip(source.id, 1.0, 2.0)
    second = s.media.make_clip(source.id, 2.0, 3.0)
    third = s.media.make_clip(source.id, 0.5, 1.5)
    review = SessionKind.SHARED_REVIEW
    reviews = [
        s.sessions.add_session(fam.case.id, review, date(2026, 9, d), media_ids=[m])
        for d, m in ((2, first.id), (9, second.id), (16, third.id))
    ]
    dialog = CloseCaseDialog(s, main_window.ctx.runner, fam.case, date(2026, 11, 24), main_window)
    dialog.open()
    qtbot.waitUntil(lambda: dialog.loaded, timeout=WAIT_MS)
    step = dialog.summaries
    assert step.isVisible() and step.heading.text() == "Needs a written summary (3)"
    assert [d.object_id for d in step.items] == [first.id, second.id, third.id]
    assert step.table.cell_texts()[0][:3] == ["2 Sep 2026", "Clip", "24 Jan 2027"]  # + 2 months
    assert dialog.save_button.text() == "&Close anyway"

    # Without a summary: the reason dialog's Enter cancels; the reason is audited.
    step.table.selectRow(1)
    going = step.chosen()
    assert going is not None
    step.without_button.setFocus()
    qtbot.keyClick(step.without_button, Qt.Key.Key_Space)  # keyboard only
    reason = dialog.reason_dialog
    assert reason is not None
    qtbot.waitUntil(reason.isVisible, timeout=WAIT_MS)
    reason.text_edit.setPlainText("The family moved before it was written")
    qtbot.keyClick(reason, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not reason.isVisible(), timeout=WAIT_MS)
    idle()
    assert len(step.items) == 3  # Enter cancelled
    qtbot.mouseClick(step.without_button, Qt.MouseButton.LeftButton)
    again = dialog.reason_dialog
    assert again is not None and again is not reason
    again.text_edit.setPlainText("The family moved before it was written")
    qtbot.mouseClick(again.action_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(step.items) == 2, timeout=WAIT_MS)
    assert going.object_id not in {d.object_id for d in step.items}
    waived = [e for e in s.ctx.audit.entries() if e.action == "retention.summary_waived"]
    assert [e.object_id for e in waived] == list(going.reviews_without_summary)
    assert {r.id for r in reviews} >= set(going.reviews_without_summary)

    # Write it now: the review session opens on its summary.
    step.table.selectRow(0)
    writing = step.chosen()
    assert writing is not None
    qtbot.mouseClick(step.write_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.session_dialog is not None, timeout=WAIT_MS)
    session = dialog.session_dialog
    assert session is not None
    qtbot.waitUntil(session.isVisible, timeout=WAIT_MS)
    assert session.summary_field.isVisible()
    session.summary_edit.setPlainText("Mum saw how often she follows his lead.")
    qtbot.mouseClick(session.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(step.items) == 1, timeout=WAIT_MS)
    [left] = step.items
    assert left.object_id not in (going.object_id, writing.object_id)

    # Close anyway: the case closes (nothing is deleted) and the list is noted.
    with qtbot.waitSignal(dialog.saved, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    [closed] = [e for e in s.ctx.audit.entries() if e.action == "case.closed"]
    assert closed.details["summaries_missing"] == 1
    assert len(s.media.list_media(fam.case.id)) == 4  # nothing deleted
