"""Grab PNGs of the consent screens on a demo vault (a script, not a test).

    xvfb-run -a .venv/bin/python tests/ui/consent/screenshots.py OUTDIR

Every wizard page, the consent record PDF (rendered with pdftoppm from a copy in a
temporary folder that is deleted), the register, withdrawal and the record dialog.
Invented data only; HOME and the XDG folders point into a temporary folder.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.ui.shots import Studio, run_isolated


def main(argv: list[str]) -> int:
    return run_isolated(argv, "screenshots/consent", _shoot)


def _shoot(root: Path, out: Path) -> int:
    from PySide6.QtWidgets import QApplication

    from tests.ui.consent.drawing import draw_signature
    from vigdesk.core.consent import Purpose
    from vigdesk.ui.consent.feature import ConsentFeature
    from vigdesk.ui.consent.wizard import ConsentWizard

    studio = Studio(root, out)
    settle, save = studio.settle, studio.save

    services = studio.open_demo()
    main = studio.main_window(services, demo=True)
    feature = main.findChild(ConsentFeature)
    assert feature is not None
    settle(lambda: feature.reminder.overdue > 0)
    save(main, "main-window-reminder")

    # The register, service-wide, then filtered to overdue reviews.
    register = feature.open_register()
    settle(lambda: register.register is not None)
    save(register, "register")
    register.set_status_filter("review_overdue")
    save(register, "register-overdue")
    register.set_status_filter("")

    # Withdrawal from the register: a family with everything in force, keeping ticked.
    assert register.select_entry(lambda e: e.giver_initials == "RA")
    withdraw = register.withdraw()
    assert withdraw is not None
    for box, purpose, _ in withdraw.boxes.values():
        box.setChecked(purpose is Purpose.KEEP)
    withdraw.reason_edit.setText("Family asked us to stop keeping video")
    save(withdraw, "withdraw")
    withdraw.close()

    # A record with a withdrawal since it was given.
    assert register.select_entry(lambda e: e.giver_initials == "GT")
    record = register.view_record()
    assert record is not None
    settle(lambda: record.panel is not None)
    save(record, "record-dialog")
    record.close()
    register.close()

    # The wizard on a family without consent yet.
    cases = services.cases.list_cases()
    target = next(c for c in cases if c.initials == "BO")  # referred, no consent yet
    feature.start_wizard(target.id)
    settle(lambda: feature.wizard is not None)
    wizard: ConsentWizard | None = feature.wizard
    assert wizard is not None
    save(wizard, "wizard-1-who")
    wizard.next()
    save(wizard, "wizard-2-explain")
    wizard.explain.read_box.setChecked(True)
    save(wizard, "wizard-2-explain-read")
    wizard.next()
    save(wizard, "wizard-3-purposes-empty")
    for purpose in Purpose:
        wizard.purposes.answer(purpose, purpose is not Purpose.TRAINING)
    wizard.purposes.view_edits[next(iter(wizard.purposes.view_edits))].setPlainText(
        "Too young to say; smiled and reached for the camera."
    )
    save(wizard, "wizard-3-purposes")
    wizard.next()
    save(wizard, "wizard-4-method-empty")
    draw_signature(wizard.method.pad)
    save(wizard, "wizard-4-method-signed")
    wizard.method.on_paper.setChecked(True)
    save(wizard, "wizard-4-method-paper")
    wizard.method.on_screen.setChecked(True)
    wizard.next()
    save(wizard, "wizard-5-summary")
    wizard.next()  # Record consent
    settle(lambda: wizard.currentPage() is wizard.done_page)
    save(wizard, "wizard-6-done")

    with tempfile.TemporaryDirectory(prefix="vigdesk-pdf-") as pdf_tmp:
        pdf = Path(pdf_tmp) / "record.pdf"
        pdf.write_bytes(wizard.summary.pdf)
        subprocess.run(
            ["pdftoppm", "-r", "90", "-png", str(pdf), str(Path(pdf_tmp) / "page")], check=True
        )
        for page in sorted(Path(pdf_tmp).glob("page*.png")):
            shutil.copy(page, out / f"consent-record-pdf-{page.stem.split('-')[-1]}.png")
            print(out / f"consent-record-pdf-{page.stem.split('-')[-1]}.png")
    wizard.close()

    main.close()
    studio.runner.wait_for_done(5000)
    services.vault.lock()
    QApplication.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
