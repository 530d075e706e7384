"""Grab PNGs of the office demo (`vigdesk demo --office`) in a temporary folder (a script).

    xvfb-run -a .venv/bin/python tests/ui/sync/office_screenshots.py OUTDIR

Builds the office demo exactly as the command does (services.demo_office), then opens
main windows the way the demo does (demo=True): Ann's laptop after a sync from the GUI
(status bar, then Sync › Conflicts…) and Bea's BSO vault (the case list in privacy mode,
then Sync › Site console…). Everything is deleted at the end.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from tests.ui.shots import Studio, run_isolated


def main(argv: list[str]) -> int:
    return run_isolated(argv, "screenshots/office", _shoot)


def _shoot(root: Path, out: Path) -> int:
    from vigdesk.services.access import unlock_vault
    from vigdesk.services.demo import DEMO_PASSPHRASE
    from vigdesk.services.demo_office import ensure_demo_office, home_of
    from vigdesk.services.session import Services
    from vigdesk.ui.main_window import MainWindow
    from vigdesk.ui.sync.conflicts import ConflictsDialog
    from vigdesk.ui.sync.console import SiteConsole
    from vigdesk.ui.sync.feature import SyncFeature

    studio = Studio(root, out)
    settle, save = studio.settle, studio.save

    office = root / "office"
    started = time.monotonic()
    ensure_demo_office(office)
    print(f"office demo built in {time.monotonic() - started:.1f} s")
    opened: list[Services] = []

    def window(folder: str) -> tuple[MainWindow, SyncFeature]:
        services = Services.for_vault(unlock_vault(home_of(office, folder), DEMO_PASSPHRASE))
        opened.append(services)
        main = studio.main_window(services, demo=True, settings=folder, size=(1200, 760))
        feature = main.findChild(SyncFeature, "syncFeature")
        assert feature is not None
        settle(lambda: feature.state is not None)
        return main, feature

    # Ann's laptop: Sync now from the menu's action, then the conflicts list.
    main_ann, feature_ann = window("ann")
    feature_ann.sync_action.trigger()
    settle(lambda: feature_ann.last_report is not None and not feature_ann.syncing)
    save(main_ann, "ann-main-after-sync")
    save(main_ann.statusBar(), "ann-status-after-sync")
    conflicts = feature_ann.open_conflicts()
    assert isinstance(conflicts, ConflictsDialog)
    settle(lambda: conflicts.rows is not None)
    save(conflicts, "ann-conflicts")
    conflicts.reject()
    main_ann.close()

    # Bea's BSO vault: every family in the case list (privacy mode), then the console.
    main_bso, feature_bso = window("bso")
    save(main_bso, "bso-main")
    save(main_bso.workspace.case_list_slot, "bso-case-list")
    console = feature_bso.open_console()
    assert isinstance(console, SiteConsole)
    settle(lambda: console.data is not None)
    for index in range(console.tabs.count()):
        console.tabs.setCurrentIndex(index)
        save(console, f"bso-console-{index + 1}")
    console.reject()
    main_bso.close()
    studio.runner.wait_for_done(10_000)
    for services in opened:
        services.vault.lock()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
