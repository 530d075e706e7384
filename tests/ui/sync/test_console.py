"""The BSO's site console on a real office: assignments, removing a member, sync health;
and a practitioner's read-only case teams."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QPushButton, QTreeWidget, QTreeWidgetItem
from pytestqt.qtbot import QtBot

from tests.conftest import PASSPHRASE, add_family
from tests.sync.office import Office
from tests.ui.conftest import WAIT_MS
from tests.ui.sync.conftest import WindowOn, wait_idle
from vigdesk.core.cases import PersonKind
from vigdesk.services.subject_access import SubjectAccessService
from vigdesk.sync.layout import SiteLayout
from vigdesk.sync.manifest import SiteManifest
from vigdesk.ui.records.dashboard import RetentionDashboard
from vigdesk.ui.sync.assignments import AssignmentsTab
from vigdesk.ui.sync.console import SiteConsole
from vigdesk.ui.sync.feature import SyncFeature
from vigdesk.ui.sync.teams import CaseTeamsDialog


def _console(qtbot: QtBot, feature: SyncFeature) -> SiteConsole:
    wait_idle(qtbot, feature)
    dialog = feature.open_console()
    assert isinstance(dialog, SiteConsole)
    qtbot.waitUntil(
        lambda: dialog.data is not None and dialog.assignments_tab.data is not None,
        timeout=WAIT_MS,
    )
    return dialog


def _rows(tree: QTreeWidget) -> dict[str, QTreeWidgetItem]:
    items = (tree.topLevelItem(i) for i in range(tree.topLevelItemCount()))
    return {item.text(0): item for item in items if item is not None}


def _team(tab: AssignmentsTab, case_id: str) -> set[str]:
    team = tab.team_of(case_id)
    return {m.id for m in team.members} if team else set()


def test_assigning_and_unassigning_in_the_console_moves_the_key_wrap(
    qtbot: QtBot, office: Office, window_on: WindowOn
) -> None:
    fam = add_family(office["a"])
    office.settle(("a", "bso"))
    ann, ben = office.member_id("a"), office.member_id("b")
    wrap = SiteLayout(office.share).case_key(fam.case.id, ben)
    window, feature = window_on("bso")
    tab = _console(qtbot, feature).assignments_tab
    assert _team(tab, fam.case.id) == {ann}
    tab.select_case(fam.case.id)
    picker = tab.ask_assign()
    assert picker is not None
    picker.choose(ben)
    picker.assign_button.click()
    qtbot.waitUntil(lambda: _team(tab, fam.case.id) == {ann, ben}, timeout=WAIT_MS)
    assert ben in {getattr(m, "id", m) for m in office["bso"].sync.assignments(fam.case.id)}
    qtbot.waitUntil(wrap.exists, timeout=WAIT_MS)  # the console asked for a sync
    wait_idle(qtbot, feature)
    office.sync("b")
    assert fam.case.id in {c.id for c in office["b"].cases.list_cases()}

    tab.select_case(fam.case.id)
    rows = [tab.team.item(i) for i in range(tab.team.count())]
    tab.team.setCurrentItem(next(r for r in rows if r.text().startswith("Ben Practitioner")))
    box = tab.ask_unassign()
    assert isinstance(box, QMessageBox)
    assert box.informativeText() == (
        "Ben Practitioner will no longer see this family; their laptop removes it at its next sync."
    )
    take = next(b for b in box.buttons() if b.text() == "Take off case")
    assert isinstance(take, QPushButton)
    take.click()
    qtbot.waitUntil(lambda: _team(tab, fam.case.id) == {ann}, timeout=WAIT_MS)
    assert office["bso"].sync.assignments(fam.case.id) != []
    assert ben not in {getattr(m, "id", m) for m in office["bso"].sync.assignments(fam.case.id)}
    qtbot.waitUntil(lambda: not wrap.exists(), timeout=WAIT_MS)
    tab.records_button.click()  # the BSO's own retention dashboard covers the site
    qtbot.waitUntil(
        lambda: any(d.isVisible() for d in window.findChildren(RetentionDashboard)),
        timeout=WAIT_MS,
    )


def test_removing_a_member_asks_for_the_passphrase_and_retires_them(
    qtbot: QtBot, office: Office, window_on: WindowOn
) -> None:
    _window, feature = window_on("bso")
    dialog = _console(qtbot, feature)
    tab = dialog.members_tab
    tab.tree.setCurrentItem(_rows(tab.tree)["Bea Officer"])
    assert not tab.remove_button.isEnabled() and tab.ask_removal() is None
    assert "your own vault" in tab.why.text()
    tab.tree.setCurrentItem(_rows(tab.tree)["Cat Trainee"])
    assert tab.remove_button.isEnabled()

    ask = tab.ask_removal()
    assert ask is not None and ask.title.text() == "Remove Cat Trainee from the site?"
    ask.passphrase.setText("not the passphrase")
    ask.remove_button.click()
    qtbot.waitUntil(lambda: tab.findChild(QMessageBox) is not None, timeout=WAIT_MS)
    refusal = tab.findChild(QMessageBox)
    assert refusal is not None and "does not unlock the site key" in refusal.text()
    refusal.close()
    assert dialog.data is not None and len(dialog.data.members) == 4

    tab.tree.setCurrentItem(_rows(tab.tree)["Cat Trainee"])
    ask = tab.ask_removal()
    assert ask is not None
    ask.passphrase.setText(PASSPHRASE)
    ask.remove_button.click()
    qtbot.waitUntil(
        lambda: dialog.data is not None and len(dialog.data.members) == 3, timeout=WAIT_MS
    )
    site = SiteManifest.from_bytes(SiteLayout(office.share).manifest.read_bytes())
    assert office.member_id("c") in {r.id for r in site.retired}
    assert site.member(office.member_id("c")) is None
    assert "Cat Trainee was removed from the site" in tab.note.text()
    last = tab.tree.topLevelItem(tab.tree.topLevelItemCount() - 1)
    assert last is not None and last.text(0) == "Cat Trainee"
    assert last.text(1).startswith("Removed ")


def test_sync_health_lists_every_device_and_says_when_the_share_is_gone(
    qtbot: QtBot, office: Office, window_on: WindowOn
) -> None:
    add_family(office["a"])
    office.sync("a")
    _window, feature = window_on("bso")
    dialog = _console(qtbot, feature)
    health = dialog.health_tab
    dialog.tabs.setCurrentWidget(health)  # the first look checks by itself
    qtbot.waitUntil(lambda: health.health is not None, timeout=WAIT_MS)
    rows = _rows(dialog.devices)
    assert set(rows) == {"Bea Officer", "Ann Practitioner", "Ben Practitioner", "Cat Trainee"}
    ann = rows["Ann Practitioner"]
    assert ann.text(1) != "Never" and int(ann.text(2)) >= 1 and ann.text(4) == "Intact"
    assert rows["Ben Practitioner"].text(1) == "Never"
    assert "intact" in health.summary.text() and health.alert.isHidden()

    office.share.rename(office.root / "unplugged")
    dialog.verify_button.click()
    qtbot.waitUntil(lambda: health.alert.kind == "error", timeout=WAIT_MS)
    assert "cannot be reached" in health.alert.text()
    assert dialog.devices.topLevelItemCount() == 0 and dialog.verify_button.isEnabled()


def test_the_site_check_shows_the_doctor_and_erasures_not_yet_gone(
    qtbot: QtBot, office: Office, window_on: WindowOn
) -> None:
    fam = add_family(office["a"])
    gran = office["a"].cases.add_person(fam.case.id, PersonKind.ADULT, "Gwen Oldcastle")
    office.settle(("a", "bso"))
    SubjectAccessService(office["bso"].ctx).erase(gran.id, "asked to be forgotten")
    _window, feature = window_on("bso")
    dialog = _console(qtbot, feature)
    feature.sync_now()  # Ann's change files still hold her until Ann's laptop syncs
    wait_idle(qtbot, feature)
    tab = dialog.site_check_tab
    dialog.tabs.setCurrentWidget(tab)  # the first look checks by itself
    qtbot.waitUntil(lambda: tab.data is not None, timeout=WAIT_MS)
    found = [tab.findings.topLevelItem(i) for i in range(tab.findings.topLevelItemCount())]
    texts = [item.text(1) for item in found if item is not None]
    assert any("change file" in t for t in texts)  # journal sizes, as `doctor --site`
    assert any("not yet confirmed gone" in t and "Ann Practitioner" in t for t in texts), texts
    row = tab.erasures.topLevelItem(0)
    assert row is not None
    assert (row.text(0), row.text(1), row.text(4)) == (fam.case.code, "GO", "Ann Practitioner")

    office.sync("a")  # Ann's laptop removes her and replaces its older change files
    feature.sync_now()
    wait_idle(qtbot, feature)
    tab.check_button.click()
    qtbot.waitUntil(lambda: tab.check_button.isEnabled(), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: tab.data is not None and not tab.data.erasures, timeout=WAIT_MS)
    none = tab.erasures.topLevelItem(0)
    assert none is not None and none.text(0) == "None"


def test_a_practitioner_sees_who_works_with_their_families(
    qtbot: QtBot, office: Office, window_on: WindowOn
) -> None:
    fam = add_family(office["a"])
    office["a"].sync.assign(fam.case.id, office.member_id("b"))
    office.settle(("a", "bso", "b"))
    window, feature = window_on("b")
    assert feature.teams_action.isVisible() and not feature.console_action.isEnabled()
    dialog = feature.open_teams()
    assert isinstance(dialog, CaseTeamsDialog)
    tab = dialog.teams
    qtbot.waitUntil(lambda: tab.data is not None, timeout=WAIT_MS)
    assert _team(tab, fam.case.id) == {office.member_id("a"), office.member_id("b")}
    item = tab.tree.topLevelItem(0)
    assert item is not None and item.text(0) == fam.case.code
    assert item.text(3) in (
        "Ann Practitioner, Ben Practitioner",
        "Ben Practitioner, Ann Practitioner",
    )
    tab.select_case(fam.case.id)
    assert tab.assign_button.isHidden() and tab.unassign_button.isHidden()
    assert tab.ask_assign() is None
    tab.search.setText("no such family")
    qtbot.waitUntil(item.isHidden, timeout=WAIT_MS)
    tab.search.setText(fam.case.code.lower())
    qtbot.waitUntil(lambda: not item.isHidden(), timeout=WAIT_MS)
    window.ctx.events.vault_locked.emit()
    assert tab.data is None and tab.tree.topLevelItemCount() == 0


def test_the_console_warns_the_bso_a_week_before_a_subject_access_request_is_due(
    qtbot: QtBot, office: Office, window_on: WindowOn
) -> None:
    from datetime import timedelta

    from vigdesk.core.dates import day_text
    from vigdesk.services.subject_requests import SubjectRequestService

    fam = add_family(office["a"])
    office.settle(("a", "bso"))
    bso = office["bso"]
    request = SubjectRequestService(bso.ctx).add(
        fam.mother.id, bso.ctx.today() - timedelta(days=28), requester="Marigold, by letter"
    )
    _, feature = window_on("bso")
    dialog = _console(qtbot, feature)
    qtbot.waitUntil(dialog.requests_warning.isVisible, timeout=WAIT_MS)
    assert day_text(request.due_on) in dialog.requests_warning.text()
    assert fam.case.code in dialog.requests_warning.text()
