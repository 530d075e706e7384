"""The sweep preview's summary step: review video without a written summary waits; it goes
once the summary is written or a reason is given, and Enter never deletes anything."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.ui.conftest import WAIT_MS
from tests.ui.records.conftest import ClosedCase, WindowFactory
from tests.ui.records.test_sweep import wait_for_preview
from vigdesk.core.sessions import SessionKind
from vigdesk.services.session import Services
from vigdesk.ui.records.sweep_dialog import SweepPreviewDialog


@pytest.fixture
def review(services: Services, closed_case: ClosedCase) -> str:
    """The clip was shown at a shared review whose summary was never written."""
    clip = closed_case.media_ids[1]
    return services.sessions.add_session(
        closed_case.family.case.id, SessionKind.SHARED_REVIEW, date(2026, 9, 2), media_ids=[clip]
    ).id


def media_left(services: Services, closed_case: ClosedCase) -> list[str]:
    return sorted(m.id for m in services.media.list_media(closed_case.family.case.id))


def opened(qtbot: QtBot, make_window: WindowFactory) -> SweepPreviewDialog:
    dialog = wait_for_preview(qtbot, make_window())
    qtbot.waitUntil(dialog.isActiveWindow, timeout=WAIT_MS)
    return dialog


def test_the_step_lists_review_video_and_enter_deletes_nothing(
    qtbot: QtBot,
    make_window: WindowFactory,
    services: Services,
    closed_case: ClosedCase,
    review: str,
) -> None:
    dialog = opened(qtbot, make_window)
    source, clip = closed_case.media_ids
    assert dialog.summary_step.isVisible()
    assert dialog.summary_step.heading.text() == "Needs a written summary (1)"
    assert [d.object_id for d in dialog.summary_step.items] == [clip]
    assert dialog.todo_heading.text() == "To delete (1)"
    dialog.summary_step.table.setFocus()
    qtbot.keyClick(dialog.summary_step.table, Qt.Key.Key_Return)
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert media_left(services, closed_case) == sorted([source, clip])


def test_delete_without_summary_needs_a_reason_and_enter_still_deletes_nothing(
    qtbot: QtBot,
    make_window: WindowFactory,
    services: Services,
    closed_case: ClosedCase,
    review: str,
) -> None:
    dialog = opened(qtbot, make_window)
    clip = closed_case.media_ids[1]
    ask = dialog.delete_without_summary(dialog.summary_step.items[0])
    qtbot.waitUntil(ask.isVisible, timeout=WAIT_MS)
    assert not ask.action_button.isEnabled() and ask.cancel_button.isDefault()
    qtbot.keyClicks(ask.text_edit, "The practitioner left before writing it")
    ask.cancel_button.setFocus()
    qtbot.keyClick(ask, Qt.Key.Key_Return)  # Enter is Cancel: nothing marked
    assert not ask.isVisible() and dialog.summary_step.items
    ask = dialog.delete_without_summary(dialog.summary_step.items[0])
    qtbot.keyClicks(ask.text_edit, "The practitioner left before writing it")
    qtbot.mouseClick(ask.action_button, Qt.MouseButton.LeftButton)
    assert not dialog.summary_step.isVisible()
    assert dialog.todo_heading.text() == "To delete (2)"
    assert dialog.todo_table.cell_texts()[-1][3].endswith(
        "without a summary: The practitioner left before writing it"
    )
    assert media_left(services, closed_case) == sorted(closed_case.media_ids)  # only marked
    with qtbot.waitSignal(dialog.swept, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    assert media_left(services, closed_case) == []
    [session] = services.sessions.list_sessions(closed_case.family.case.id)
    assert "Reason given: The practitioner left before writing it" in session.notes
    assert clip not in session.media_ids


def test_writing_the_summary_moves_the_item_to_delete(
    qtbot: QtBot,
    make_window: WindowFactory,
    services: Services,
    closed_case: ClosedCase,
    review: str,
) -> None:
    dialog = opened(qtbot, make_window)
    qtbot.mouseClick(dialog.summary_step.write_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.write_dialog is not None, timeout=WAIT_MS)
    write = dialog.write_dialog
    assert write is not None  # the review session itself, on its summary
    qtbot.waitUntil(write.isVisible, timeout=WAIT_MS)
    assert write.kind is SessionKind.SHARED_REVIEW and write.summary_field.isVisible()
    qtbot.keyClicks(write.summary_edit, "Mum saw how she waits for his lead.")
    with qtbot.waitSignal(write.saved, timeout=WAIT_MS):
        qtbot.mouseClick(write.save_button, Qt.MouseButton.LeftButton)
    assert dialog.todo_table.cell_texts()[-1][3].endswith("summary written")
    [session] = services.sessions.list_sessions(closed_case.family.case.id)
    assert session.summary == "Mum saw how she waits for his lead."
    with qtbot.waitSignal(dialog.swept, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    assert media_left(services, closed_case) == []
