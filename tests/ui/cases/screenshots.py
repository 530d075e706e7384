"""Grab PNGs of the case screens on a demo vault (a script, not a test).

    python tests/ui/cases/screenshots.py OUTDIR     # under xvfb-run -a, or offscreen

Builds the demo vault in a temporary folder (invented families only); HOME and the
XDG folders point into it too, so nothing touches the real home.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tests.ui.shots import Studio, run_isolated


def main(argv: list[str]) -> int:
    return run_isolated(argv, "screenshots/cases", _shoot)


def _shoot(root: Path, out: Path) -> int:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from vigdesk.core.cases import CaseStatus
    from vigdesk.ui.cases import feature_of
    from vigdesk.ui.cases.dialogs.questionnaire_form import QuestionnaireForm
    from vigdesk.ui.cases.dialogs.rate import RateDialog

    studio = Studio(root, out)
    settle, save = studio.settle, studio.save

    services = studio.open_demo()
    main = studio.main_window(services, demo=True, size=(1360, 860))
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
    settle(lambda: page is not None and page.snapshot is not None)
    save(main, "case-page-sessions")
    page.show_names()
    settle(lambda: page is not None and page.snapshot is not None and page.snapshot.names_shown)
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
    services.vault.lock()
    studio.runner.wait_for_done(5000)
    studio.app.processEvents()
    return 0


def QApplication_focus() -> object:
    from PySide6.QtWidgets import QApplication

    return QApplication.focusWidget()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
