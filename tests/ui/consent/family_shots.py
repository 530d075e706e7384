"""Grab PNGs of consent for families beyond the birth parents (issue 19; a script).

    xvfb-run -a .venv/bin/python tests/ui/consent/family_shots.py OUTDIR

A fostered child (the local authority's consent recorded from the wizard), an older
child judged able to decide, and the import's "who appears" question. Invented data.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from tests.ui.shots import Studio, run_isolated


def main(argv: list[str]) -> int:
    return run_isolated(argv, "screenshots/consent-families", _shoot)


def _shoot(root: Path, out: Path) -> int:
    from PySide6.QtWidgets import QApplication

    from vigdesk.core.cases import PersonKind
    from vigdesk.media.synth import make_video
    from vigdesk.ui.consent.feature import ConsentFeature
    from vigdesk.ui.review import ReviewFeature

    studio = Studio(root, out)
    settle, save = studio.settle, studio.save
    services = studio.open_demo()
    main = studio.main_window(services, demo=True, size=(1280, 820))
    feature = main.findChild(ConsentFeature)
    assert feature is not None

    case = services.cases.add_case("LK", date(2026, 9, 1))
    services.cases.add_person(case.id, PersonKind.ADULT, "Faith Carew", relationship="foster carer")
    services.cases.add_person(
        case.id, PersonKind.CHILD, "Lily Kemp", date_of_birth=date(2023, 4, 1)
    )
    teen = services.cases.add_person(
        case.id, PersonKind.CHILD, "Jo Kemp", date_of_birth=date(2012, 5, 1)
    )
    feature.start_wizard(case.id)
    settle(lambda: feature.wizard is not None)
    wizard = feature.wizard
    assert wizard is not None
    who = wizard.who
    save(wizard, "wizard-1-who-fostered-before")

    who.authority_button.click()
    dialog = who.dialog
    assert dialog is not None
    dialog.name.setText("Sam Ward")  # type: ignore[attr-defined]
    dialog.role.setText("Social worker, Children in Care team")  # type: ignore[attr-defined]
    dialog.note.setPlainText(  # type: ignore[attr-defined]
        "Care order (s.31). Delegated authority: carer may agree to everyday activities; "
        "filming for VIG agreed by the local authority."
    )
    lily = next(c for c in wizard.draft.snapshot.children if c.id != teen.id)
    dialog.child_boxes[lily.id].setChecked(True)  # type: ignore[attr-defined]
    save(dialog, "authority-dialog")
    dialog.accept()
    settle(lambda: len(who.adult_buttons) == 2)
    worker = next(p for p in wizard.draft.snapshot.people if p.represents_authority)
    who.adult_buttons[worker.id].setChecked(True)
    save(wizard, "wizard-1-who-local-authority")
    body = who._body
    assert body is not None
    body.verticalScrollBar().setValue(body.verticalScrollBar().maximum())  # type: ignore[attr-defined]
    save(wizard, "wizard-1-who-children-card")
    body.verticalScrollBar().setValue(0)  # type: ignore[attr-defined]

    who.competence_buttons[teen.id].click()
    dialog = who.dialog
    assert dialog is not None
    dialog.by.setText("Alex Park, VIG practitioner")  # type: ignore[attr-defined]
    dialog.note.setPlainText(  # type: ignore[attr-defined]
        "Explained back what filming and keeping mean and asked who would see the video."
    )
    save(dialog, "competence-dialog")
    dialog.accept()
    settle(lambda: teen.id in who.adult_buttons)
    who.adult_buttons[teen.id].setChecked(True)
    save(wizard, "wizard-1-who-competent-child")
    wizard.close()

    review = main.findChild(ReviewFeature)
    assert review is not None
    main.ctx.events.review_requested.emit(case.id)
    settle(lambda: review.current_page() is not None and review.current_page().loaded)  # type: ignore[union-attr]
    page = review.current_page()
    assert page is not None
    video = root / "home-visit.mp4"
    make_video(video, seconds=1.0, fps=25, size=(192, 144))
    page.importer.ask([video])
    settle(lambda: page.importer.who_appears is not None)
    question = page.importer.who_appears
    assert question is not None
    save(question, "import-who-appears")
    question.reject()

    main.close()
    studio.runner.wait_for_done(5000)
    services.vault.lock()
    QApplication.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
