"""Grab PNGs of the sync screens on a real office in a temporary folder (a script, not a test).

    python tests/ui/sync/screenshots.py OUTDIR     # under xvfb-run -a, or offscreen

Builds a site folder, the BSO's vault and enrolled laptops (tests/sync/office.py) with
invented families, makes real conflicts, then shoots the status bar, the conflicts
dialog and the BSO's site console. Everything is deleted at the end.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from tests.ui.shots import run_isolated


def main(argv: list[str]) -> int:
    return run_isolated(argv, "screenshots/sync", _shoot)


def _shoot(root: Path, out: Path) -> int:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QWidget

    from tests.conftest import PASSPHRASE, add_family, fast_kdf
    from tests.sync.office import Office, build_office
    from vigdesk.app import create_application, harden_process
    from vigdesk.core.sessions import SessionKind
    from vigdesk.services.access import create_vault
    from vigdesk.services.session import Services
    from vigdesk.ui.context import MainContext
    from vigdesk.ui.events import AppEvents
    from vigdesk.ui.main_window import MainWindow
    from vigdesk.ui.sync.conflicts import ConflictsDialog
    from vigdesk.ui.sync.console import SiteConsole
    from vigdesk.ui.sync.feature import SyncFeature
    from vigdesk.ui.sync.state import Reach, SiteState
    from vigdesk.ui.tasks import TaskRunner

    harden_process()
    app = create_application(["vigdesk-screenshots"])
    events = AppEvents()
    runner = TaskRunner(events)

    def settle(predicate: Callable[[], bool] = lambda: True, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        start = time.monotonic()
        while True:
            app.processEvents()
            if predicate() and runner.active_count == 0 and time.monotonic() > start + 0.3:
                return
            if time.monotonic() > deadline:
                raise TimeoutError("the screen did not reach the expected state")
            time.sleep(0.02)

    def save(widget: QWidget, name: str) -> None:
        settle()
        path = out / f"{name}.png"
        widget.grab().save(str(path))
        print(path)

    # The office: a BSO and two practitioners with a shared case edited at once.
    build_office(root / "office", ("a", "b"))
    office = Office(root / "office")
    office.located.update(("bso", "a", "b"))
    fam = add_family(office["a"])
    add_family(office["a"])
    office["a"].sync.assign(fam.case.id, office.member_id("b"))
    office.settle(("a", "b", "bso"))
    visit = office["a"].sessions.add_session(
        fam.case.id, SessionKind.INITIAL_MEETING, date(2026, 11, 3)
    )
    office.settle(("a", "b"))
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
        services = office[name]
        settings = QSettings(str(root / f"{name}.ini"), QSettings.Format.IniFormat)
        ctx = MainContext(
            services.vault, services.vault.profile, services, runner, events, settings, 300_000
        )
        main = MainWindow(ctx)
        main.resize(1100, 700)
        main.show()
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
    main_b.close()

    main_bso, feature_bso = window("bso")
    console = feature_bso.open_console()
    assert isinstance(console, SiteConsole)
    settle(lambda: console.data is not None)
    save(console, "console-members")
    console.tabs.setCurrentIndex(1)
    console.requests.setCurrentItem(console.requests.topLevelItem(0))
    save(console, "console-requests")
    console.tabs.setCurrentIndex(2)
    console.verify()
    settle(lambda: console.audit is not None)
    save(console, "console-health")
    console.reject()
    main_bso.close()
    runner.wait_for_done(10_000)
    office.close_all()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
