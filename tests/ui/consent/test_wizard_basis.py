"""The wizard shows the lawful basis and the guider's commitments, and records the
interpreter or accessible version used with each consent (issue 19)."""

from __future__ import annotations

from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from tests.conftest import add_family
from tests.ui.conftest import WAIT_MS
from tests.ui.consent.drawing import draw_signature
from tests.ui.consent.test_wizard import click_next, open_wizard
from vigdesk.core.consent import Purpose
from vigdesk.core.consent_wording import COMMITMENTS
from vigdesk.services.documents import lawful_basis
from vigdesk.ui.main_window import MainWindow


def test_the_basis_and_promises_are_read_and_the_support_used_is_kept(
    qtbot: QtBot, main_window: MainWindow
) -> None:
    services = main_window.ctx.services
    fam = add_family(services, consent=())
    basis = lawful_basis(services.retention.policy)
    wizard = open_wizard(qtbot, main_window, fam.case.id)
    assert basis in wizard.explain.basis_label.text()
    click_next(qtbot, wizard)
    reading = wizard.explain.text.toPlainText()
    assert basis in reading.replace("\n", " ")
    for line in COMMITMENTS:
        assert line in reading.replace("\n", " ")
    wizard.explain.interpreter.setFocus()
    qtbot.keyClicks(wizard.explain.interpreter, "Polish, interpreter AK")
    wizard.explain.accessible.setCurrentText("Easy read")
    wizard.explain.read_box.setChecked(True)
    click_next(qtbot, wizard)
    for purpose in Purpose:
        wizard.purposes.answer(purpose, True)
    click_next(qtbot, wizard)
    draw_signature(wizard.method.pad)
    click_next(qtbot, wizard)
    summary = wizard.summary.preview.toPlainText()
    assert "Polish, interpreter AK" in summary and "Easy read" in summary
    assert basis in summary.replace("\n", " ")
    with qtbot.waitSignal(wizard.recorded, timeout=WAIT_MS):
        wizard.button(QWizard.WizardButton.CommitButton).click()
    records = services.consent.for_case(fam.case.id)
    assert {(r.lawful_basis, r.interpreter, r.accessible_version) for r in records} == {
        (basis, "Polish, interpreter AK", "Easy read")
    }
