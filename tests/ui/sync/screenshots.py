"""Grab PNGs of the sync screens on a real office in a temporary folder (a script, not a test).

    python tests/ui/sync/screenshots.py OUTDIR     # under xvfb-run -a, or offscreen

Builds a site folder, the BSO's vault and enrolled laptops (tests/sync/office.py) with
invented families, makes real conflicts and removes one member, then shoots the status
bar, the refusal box, the conflicts dialog, every tab and dialog of the BSO's site
console (also with the share unplugged) and a practitioner's case teams. Everything is
deleted at the end.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from tests.ui.shots import Studio, run_isolated


def main(argv: list[str]) -> int:
    return run_isolated(argv, "screenshots/sync", _shoot)


def _shoot(root: Path, out: Path) -> int:
    from PySide6.QtWidgets import QMessageBox

    from tests.conftest import PASSPHRASE, add_family, fast_kdf
    from tests.sync.office import Office, build_office
    from vigdesk.core.sessions import SessionKind
    from vigdesk.services.access import create_vault
    from vigdesk.services.session import Services
    from vigdesk.sync.layout import SiteLayout
    from vigdesk.ui.main_window import MainWindow
    from vigdesk.ui.sync.conflicts import ConflictsDialog
    from vigdesk.ui.sync.console import SiteConsole
    from vigdesk.ui.sync.feature import SyncFeature
    from vigdesk.ui.sync.state import Reach, SiteState
    from vigdesk.ui.sync.teams import CaseTeamsDialog

    studio = Studio(root, out)
    settle, save = studio.settle, studio.save

    # The office: a BSO and two practitioners with a shared case edited at once.
    build_office(root / "office", ("a", "b", "c"))
    office = Office(root / "office")
    office.located.update(("bso", "a", "b", "c"))
    fam = add_family(office["a"])
    others = [add_family(office["a"]) for _ in range(4)]
    add_family(office["b"])
    office["a"].sync.assign(fam.case.id, office.member_id("b"))
    office["a"].sync.assign(fam.case.id, office.member_id("c"))
    office.settle(("a", "b", "c", "bso"))
    office["bso"].sync.site.remove_member(office.member_id("c"), PASSPHRASE)
    office.close("c")
    visit = office["a"].sessions.add_session(
        fam.case.id, SessionKind.INITIAL_MEETING, date(2026, 11, 3)
    )
    office.settle(("a", "bso", "b"))
    office["a"].sessions.update_session(visit.id, notes="Mum keen; filming at home on Tuesday.")
    office["b"].sessions.update_session(visit.id, notes="Agreed to film after nursery pick-up.")
    office["a"].cases.activate(fam.case.id)
    office["b"].cases.close_case(fam.case.id, date(2026, 11, 20), "family moved away")
    office.settle(("a", "b", "bso"))
    newcomer = create_vault(
        root / "office" / "d",
        PASSPHRASE,
        display_name="Dee Newcomer",
        role="trainee",
        kdf=fast_kdf(),
    )
    Services.for_vault(newcomer).sync.site.enrol(office.share)
    newcomer.lock()
    add_family(office["a"])  # something unsent for Sync now

    def window(name: str) -> tuple[MainWindow, SyncFeature]:
        main = studio.main_window(office[name], settings=name, size=(1100, 700))
        feature = main.findChild(SyncFeature, "syncFeature")
        assert feature is not None
        settle(lambda: feature.state is not None)
        return main, feature

    main_b, feature_b = window("b")
    save(main_b, "main-with-sync-state")
    save(main_b.statusBar(), "status-connected-conflicts")
    conflicts = feature_b.open_conflicts()
    assert isinstance(conflicts, ConflictsDialog)
    settle(lambda: conflicts.rows is not None)
    save(conflicts, "conflicts")
    conflicts.reject()
    feature_b.indicator.show_running(0.45, "Sending changes… 9/20")
    save(main_b.statusBar(), "status-syncing")
    feature_b.indicator.show_finished()
    feature_b.indicator.show_state(
        SiteState(Reach.REFUSED, reason="site.json is not signed by the council's site key")
    )
    save(main_b.statusBar(), "status-refused")
    feature_b.indicator.show_state(SiteState(Reach.OFFLINE, last_sync_at="2026-11-24T09:12:00"))
    save(main_b.statusBar(), "status-offline")
    feature_b._show_refused(
        "site.json in /srv/vig is not signed by the site key (pinned fingerprint b595 6c02 "
        "cf7f e944 3197 cd92 dc96 1b25): it was forged, damaged or belongs to another site. "
        "Sync refused; tell the BSO."
    )
    box = main_b.findChild(QMessageBox, "syncRefusedBox")
    assert box is not None
    save(box, "refused-box")
    box.close()
    teams = feature_b.open_teams()
    assert isinstance(teams, CaseTeamsDialog)
    settle(lambda: teams.teams.data is not None)
    teams.teams.select_case(fam.case.id)
    save(teams, "teams-practitioner")
    teams.reject()
    main_b.close()

    main_bso, feature_bso = window("bso")
    console = feature_bso.open_console()
    assert isinstance(console, SiteConsole)
    settle(lambda: console.data is not None and console.assignments_tab.data is not None)
    ben = console.members.topLevelItem(2)
    assert ben is not None
    console.members.setCurrentItem(ben)
    save(console, "console-members")
    remove = console.members_tab.ask_removal()
    assert remove is not None
    remove.passphrase.setText("correct horse")
    save(remove, "console-remove")
    remove.reject()
    console.tabs.setCurrentWidget(console.assignments_tab)
    console.assignments_tab.select_case(fam.case.id)
    console.assignments_tab.team.setCurrentRow(0)
    save(console, "console-assignments")
    unassign = console.assignments_tab.ask_unassign()
    assert unassign is not None
    save(unassign, "console-unassign")
    unassign.reject()
    console.assignments_tab.select_case(others[0].case.id)
    picker = console.assignments_tab.ask_assign()
    assert picker is not None
    save(picker, "console-assign")
    picker.reject()
    console.tabs.setCurrentIndex(2)
    request = console.requests.topLevelItem(0)
    assert request is not None
    console.requests.setCurrentItem(request)
    save(console, "console-requests")
    console.tabs.setCurrentWidget(console.health_tab)
    settle(lambda: console.audit is not None)
    save(console, "console-health")
    journal = sorted(
        SiteLayout(office.share).journal_dir(office["a"].vault.header.vault_id).iterdir()
    )[-1]
    kept = journal.read_bytes()
    journal.write_bytes(kept[:20] + bytes([kept[20] ^ 1]) + kept[21:])
    console.verify()
    settle(lambda: not console.health_tab._checking)
    save(console, "console-health-problem")
    journal.write_bytes(kept)
    office.share.rename(root / "office" / "unplugged")
    console.verify()
    settle(lambda: not console.health_tab._checking)
    save(console, "console-health-offline")
    (root / "office" / "unplugged").rename(office.share)
    console.reject()
    main_bso.close()
    studio.runner.wait_for_done(10_000)
    office.close_all()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
