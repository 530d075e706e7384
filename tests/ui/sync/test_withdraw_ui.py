"""A practitioner with a family open when the BSO takes them off it: the sync empties the
window instead of leaving the family on screen or showing an error."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from tests.conftest import add_family
from tests.sync.office import Office
from tests.ui.conftest import WAIT_MS
from tests.ui.sync.conftest import WindowOn, wait_idle
from vigdesk.ui.cases import feature_of


def test_an_open_family_leaves_the_window_when_its_practitioner_is_unassigned(
    qtbot: QtBot, office: Office, window_on: WindowOn
) -> None:
    fam = add_family(office["a"])
    office["a"].sync.assign(fam.case.id, office.member_id("b"))
    office.settle(("a", "b", "bso"))
    window, feature = window_on("b")
    cases = feature_of(window)
    assert cases is not None
    wait_idle(qtbot, feature)
    page = cases.open_case(fam.case.id)
    assert page is not None
    qtbot.waitUntil(lambda: page.snapshot is not None, timeout=WAIT_MS)
    assert page.stack.currentWidget() is not page.gone
    assert cases.pane.model.rowCount() == 1

    office["bso"].sync.unassign(fam.case.id, office.member_id("b"))
    office.sync("bso")
    feature.sync_action.trigger()
    qtbot.waitUntil(lambda: feature.last_report is not None, timeout=WAIT_MS)

    assert feature.last_report is not None and feature.last_report.withdrawn == 1
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.gone, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: cases.pane.model.rowCount() == 0, timeout=WAIT_MS)
    assert "1 family taken off this laptop" in window.statusBar().currentMessage()
