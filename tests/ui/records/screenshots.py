"""Grab PNGs of the records screens on a demo vault (a script, not a test).

    python tests/ui/records/screenshots.py OUTDIR     # under xvfb-run -a, or offscreen

Builds the demo vault (invented families only) in a temporary folder; HOME and the
XDG folders point there too. The subject access PDF and the erasure certificate are
rendered to PNG with pdftoppm inside that folder, which is deleted at the end.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.ui.shots import Studio, run_isolated


def main(argv: list[str]) -> int:
    return run_isolated(argv, "screenshots/records", _shoot)


def _shoot(root: Path, out: Path) -> int:
    from PySide6.QtWidgets import QApplication, QFileDialog

    from vigdesk.ui.records.feature import RecordsFeature

    studio = Studio(root, out)
    settle, save = studio.settle, studio.save

    def pdf_png(pdf: Path, name: str) -> None:
        prefix = root / name
        command = ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", str(pdf), str(prefix)]
        subprocess.run(command, check=True)
        made = sorted(root.glob(f"{name}*.png"))
        target = out / f"{name}.png"
        target.write_bytes(made[0].read_bytes())
        print(target)

    services = studio.open_demo()
    main = studio.main_window(services, demo=True)
    feature = main.findChild(RecordsFeature)
    assert feature is not None
    settle(lambda: feature.preview_dialog is not None)
    preview = feature.preview_dialog
    assert preview is not None
    save(preview, "sweep-preview")
    preview.later_button.click()
    settle()
    save(main, "main-with-reminder")

    # A legal hold on an active case, so the dashboard has one to show.
    ashdown = next(c for c in services.cases.list_cases() if c.initials == "RA")
    services.retention.set_hold(ashdown.id, "Complaint under investigation (ref. C-2026-114)")
    closed = next(c for c in services.cases.list_cases() if c.initials == "DF")

    dashboard = feature.open_dashboard()
    settle(lambda: dashboard.snapshot is not None)
    save(dashboard, "dashboard")
    dashboard.focus_case(closed.id)
    settle()
    save(dashboard, "dashboard-case")

    hold = dashboard.place_hold()
    assert hold is not None
    hold.reason_edit.setPlainText("Court order 14 Nov 2026 (ref. FD26P00412)")
    save(hold, "hold-dialog")
    hold.reject()

    sar = dashboard.open_subject_access()
    assert sar is not None
    settle(lambda: sar.people is not None)
    exports = root / "exports"
    exports.mkdir()
    QFileDialog.getExistingDirectory = staticmethod(lambda *a, **k: str(exports))  # type: ignore[method-assign]
    sar.choose_folder()
    sar.video_box.setChecked(True)
    save(sar, "sar-export")
    sar.export()
    settle(lambda: sar.exported is not None)
    save(sar, "sar-export-done")
    assert sar.exported is not None
    pdf_png(sar.exported.folder / "record.pdf", "sar-record-pdf")
    sar.accept()

    # Erasure on a held case: blocked, with the reason shown.
    dashboard.focus_case(ashdown.id)
    settle()
    blocked = dashboard.open_erasure()
    assert blocked is not None
    settle(lambda: blocked.people is not None)
    save(blocked, "erasure-on-hold")
    blocked.reject()

    # Erasure of the adult of an active case with video.
    penhaligon = next(c for c in services.cases.list_cases() if c.initials == "CP")
    dashboard.focus_case(penhaligon.id)
    settle()
    erase = dashboard.open_erasure()
    assert erase is not None
    settle(lambda: erase.people is not None)
    erase.reason_edit.setText("Request from the carer, 20 Nov 2026")
    erase.code_edit.setText(penhaligon.code)
    save(erase, "erasure")
    certificate = root / "certificate.pdf"
    QFileDialog.getSaveFileName = staticmethod(lambda *a, **k: (str(certificate), ""))  # type: ignore[method-assign]
    erase.erase()
    settle(lambda: erase.saved_to is not None)
    save(erase, "erasure-done")
    pdf_png(certificate, "erasure-certificate-pdf")
    erase.reject()

    # Sweep now from the dashboard, then the result.
    dashboard.focus_case("")
    dashboard.case_bar.select("")
    dashboard.sweep_now()
    settle(lambda: dashboard.preview_dialog is not None)
    sweep = dashboard.preview_dialog
    assert sweep is not None
    sweep.delete_now()
    settle(lambda: not sweep.sweeping)
    save(sweep, "sweep-done")
    sweep.accept()
    settle()
    save(dashboard, "dashboard-after-sweep")
    dashboard.accept()

    audit = feature.open_audit()
    settle(lambda: audit.report is not None)
    save(audit, "information-audit")
    audit_pdf = root / "audit.pdf"
    QFileDialog.getSaveFileName = staticmethod(lambda *a, **k: (str(audit_pdf), ""))  # type: ignore[method-assign]
    audit.save_pdf()
    settle(lambda: audit.saved_to is not None)
    pdf_png(audit_pdf, "information-audit-pdf")
    audit.accept()

    main.close()
    studio.runner.wait_for_done(5000)
    services.vault.lock()
    QApplication.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
