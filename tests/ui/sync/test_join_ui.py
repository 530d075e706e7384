"""Join the office folder from the app (issue 15 item 6): a real site folder in tmp_path,
the BSO's real vault approving, the laptop's main window asking and waiting."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from tests.conftest import PASSPHRASE, PRACTITIONER, add_family
from tests.sync.office import Office
from tests.ui.conftest import WAIT_MS
from tests.ui.sync.conftest import wait_idle
from vigdesk.sync.identity import fingerprint
from vigdesk.ui.main_window import MainWindow
from vigdesk.ui.sync.feature import SyncFeature
from vigdesk.ui.sync.join import JoinDialog
from vigdesk.ui.sync.state import Reach
from vigdesk.ui.sync.teams import CaseTeamsDialog


def sync_feature(qtbot: QtBot, window: MainWindow) -> SyncFeature:
    feature = window.findChild(SyncFeature, "syncFeature")
    assert isinstance(feature, SyncFeature)
    wait_idle(qtbot, feature)
    return feature


def open_join(qtbot: QtBot, feature: SyncFeature) -> JoinDialog:
    """Sync now on a laptop that has not joined opens the join dialog, not an error."""
    assert feature.join_action.isVisible() and feature.join_action.isEnabled()
    assert feature.sync_now() is None
    dialog = feature.join_dialog
    assert isinstance(dialog, JoinDialog)
    qtbot.waitUntil(dialog.isVisible, timeout=WAIT_MS)
    return dialog


def teams_line(qtbot: QtBot, feature: SyncFeature, code: str) -> str:
    dialog = feature.open_teams()
    assert isinstance(dialog, CaseTeamsDialog)
    tab = dialog.teams
    qtbot.waitUntil(lambda: tab.data is not None, timeout=WAIT_MS)
    items = [tab.tree.topLevelItem(i) for i in range(tab.tree.topLevelItemCount())]
    line = next(i.text(3) for i in items if i is not None and i.text(0) == code)
    dialog.close()
    return line


def test_a_laptop_joins_the_office_from_the_app(
    qtbot: QtBot, office: Office, main_window: MainWindow
) -> None:
    services = main_window.ctx.services
    family = add_family(services)
    feature = sync_feature(qtbot, main_window)
    assert feature.state is not None and feature.state.reach is Reach.NOT_ENROLLED
    dialog = open_join(qtbot, feature)
    assert not dialog.send_button.isEnabled()

    dialog.folder.setText(str(office.share))
    dialog.check_button.click()
    qtbot.waitUntil(dialog.site_card.isVisible, timeout=WAIT_MS)
    bso_site = office["bso"].sync.manifest()
    assert bso_site is not None
    assert dialog.site_name.text() == "VIG Test Service"
    assert dialog.site_fingerprint.text() == fingerprint(bso_site.site_key)
    assert services.sync.status().enrolled is False  # checking saves nothing
    assert dialog.send_button.isEnabled() and dialog.send_button.isDefault()

    dialog.send_button.click()
    qtbot.waitUntil(lambda: dialog.waiting, timeout=WAIT_MS)
    (request,) = office["bso"].sync.site.requests()
    assert request.name == PRACTITIONER
    assert dialog.device_fingerprint.text() == request.fingerprint
    qtbot.waitUntil(lambda: "checked at" in dialog.status_line.text(), timeout=WAIT_MS)
    assert feature.state is not None and feature.state.reach is Reach.WAITING
    assert feature.last_report is None

    office["bso"].sync.site.approve(request.device_id, PASSPHRASE)
    dialog.check_now_button.click()
    qtbot.waitUntil(lambda: "first sync finished" in dialog.status_line.text(), timeout=WAIT_MS)
    assert dialog.waiting_title.text() == "You have joined VIG Test Service"
    assert feature.last_report is not None and feature.last_report.sent > 0
    office.sync("bso")
    assert family.case.id in {c.id for c in office["bso"].cases.list_cases()}
    wait_idle(qtbot, feature)
    assert not feature.join_action.isEnabled()
    assert teams_line(qtbot, feature, family.case.code) == f"{PRACTITIONER} (you)"


def test_reopening_while_waiting_shows_the_request(
    qtbot: QtBot, office: Office, main_window: MainWindow
) -> None:
    feature = sync_feature(qtbot, main_window)
    main_window.ctx.services.sync.site.enrol(office.share)
    feature.refresh()
    qtbot.waitUntil(
        lambda: feature.state is not None and feature.state.reach is Reach.WAITING,
        timeout=WAIT_MS,
    )
    dialog = open_join(qtbot, feature)
    qtbot.waitUntil(lambda: dialog.waiting, timeout=WAIT_MS)
    (request,) = office["bso"].sync.site.requests()
    assert dialog.device_fingerprint.text() == request.fingerprint
    assert "VIG Test Service" in dialog.waiting_text.text()
    assert dialog.close_button.isDefault()
    assert feature.open_join() is dialog  # one at a time


def test_a_folder_that_is_not_a_site_cannot_be_sent(
    qtbot: QtBot, office: Office, main_window: MainWindow, tmp_path: Path
) -> None:
    feature = sync_feature(qtbot, main_window)
    dialog = open_join(qtbot, feature)
    dialog.folder.setText(str(tmp_path))
    dialog.check_button.click()
    qtbot.waitUntil(lambda: dialog.message.kind == "error", timeout=WAIT_MS)
    assert "not a vigdesk site folder" in dialog.message.text()
    assert not dialog.send_button.isEnabled() and not dialog.site_card.isVisible()

    dialog.folder.setText(str(office.share))
    dialog.check_button.click()
    qtbot.waitUntil(dialog.send_button.isEnabled, timeout=WAIT_MS)
    dialog.folder.setText(str(office.share / "elsewhere"))  # edited after the check
    assert not dialog.send_button.isEnabled() and not dialog.site_card.isVisible()
    assert not office["bso"].sync.site.requests()


def test_case_teams_lists_you_on_your_own_families(qtbot: QtBot, main_window: MainWindow) -> None:
    family = add_family(main_window.ctx.services)
    feature = sync_feature(qtbot, main_window)
    assert "Join the office folder" in feature.indicator.state_label.toolTip()
    assert teams_line(qtbot, feature, family.case.code) == f"{PRACTITIONER} (you)"
