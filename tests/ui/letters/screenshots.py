"""Grab PNGs of letters and the family copy (a script, not a test).

    xvfb-run -a -s "-screen 0 1280x720x24" .venv/bin/python tests/ui/letters/screenshots.py OUT

On the demo vault: a case's Letters tab, the letter editor, its A4 preview, "Copy for
an e-mail" refusing a name, and the review page's Family copy dialog. On the office
demo: a letter Ann sends reaches Bea's Site console › Outbox, opened, and Mark sent.
Everything is built in a temporary folder and deleted at the end.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tests.ui.shots import Studio, run_isolated


def main(argv: list[str]) -> int:
    return run_isolated(argv, "screenshots/letters", _shoot)


def _shoot(root: Path, out: Path) -> int:
    from vigdesk.core.cases import CaseStatus
    from vigdesk.render.pdf import html_to_pdf
    from vigdesk.services.access import unlock_vault
    from vigdesk.services.demo import DEMO_PASSPHRASE
    from vigdesk.services.demo_office import ensure_demo_office, home_of
    from vigdesk.services.session import Services
    from vigdesk.ui.cases import feature_of
    from vigdesk.ui.review import ReviewFeature
    from vigdesk.ui.review.family_copy import FamilyCopyDialog
    from vigdesk.ui.sync.console import SiteConsole
    from vigdesk.ui.sync.feature import SyncFeature

    studio = Studio(root, out)
    settle, save = studio.settle, studio.save

    services = studio.open_demo()
    main = studio.main_window(services, demo=True, size=(1280, 720))
    review = main.findChild(ReviewFeature)
    assert review is not None
    settle(lambda: review.current_page() is not None and review.current_page().loaded)  # type: ignore[union-attr]
    page_r = review.current_page()
    assert page_r is not None
    dialog = page_r.work.open_family_copy()
    assert isinstance(dialog, FamilyCopyDialog)
    if dialog.items.count():
        first = dialog.items.item(0)
        assert first is not None
        dialog.choose([first.data(256)])
    dialog.strengths.setPlainText(
        "You waited for Teddy to look up, and followed his lead with the tower."
    )
    dialog.set_folder(root / "usb")
    settle(lambda: dialog.consent.text() not in ("", "Tick the clips and stills the family keeps."))
    save(dialog, "family-copy-dialog")
    dialog.reject()

    cases = feature_of(main)
    assert cases is not None
    model = cases.pane.model
    settle(lambda: model.rowCount() > 0)
    target = next(c for c in model.visible_cases() if c.status is CaseStatus.ACTIVE)
    page = cases.open_case(target.id)
    assert page is not None
    settle(lambda: page.snapshot is not None)
    page.show_names()
    settle(lambda: page.snapshot is not None and page.snapshot.names_shown)
    page.tabs.setCurrentWidget(page.letters)
    page.letters.new_button.click()
    settle(lambda: hasattr(page, "letter_editor"))
    editor = page.letter_editor
    settle(lambda: editor.save_button.isEnabled())
    save(editor, "letter-editor")
    preview = editor.preview()
    settle()
    save(preview, "letter-preview")
    preview.close()
    editor.close()
    settle()
    save(main, "case-letters-tab")
    email = page.open_email_copy()
    assert email is not None
    people = services.cases.people(target.id)
    email.text.setPlainText(f"{people[0].full_name} asks about bedtime routines.")
    email.copy()
    settle(lambda: email.message.kind == "error")
    save(email, "email-copy-refused")
    email.text.setPlainText(f"{target.initials} asks about bedtime routines.")
    email.copy()
    settle(lambda: email.copied != "")
    save(email, "email-copy-done")
    email.close()
    main.close()

    # The office: Ann sends a letter, both sync, Bea's console shows the outbox.
    office = root / "office"
    ensure_demo_office(office)
    ann = Services.for_vault(unlock_vault(home_of(office, "ann"), DEMO_PASSPHRASE))
    case = ann.cases.list_cases()[0]
    letter = ann.letters.draft(case.id, "end_of_intervention")
    ann.letters.send(letter.id, html_to_pdf)
    ann.sync.sync()
    ann.vault.lock()
    bso = Services.for_vault(unlock_vault(home_of(office, "bso"), DEMO_PASSPHRASE))
    bso.sync.sync()
    main_bso = studio.main_window(bso, demo=True, settings="bso", size=(1280, 720))
    feature = main_bso.findChild(SyncFeature, "syncFeature")
    assert feature is not None
    settle(lambda: feature.state is not None)
    console = feature.open_console()
    assert isinstance(console, SiteConsole)
    tab = console.outbox_tab
    console.tabs.setCurrentWidget(tab)
    settle(lambda: tab.tree.topLevelItemCount() > 0)
    save(console, "bso-outbox")
    tab.open_current()
    settle(lambda: tab.preview is not None and tab.preview.isVisible())
    assert tab.preview is not None
    save(tab.preview, "bso-letter-open")
    tab.preview.close()
    sent = tab.ask_sent()
    assert sent is not None
    save(sent, "bso-mark-sent")
    sent.reject()
    console.reject()
    main_bso.close()
    studio.runner.wait_for_done(10_000)
    bso.vault.lock()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
