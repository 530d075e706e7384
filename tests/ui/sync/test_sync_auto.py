"""Syncing without a click (the auto-sync timer) and refusing a forged site (the box)."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from tests.conftest import add_family
from tests.sync.office import Office
from tests.ui.conftest import WAIT_MS
from tests.ui.sync.conftest import WindowOn, wait_idle
from vigdesk.sync.layout import JOURNAL_RE, SiteLayout, numbered
from vigdesk.ui.sync.feature import SyncFeature
from vigdesk.ui.sync.state import Reach


def test_the_timer_syncs_by_itself(qtbot: QtBot, office: Office, window_on: WindowOn) -> None:
    window, installed = window_on("b")
    wait_idle(qtbot, installed)
    installed.stop()  # its five-minute timer would not fire within the test
    fam = add_family(office["a"])
    office["a"].sync.assign(fam.case.id, office.member_id("b"))
    office.sync("a")
    office.sync("bso")  # Ben's key comes from the BSO
    feature = SyncFeature(window, auto_interval_ms=150)
    assert feature.timer.isActive() and feature.timer.interval() == 150
    wait_idle(qtbot, feature)
    assert feature.last_report is None  # opening only checks the site
    qtbot.waitUntil(
        lambda: feature.last_report is not None and feature.last_report.received > 0,
        timeout=WAIT_MS,
    )
    feature.stop()
    assert fam.case.id in {c.id for c in office["b"].cases.list_cases()}
    assert office["b"].sync.status().last_sync_at is not None


def test_a_forged_site_shows_the_refusal_and_nothing_syncs(
    qtbot: QtBot, office: Office, window_on: WindowOn
) -> None:
    add_family(office["a"])  # something to send
    layout = SiteLayout(office.share)
    device = office["a"].vault.header.vault_id
    sent_before = numbered(layout.journal_dir(device), JOURNAL_RE)
    unsent = office["a"].sync.status().unsent_changes
    assert unsent > 0
    raw = layout.manifest.read_bytes()
    layout.manifest.write_bytes(raw.replace(b"VIG Test Service", b"VIG Evil Service"))

    window, feature = window_on("a")
    wait_idle(qtbot, feature)
    assert feature.state is not None and feature.state.reach is Reach.REFUSED
    feature.sync_action.trigger()
    qtbot.waitUntil(
        lambda: window.findChild(QMessageBox, "syncRefusedBox") is not None, timeout=WAIT_MS
    )
    box = window.findChild(QMessageBox, "syncRefusedBox")
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert box.windowTitle() == "Site refused"
    assert box.text() == "vigdesk did not sync: the site folder failed its security check."
    assert "not signed by the site key" in box.informativeText()
    assert "Nothing was sent or received. Tell your BSO now." in box.informativeText()
    wait_idle(qtbot, feature)
    assert feature.last_report is None
    assert numbered(layout.journal_dir(device), JOURNAL_RE) == sent_before
    assert office["a"].sync.status().unsent_changes == unsent
    assert any(e.action == "sync.refused" for e in office["a"].vault.audit.entries())
    box.close()
