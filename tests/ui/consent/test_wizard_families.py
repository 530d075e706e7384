"""The consent wizard for families beyond the birth parents (issue 19): the local
authority consents for a fostered child, a carer for themselves, an older child judged
able to decide gives or refuses their own consent."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QWizard
from pytestqt.qtbot import QtBot

from tests.ui.conftest import WAIT_MS
from tests.ui.consent.drawing import draw_signature
from tests.ui.consent.test_wizard import click_next, open_wizard
from vigdesk.core.cases import PersonKind
from vigdesk.core.consent import Purpose
from vigdesk.core.errors import ConsentRequired
from vigdesk.services.session import Services
from vigdesk.ui.consent.wizard import ConsentWizard
from vigdesk.ui.consent.wizard.standing_dialogs import AuthorityDialog, CompetenceDialog
from vigdesk.ui.main_window import MainWindow


def foster_case(services: Services) -> tuple[str, str, str]:
    case = services.cases.add_case("LK", date(2026, 9, 1))
    carer = services.cases.add_person(
        case.id, PersonKind.ADULT, "Faith Carew", relationship="foster carer"
    )
    child = services.cases.add_person(
        case.id, PersonKind.CHILD, "Lily Kemp", date_of_birth=date(2023, 4, 1)
    )
    return case.id, carer.id, child.id


def record_everything(qtbot: QtBot, wizard: ConsentWizard, answers: dict[Purpose, bool]) -> None:
    """From the who page: read together, answer, sign, record; wait for the save."""
    click_next(qtbot, wizard)
    wizard.explain.read_box.setChecked(True)
    click_next(qtbot, wizard)
    for purpose in Purpose:
        wizard.purposes.answer(purpose, answers.get(purpose, True))
    click_next(qtbot, wizard)
    draw_signature(wizard.method.pad)
    click_next(qtbot, wizard)
    with qtbot.waitSignal(wizard.recorded, timeout=WAIT_MS):
        wizard.button(QWizard.WizardButton.CommitButton).click()


def test_a_foster_carer_records_the_local_authority_s_consent(
    qtbot: QtBot, main_window: MainWindow
) -> None:
    services = main_window.ctx.services
    case_id, carer, child = foster_case(services)
    wizard = open_wizard(qtbot, main_window, case_id)
    who = wizard.who
    assert "Nobody here may consent for Lily Kemp" in who.message.text()
    assert list(who.child_boxes) == [carer]  # the carer, for herself only

    who.authority_button.click()
    dialog = who.dialog
    assert isinstance(dialog, AuthorityDialog) and dialog.isVisible()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert dialog.child_boxes[child].isChecked() and not ok.isEnabled()
    dialog.name.setText("Sam Ward")
    dialog.role.setText("Social worker, Children in Care team")
    dialog.note.setPlainText("Care order; delegated authority: filming for VIG agreed")
    ok.click()
    qtbot.waitUntil(lambda: len(who.adult_buttons) == 2, timeout=WAIT_MS)
    assert who.message.kind != "error"
    worker = next(p for p in wizard.draft.snapshot.people if p.represents_authority)
    who.adult_buttons[worker.id].setChecked(True)
    assert list(who.child_boxes) == [child]
    record_everything(qtbot, wizard, {Purpose.TRAINING: False})
    assert (
        "SW (local authority), for the local authority (Social worker, Children in Care team)"
        in wizard.summary.html
    )
    records = services.consent.for_case(case_id)
    assert {(r.giver_id, r.child_id) for r in records} == {(worker.id, child)}
    with pytest.raises(ConsentRequired, match="FC appears and has not consented"):
        services.consent.require(case_id, [Purpose.FILM], "film", [carer, child])
    services.consent.require(case_id, [Purpose.FILM, Purpose.KEEP], "film", [child])
    wizard.close()


def test_a_child_judged_able_to_decide_refuses_for_themselves(
    qtbot: QtBot, main_window: MainWindow
) -> None:
    services = main_window.ctx.services
    case = services.cases.add_case("JR", date(2026, 9, 1))
    services.cases.add_person(
        case.id, PersonKind.ADULT, "Ann Reed", parental_responsibility=True, relationship="mum"
    )
    teen = services.cases.add_person(
        case.id, PersonKind.CHILD, "Jo Reed", date_of_birth=date(2012, 5, 1)
    )
    wizard = open_wizard(qtbot, main_window, case.id)
    who = wizard.who
    assert teen.id not in who.adult_buttons
    who.competence_buttons[teen.id].click()
    dialog = who.dialog
    assert isinstance(dialog, CompetenceDialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    dialog.by.setText("Alex Park, VIG practitioner")
    dialog.note.setPlainText("Explained the video back to me and asked who would see it")
    ok.click()
    qtbot.waitUntil(lambda: teen.id in who.adult_buttons, timeout=WAIT_MS)
    who.adult_buttons[teen.id].setChecked(True)
    assert list(who.child_boxes) == [teen.id]
    record_everything(qtbot, wizard, {Purpose.FILM: False})
    assert "JR, for themselves, judged able to decide on" in wizard.summary.html
    assert wizard.purposes.views_card.isHidden()  # their own answers, not a "view"
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.done_page, timeout=WAIT_MS)
    assert "Jo Reed cannot be filmed on this consent." in wizard.done_page.summary.text()
    records = services.consent.for_case(case.id)
    assert {(r.giver_id, r.child_id) for r in records} == {(teen.id, teen.id)}
    with pytest.raises(ConsentRequired, match="JR has withdrawn or refused consent to filming"):
        services.consent.require(case.id, [Purpose.FILM], "film", [teen.id])
    wizard.close()
