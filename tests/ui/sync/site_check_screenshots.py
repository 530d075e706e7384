"""Grab PNGs of the BSO's Site check tab at 1280x720 (a script).

    xvfb-run -a -s "-screen 0 1280x720x24" .venv/bin/python \
        tests/ui/sync/site_check_screenshots.py OUTDIR

Builds the office demo in a temporary folder, erases one adult on Bea's (the BSO's)
vault before Ann's laptop has synced, then opens Bea's main window at 1280x720 and
Sync › Site console… › Site check: the doctor's site half, and the erasure still held
in a practitioner's change files; and page 1 of the erasure certificate (site pending).
Everything is deleted at the end.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tests.ui.shots import Studio, run_isolated


def main(argv: list[str]) -> int:
    return run_isolated(argv, "screenshots/site-check", _shoot)


def _shoot(root: Path, out: Path) -> int:

    from PySide6.QtGui import QColor, QImage, QPainter, QTextDocument

    from vigdesk.core.cases import PersonKind
    from vigdesk.render.pdf import html_to_pdf
    from vigdesk.services import report_html
    from vigdesk.services.access import unlock_vault
    from vigdesk.services.demo import DEMO_PASSPHRASE
    from vigdesk.services.demo_office import ensure_demo_office, home_of
    from vigdesk.services.session import Services
    from vigdesk.services.subject_access import SubjectAccessService
    from vigdesk.ui.sync.console import SiteConsole
    from vigdesk.ui.sync.feature import SyncFeature

    studio = Studio(root, out)
    settle, save = studio.settle, studio.save
    office = root / "office"
    ensure_demo_office(office)
    services = Services.for_vault(unlock_vault(home_of(office, "bso"), DEMO_PASSPHRASE))
    cert = None
    for case in services.cases.list_cases():
        adults = [p for p in services.cases.people(case.id) if p.kind == PersonKind.ADULT]
        if len(adults) >= 1 and len(services.cases.people(case.id)) >= 2:
            cert = SubjectAccessService(services.ctx).erase(adults[0].id, "asked to be forgotten")
            break
    assert cert is not None
    main = studio.main_window(services, demo=True, settings="bso", size=(1280, 720))
    feature = main.findChild(SyncFeature, "syncFeature")
    assert feature is not None
    settle(lambda: feature.state is not None and not feature.syncing)
    feature.sync_now()
    settle(lambda: feature.last_report is not None and not feature.syncing)
    console = feature.open_console()
    assert isinstance(console, SiteConsole)
    settle(lambda: console.data is not None)
    console.tabs.setCurrentWidget(console.site_check_tab)
    settle(lambda: console.site_check_tab.data is not None)
    save(console, "bso-site-check")
    html = report_html.erasure_certificate(cert)
    assert html_to_pdf(html).startswith(b"%PDF")
    doc = QTextDocument()  # the PDF's own renderer, drawn on an image to look at
    doc.setHtml(html)
    doc.setTextWidth(640)
    image = QImage(680, int(doc.size().height()) + 40, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.translate(20, 20)
    doc.drawContents(painter)
    painter.end()
    image.save(str(out / "erasure-certificate-pending.png"))
    save(main, "bso-main-1280x720")
    console.reject()
    main.close()
    studio.runner.wait_for_done(10_000)
    services.vault.lock()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
