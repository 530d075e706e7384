"""Grab PNGs of the screens and dialogs issue 15 names, on a laptop-sized screen
(a script, not a test):

    xvfb-run -a -s "-screen 0 1280x720x24" python tests/ui/laptop_screenshots.py OUTDIR
    xvfb-run -a -s "-screen 0 1366x768x24" python tests/ui/laptop_screenshots.py OUTDIR

Each dialog is grabbed with its parent main window behind it (the whole screen), so
a dialog taller than the screen shows as cut off.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tests.ui.shots import Studio, run_isolated

TASKBAR, TITLE_BAR = 48, 32  # the main window gets the screen less these


def main(argv: list[str]) -> int:
    return run_isolated(argv, "screenshots/laptop", _shoot)


def _screen(studio: Studio, name: str) -> None:
    from PySide6.QtGui import QGuiApplication

    studio.settle()
    screen = QGuiApplication.primaryScreen()
    path = studio.out / f"{name}.png"
    screen.grabWindow(0).save(str(path))
    print(path, screen.geometry().width(), "×", screen.geometry().height())


def _shoot(root: Path, out: Path) -> int:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDialog

    from vigdesk.core.media import MediaKind
    from vigdesk.ui.cases import feature_of
    from vigdesk.ui.consent.feature import ConsentFeature
    from vigdesk.ui.records.feature import RecordsFeature
    from vigdesk.ui.review import ReviewFeature

    studio = Studio(root, out, wait_for_tasks=False)
    settle = studio.settle
    services = studio.open_demo()
    from PySide6.QtGui import QGuiApplication

    screen = QGuiApplication.primaryScreen().geometry()
    window = (screen.width(), screen.height() - TASKBAR - TITLE_BAR)
    main = studio.main_window(services, demo=True, size=window)
    main.move(0, 0)
    records = main.findChild(RecordsFeature)
    assert records is not None
    settle(lambda: records.preview_dialog is not None)  # the demo's deletion prompt
    prompt = records.preview_dialog
    if prompt is not None:
        prompt.close()
    review = main.findChild(ReviewFeature)
    assert review is not None
    settle(lambda: review.current_page() is not None and review.current_page().loaded)  # type: ignore[union-attr]
    page = review.current_page()
    assert page is not None and page.media is not None
    clip = next(m for m in page.media.items if m.kind is MediaKind.CLIP)
    page.library.select(clip.id)
    page.open_media(clip.id)
    settle(lambda: page.panel.player.ready)
    page.show_details(clip.id)
    page.show_details_tab()
    _screen(studio, "review-details")

    def dialog_shot(dialog: QDialog, name: str) -> None:
        settle(dialog.isVisible)
        _screen(studio, name)
        print("   ", name, dialog.frameGeometry().width(), "×", dialog.frameGeometry().height())
        dialog.close()
        settle()

    page.work.open_export()
    from vigdesk.ui.review.export_choice import ExportChoice
    from vigdesk.ui.viewer.export_dialog import ExportDialog

    choice = main.findChild(ExportChoice)
    assert choice is not None
    settle(choice.isVisible)
    choice.continue_button.click()
    settle(lambda: main.findChild(ExportDialog) is not None)
    export = main.findChild(ExportDialog)
    assert export is not None
    export.form.training.setChecked(True)
    dialog_shot(export, "export")

    cases = feature_of(main)
    assert cases is not None
    model = cases.pane.model
    settle(lambda: model.rowCount() > 0)
    main.activateWindow()
    settle(main.isActiveWindow)
    cases.pane.table.setFocus(Qt.FocusReason.TabFocusReason)
    _screen(studio, "case-list-focus")
    case_id = page.case_id
    record = cases.open_case(case_id)
    assert record is not None
    settle(lambda: record.snapshot is not None)
    record.focus_record()
    _screen(studio, "family-record")
    form = record.open_questionnaire()
    assert form is not None
    dialog_shot(form, "questionnaire-form")

    consent = main.findChild(ConsentFeature)
    assert consent is not None
    main.ctx.events.consent_requested.emit(case_id)
    settle(lambda: consent.wizard is not None)
    assert consent.wizard is not None
    dialog_shot(consent.wizard, "consent-wizard")

    dialog_shot(records.open_dashboard(), "retention-dashboard")
    dialog_shot(records.open_audit(), "information-audit")

    # The review with the case list hidden: the video gets the width.
    main.ctx.events.review_requested.emit(case_id)
    shown = review.current_page()
    assert shown is not None
    settle(lambda: shown.loaded)
    footage = next(m for m in shown.media.items if m.kind is MediaKind.FOOTAGE)  # type: ignore[union-attr]
    shown.open_media(footage.id)
    settle(lambda: shown.panel.player.ready)
    main.menu_actions.case_list.trigger()
    _screen(studio, "review-case-list-hidden")
    main.menu_actions.case_list.trigger()

    _join_shots(studio, main, root)
    return 0


def _join_shots(studio: Studio, main: object, root: Path) -> None:
    """Sync › Join the office folder…: the demo office's share (invented), checked, then
    the request sent and waiting; and Case teams."""
    from vigdesk.services.demo_office import SHARE, ensure_demo_office
    from vigdesk.ui.main_window import MainWindow
    from vigdesk.ui.sync.feature import SyncFeature
    from vigdesk.ui.sync.join import JoinDialog

    assert isinstance(main, MainWindow)
    ensure_demo_office(root / "office")
    feature = main.findChild(SyncFeature)
    assert feature is not None
    studio.settle(lambda: feature.state is not None)
    dialog = feature.open_join()
    assert isinstance(dialog, JoinDialog)
    studio.settle(dialog.isVisible)
    _screen(studio, "join-office-choose")
    dialog.folder.setText(str(root / "office" / SHARE))
    dialog.check_folder()
    studio.settle(dialog.site_card.isVisible)
    _screen(studio, "join-office-checked")
    dialog.send()
    studio.settle(lambda: dialog.waiting and "checked at" in dialog.status_line.text())
    _screen(studio, "join-office-waiting")
    dialog.close()
    studio.settle()
    teams = feature.open_teams()
    studio.settle(lambda: teams.teams.data is not None)  # type: ignore[attr-defined]
    _screen(studio, "case-teams")
    teams.close()  # type: ignore[attr-defined]


if __name__ == "__main__":
    sys.exit(main(sys.argv))
