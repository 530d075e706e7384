"""The conflicts dialog's "Waiting to apply" tab, on real vaults and a real site folder."""

from __future__ import annotations

from datetime import date

from pytestqt.qtbot import QtBot

from tests.sync.office import Office
from tests.ui.conftest import WAIT_MS
from tests.ui.sync.conftest import WindowOn, wait_idle
from vigdesk.ui.sync.conflicts import ConflictsDialog

CODE = "VIG-0012"


def test_a_row_waiting_to_apply_is_shown_with_its_reason_until_it_applies(
    qtbot: QtBot, office: Office, window_on: WindowOn
) -> None:
    a, b = office["a"], office["b"]
    ann = a.cases.add_case("MW", date(2026, 9, 1), code=CODE)
    ben = b.cases.add_case("TC", date(2026, 9, 2), code=CODE)
    a.sync.assign(ann.id, office.member_id("b"))
    office.settle(("a", "bso", "b"))
    window, feature = window_on("b")
    wait_idle(qtbot, feature)

    dialog = feature.open_conflicts()
    assert isinstance(dialog, ConflictsDialog)
    qtbot.waitUntil(lambda: dialog.waiting is not None, timeout=WAIT_MS)
    assert dialog.rows == [] and dialog.waiting
    assert dialog.tabs.currentWidget() is dialog.waiting_list  # nothing else to see
    assert dialog.tabs.tabText(1) == f"Waiting to apply ({len(dialog.waiting)})"
    waiting = dialog.waiting_list
    first = waiting.tree.topLevelItem(0)
    assert first is not None
    assert (first.text(0), first.text(1)) == (CODE, "Case")
    assert "already used by another case on this laptop: rename one of them" in first.text(2)
    assert first.childCount() == len(dialog.waiting) - 1  # its records wait under it
    assert waiting.detail.isVisible() and first.text(2) in waiting.detail.text()
    assert not waiting.empty.isVisible()

    b.cases.change_code(ben.id, "VIG-0012B")
    feature.sync_action.trigger()
    qtbot.waitUntil(lambda: dialog.waiting == [], timeout=WAIT_MS)
    assert waiting.empty.isVisible() and not waiting.tree.isVisible()
    assert dialog.tabs.tabText(1) == "Waiting to apply (0)"
    assert window.ctx.services.sync.status().pending_rows == 0
