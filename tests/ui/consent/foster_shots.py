"""Grab the screens of issue 19 on the demo vault at 1280×720 (a script, not a test).

    xvfb-run -a -s "-screen 0 1280x720x24" .venv/bin/python \\
        tests/ui/consent/foster_shots.py OUTDIR

The consent wizard for the demo's fostered child (the local authority's social worker
consenting, the lawful basis and the interpreter fields, the purposes, the record),
the import's "who appears" question, and changing who appears in footage already
held. Whole-screen grabs, so dialogs are seen over the window they belong to.
Invented data only; HOME and the XDG folders point into a temporary folder.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tests.ui.shots import Studio, run_isolated


def main(argv: list[str]) -> int:
    return run_isolated(argv, "screenshots/foster", _shoot)


def _shoot(root: Path, out: Path) -> int:
    from PySide6.QtWidgets import QApplication

    from tests.ui.consent.drawing import draw_signature
    from vigdesk.core.consent import Purpose
    from vigdesk.core.media import MediaKind
    from vigdesk.media.synth import make_video
    from vigdesk.ui.consent.feature import ConsentFeature
    from vigdesk.ui.review import ReviewFeature
    from vigdesk.ui.review.page import ReviewPage

    studio = Studio(root, out)
    settle = studio.settle

    def screen(name: str) -> None:
        settle()
        path = out / f"{name}.png"
        QApplication.primaryScreen().grabWindow(0).save(str(path))
        print(path)

    services = studio.open_demo()
    main = studio.main_window(services, demo=True, size=(1280, 720))
    main.move(0, 0)
    from vigdesk.ui.records.sweep_dialog import SweepPreviewDialog

    settle(lambda: main.findChild(SweepPreviewDialog) is not None, timeout=20)
    for sweep in main.findChildren(SweepPreviewDialog):
        sweep.reject()  # "Not now": the demo's overdue deletions are not this screen's subject
    case = next(c for c in services.cases.list_cases() if c.initials == "CP")
    people = services.cases.people(case.id)
    worker = next(p for p in people if p.represents_authority)

    feature = main.findChild(ConsentFeature)
    assert feature is not None
    feature.start_wizard(case.id)
    settle(lambda: feature.wizard is not None)
    wizard = feature.wizard
    assert wizard is not None
    wizard.move(150, 40)
    screen("wizard-foster-1-who")
    wizard.who.adult_buttons[worker.id].setChecked(True)
    screen("wizard-foster-1-who-social-worker")
    wizard.next()
    wizard.explain.interpreter.setText("Polish, interpreter AK (Language Line)")
    wizard.explain.accessible.setCurrentText("Easy read")
    wizard.explain.read_box.setChecked(True)
    screen("wizard-foster-2-explain")
    wizard.next()
    for purpose in Purpose:
        wizard.purposes.answer(purpose, purpose not in (Purpose.TRAINING, Purpose.FAMILY_COPY))
    screen("wizard-foster-3-purposes")
    wizard.next()
    draw_signature(wizard.method.pad)
    wizard.next()
    screen("wizard-foster-5-summary")
    wizard.close()

    register = feature.open_register()
    settle(lambda: register.register is not None)
    register.move(40, 20)
    screen("register-new-purposes")
    register.close()

    review = main.findChild(ReviewFeature)
    assert review is not None
    main.ctx.events.review_requested.emit(case.id)
    settle(lambda: review.current_page() is not None and review.current_page().loaded)  # type: ignore[union-attr]
    page = review.current_page()
    assert isinstance(page, ReviewPage)
    footage = next(m for m in page.media.items if m.kind is MediaKind.FOOTAGE)  # type: ignore[union-attr]
    page.library.select(footage.id)
    page.show_details(footage.id)
    page.show_details_tab()
    screen("review-details-who-appears")
    page.details.appears_button.click()
    settle(lambda: page.appearing.dialog is not None)
    screen("review-change-who-appears")
    assert page.appearing.dialog is not None
    page.appearing.dialog.reject()

    visit = root / "visit.mp4"
    make_video(visit, seconds=2.0, size=(320, 180), label="Foster visit")
    page.importer.ask([visit])
    settle(lambda: page.importer.who_appears is not None)
    screen("import-who-appears")
    assert page.importer.who_appears is not None
    page.importer.who_appears.reject()

    main.close()
    studio.runner.wait_for_done(5000)
    services.vault.lock()
    QApplication.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
