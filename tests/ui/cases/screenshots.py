"""Grab PNGs of the case screens on a demo vault (a script, not a test).

    python tests/ui/cases/screenshots.py OUTDIR     # under xvfb-run -a, or offscreen

Builds the demo vault in a temporary folder (invented families only); HOME and the
XDG folders point into it too, so nothing touches the real home.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from tests.ui.shots import run_isolated


def main(argv: list[str]) -> int:
    return run_isolated(argv, "screenshots/cases", _shoot)


def _shoot(root: Path, out: Path) -> int:
    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QWidget

    from vigdesk.app import create_application, harden_process
    from vigdesk.core.cases import CaseStatus
    from vigdesk.crypto.kdf import MIN_MEMORY_KIB, KdfParams
    from vigdesk.services.demo import DEMO_PASSPHRASE, ensure_demo_vault
    from vigdesk.ui.cases import feature_of
    from vigdesk.ui.cases.dialogs.questionnaire_form import QuestionnaireForm
    from vigdesk.ui.cases.dialogs.rate import RateDialog
    from vigdesk.ui.context import MainContext
    from vigdesk.ui.events import AppEvents
    from vigdesk.ui.main_window import MainWindow
    from vigdesk.ui.tasks import TaskRunner
    from vigdesk.ui.vault_access import VaultAccess

    harden_process()
    app = create_application(["vigdesk-case-screenshots"])
    events = AppEvents()
    runner = TaskRunner(events)
    access = VaultAccess(
        kdf=lambda: KdfParams(salt=os.urandom(16), memory_kib=MIN_MEMORY_KIB, iterations=1)
    )

    def settle(predicate: Callable[[], bool] = lambda: True, timeout: float = 15.0) -> None:
        start = time.monotonic()
        while True:
            app.processEvents()
            idle = runner.active_count == 0
            if predicate() and idle and time.monotonic() - start > 0.4:
                return
            if time.monotonic() - start > timeout:
                raise TimeoutError("the screen did not reach the expected state")
            time.sleep(0.02)

    def save(widget: QWidget, name: str) -> None:
        settle()
        path = out / f"{name}.png"
        widget.grab().save(str(path))
        print(path)

    home = root / "demo-vault"
    ensure_demo_vault(home)
    opened = access.unlock(home, DEMO_PASSPHRASE)
    settings = QSettings(str(root / "ui.ini"), QSettings.Format.IniFormat)
    ctx = MainContext(
        opened.vault, opened.profile, opened.services, runner, events, settings, 300_000, True
    )
    main = MainWindow(ctx)
    main.resize(1360, 860)
    main.show()
    feature = feature_of(main)
    assert feature is not None
    model = feature.pane.model
    settle(lambda: model.rowCount() > 0)
    save(main, "case-list")

    # The busiest active family: the one with the most footage (the first in the demo).
    active = [c for c in model.visible_cases() if c.status is CaseStatus.ACTIVE]
    closed = [c for c in model.visible_cases() if c.status is CaseStatus.CLOSED]
    target = active[0]
    page = feature.open_case(target.id)
    assert page is not None
    settle(lambda: page.snapshot is not None)
    save(main, "case-page-sessions")
    page.show_names()
    settle(lambda: page.snapshot is not None and page.snapshot.names_shown)
    page.tabs.setCurrentWidget(page.helping)
    save(main, "case-page-helping")
    page.tabs.setCurrentWidget(page.questionnaires)
    save(main, "case-page-questionnaires")
    assert page.snapshot is not None
    rate = page.open_rate(page.snapshot.questions[0])
    assert isinstance(rate, RateDialog)
    rate.segments.set_score(8)
    save(rate, "rate-dialog")
    rate.close()
    session = page.open_session(page.snapshot.sessions[2])
    save(session, "session-dialog")
    session.close()

    # A closed family has baseline and end: the fullest charts.
    page = feature.open_case(closed[-1].id)
    assert page is not None
    settle(lambda: page.snapshot is not None)
    page.tabs.setCurrentWidget(page.outcomes_tab)
    save(main, "outcomes-chart")

    form = page.open_questionnaire()
    assert isinstance(form, QuestionnaireForm)
    index = form.instrument_combo.findData("parent-confidence-demo")
    form.instrument_combo.setCurrentIndex(index)
    settle()
    for key in (Qt.Key.Key_2, Qt.Key.Key_Return, Qt.Key.Key_3, Qt.Key.Key_Return, Qt.Key.Key_1):
        QTest.keyClick(form.focusWidget() or form, key)
    save(form, "questionnaire-form")
    QTest.keyClick(form.focusWidget() or form, Qt.Key.Key_Return)
    for key in (Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_1, Qt.Key.Key_3, Qt.Key.Key_2):
        QTest.keyClick(form.focusWidget() or form, key)
        QTest.keyClick(form.focusWidget() or form, Qt.Key.Key_Return)
    form.completed_edit.setDate(form.completed_edit.date().addDays(-20))
    form.submit()
    settle(lambda: form.pages.currentWidget() is form.results)
    save(form, "questionnaire-saved")
    form.close()

    summary = feature.open_service_summary()
    settle(lambda: summary.summary is not None)
    save(summary, "service-summary")
    summary.close()

    new_case = feature.open_new_case()
    new_case.initials_edit.setText("LC")
    save(new_case, "new-case")
    new_case.close()

    main.close()
    opened.vault.lock()
    runner.wait_for_done(5000)
    app.processEvents()
    return 0


def QApplication_focus() -> object:
    from PySide6.QtWidgets import QApplication

    return QApplication.focusWidget()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
