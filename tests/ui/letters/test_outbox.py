"""The BSO's Outbox tab on a real office: a letter Ann sent is listed by case code and
initials, opens (and previews for printing), saves as PDF, and is marked sent."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from tests.conftest import add_family
from tests.sync.office import Office
from tests.ui.conftest import WAIT_MS
from tests.ui.letters.test_case_letters import fits
from tests.ui.sync.conftest import WindowOn, office, office_template, wait_idle, window_on
from vigdesk.core.letters import LetterStatus
from vigdesk.render.pdf import html_to_pdf
from vigdesk.ui.sync.console import SiteConsole

__all__ = ["office", "office_template", "window_on"]


def test_the_bso_opens_saves_and_marks_a_letter_sent(
    qtbot: QtBot, office: Office, window_on: WindowOn, tmp_path: Path
) -> None:
    fam = add_family(office["a"])
    letter = office["a"].letters.draft(fam.case.id, "end_of_intervention")
    office["a"].letters.send(letter.id, html_to_pdf)
    office.settle(("a", "bso"))
    _, feature = window_on("bso")
    wait_idle(qtbot, feature)
    console = feature.open_console()
    assert isinstance(console, SiteConsole)
    tab = console.outbox_tab
    qtbot.waitUntil(lambda: tab.tree.topLevelItemCount() == 1, timeout=WAIT_MS)
    item = tab.tree.topLevelItem(0)
    assert item is not None
    assert item.text(0) == f"{fam.case.code} (MW)" and item.text(2) == "Ann Practitioner"
    assert "Marigold" not in " ".join(item.text(c) for c in range(5))
    console.tabs.setCurrentWidget(tab)

    tab.open_button.click()
    qtbot.waitUntil(lambda: tab.preview is not None and tab.preview.isVisible(), timeout=WAIT_MS)
    assert tab.preview is not None and "Dear Marigold" in tab.preview.document.toPlainText()
    assert tab.preview.print_button is not None and fits(tab.preview) and fits(console)
    tab.preview.close()

    tab.save_to(tmp_path)
    qtbot.waitUntil(lambda: tab.message.kind == "notice", timeout=WAIT_MS)
    (saved,) = tmp_path.glob("*.pdf")
    assert saved.read_bytes().startswith(b"%PDF") and fam.case.code in saved.name

    dialog = tab.ask_sent()
    assert dialog is not None
    dialog._ok()
    qtbot.waitUntil(
        lambda: bool(tab.rows) and tab.rows[0].letter.status is LetterStatus.SENT,
        timeout=WAIT_MS,
    )
    assert not tab.sent_button.isEnabled()
    actions = [e.action for e in office["bso"].vault.audit.entries() if e.object_id == letter.id]
    assert actions == ["letter.opened", "letter.opened", "letter.saved", "letter.marked_sent"]
