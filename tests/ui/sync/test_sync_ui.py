"""The sync feature on real vaults and a real site folder."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from tests.conftest import add_family
from tests.sync.office import Office
from tests.ui.conftest import WAIT_MS
from tests.ui.sync.conftest import WindowOn, wait_idle
from vigdesk.core.changes import Changed
from vigdesk.ui.main_window import MainWindow
from vigdesk.ui.sync.conflicts import ConflictsDialog
from vigdesk.ui.sync.console import SiteConsole
from vigdesk.ui.sync.feature import SyncFeature
from vigdesk.ui.sync.state import Reach


def test_a_plain_vault_is_not_enrolled(qtbot: QtBot, main_window: MainWindow) -> None:
    feature = main_window.findChild(SyncFeature, "syncFeature")
    assert isinstance(feature, SyncFeature)
    wait_idle(qtbot, feature)
    assert feature.state is not None and feature.state.reach is Reach.NOT_ENROLLED
    assert feature.indicator.state_label.text() == "Not enrolled"
    assert not feature.console_action.isEnabled()


def test_sync_now_from_the_menu_syncs_and_shows_the_time(
    qtbot: QtBot, office: Office, window_on: WindowOn
) -> None:
    fam = add_family(office["a"])
    window, feature = window_on("a")
    wait_idle(qtbot, feature)
    assert feature.indicator.state_label.text() == "On the office network"
    assert feature.sync_action.shortcut().toString() == "Ctrl+Shift+S"
    with qtbot.waitSignal(window.ctx.events.data_changed, timeout=WAIT_MS) as changed:
        feature.sync_action.trigger()
        assert feature.syncing
        feature.sync_action.trigger()  # never two at once
    assert Changed.CASES in changed.args[0]
    report = feature.last_report
    assert report is not None and report.sent > 0
    wait_idle(qtbot, feature)
    assert feature.indicator.last_label.text().startswith("Last sync ")
    office.sync("bso")
    assert fam.case.id in {c.id for c in office["bso"].cases.list_cases()}


def test_auto_sync_checks_first_and_stops_at_lock(
    qtbot: QtBot, office: Office, window_on: WindowOn
) -> None:
    add_family(office["b"])
    window, feature = window_on("b")
    wait_idle(qtbot, feature)
    feature.auto_tick()
    qtbot.waitUntil(lambda: feature.last_report is not None, timeout=WAIT_MS)
    assert feature.timer.isActive()
    window.ctx.events.vault_locked.emit()
    assert not feature.timer.isActive()
    assert feature.sync_now() is None


def test_conflicts_are_listed_and_settled(
    qtbot: QtBot, office: Office, window_on: WindowOn
) -> None:
    from datetime import date

    fam = add_family(office["a"])
    office["a"].sync.assign(fam.case.id, office.member_id("b"))
    office.settle(("a", "bso", "b"))
    office["a"].cases.activate(fam.case.id)
    office["b"].cases.close_case(fam.case.id, date(2026, 11, 1), "moved away")
    office.settle(("a", "bso", "b"))
    assert office["b"].sync.conflicts()
    _window, feature = window_on("b")
    wait_idle(qtbot, feature)
    assert "conflict" in feature.indicator.last_label.text()
    dialog = feature.open_conflicts()
    assert isinstance(dialog, ConflictsDialog)
    qtbot.waitUntil(lambda: dialog.rows is not None, timeout=WAIT_MS)
    assert dialog.rows
    first = dialog.tree.topLevelItem(0)
    assert first is not None and first.text(0) == fam.case.code
    detail = dialog.detail.text()  # Ben's window: his value and Ann's, each named
    assert "written on this laptop" in detail and "by Ann Practitioner" in detail
    count = len(dialog.rows)
    with qtbot.waitSignal(dialog.settled, timeout=WAIT_MS):
        dialog.keep_button.click()
    qtbot.waitUntil(
        lambda: dialog.rows is not None and len(dialog.rows) == count - 1, timeout=WAIT_MS
    )
    while dialog.rows:
        with qtbot.waitSignal(dialog.settled, timeout=WAIT_MS):
            dialog.other_button.click()
        qtbot.waitUntil(lambda: not dialog._busy, timeout=WAIT_MS)
    assert not office["b"].sync.conflicts()
    assert dialog.empty.isVisible()


def test_the_bso_console_lists_members_and_verifies_the_audit(
    qtbot: QtBot, window_on: WindowOn
) -> None:
    _window, feature = window_on("bso")
    assert feature.console_action.isEnabled()
    dialog = feature.open_console()
    assert isinstance(dialog, SiteConsole)
    qtbot.waitUntil(lambda: dialog.data is not None, timeout=WAIT_MS)
    names = {
        dialog.members.topLevelItem(i).text(0) for i in range(dialog.members.topLevelItemCount())
    }  # type: ignore[union-attr]
    assert names == {"Bea Officer", "Ann Practitioner", "Ben Practitioner", "Cat Trainee"}
    dialog.verify_button.click()
    qtbot.waitUntil(lambda: dialog.audit is not None, timeout=WAIT_MS)
    assert dialog.audit is not None and dialog.audit.ok
    assert dialog.devices.topLevelItemCount() == 4


def test_the_bso_approves_a_waiting_laptop(
    qtbot: QtBot, office: Office, window_on: WindowOn
) -> None:
    from tests.conftest import PASSPHRASE, fast_kdf
    from vigdesk.services.access import create_vault
    from vigdesk.services.session import Services

    newcomer = create_vault(
        office.root / "d",
        PASSPHRASE,
        display_name="Dee Newcomer",
        role="practitioner",
        kdf=fast_kdf(),
    )
    try:
        Services.for_vault(newcomer).sync.site.enrol(office.share)
    finally:
        newcomer.lock()
    _window, feature = window_on("bso")
    dialog = feature.open_console()
    assert isinstance(dialog, SiteConsole)
    qtbot.waitUntil(lambda: dialog.data is not None and bool(dialog.data.requests), timeout=WAIT_MS)
    dialog.requests.setCurrentItem(dialog.requests.topLevelItem(0))
    assert dialog.approve_button.isEnabled()
    ask = dialog.ask_passphrase()
    assert ask is not None
    ask.setTextValue(PASSPHRASE)
    ask.accept()
    qtbot.waitUntil(
        lambda: dialog.data is not None and len(dialog.data.members) == 5, timeout=WAIT_MS
    )
    assert not dialog.data.requests
    assert "Dee Newcomer is now a member" in dialog.requests_note.text()


def test_an_unreachable_site_reads_as_off_the_network(
    qtbot: QtBot, office: Office, window_on: WindowOn
) -> None:
    _ = office["a"]
    office.share.rename(office.root / "unplugged")
    _window, feature = window_on("a")
    wait_idle(qtbot, feature)
    assert feature.indicator.state_label.text() == "Not on the office network"
    feature.auto_tick()  # checks first: no sync, no message box
    wait_idle(qtbot, feature)
    assert feature.last_report is None and not feature.syncing
