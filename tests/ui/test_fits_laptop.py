"""Every dialog named in issue 15 fits a 1280×720 laptop screen at 100 %: its window
(with a title bar) fits the screen above a taskbar, long forms scroll inside it, and
its buttons are on screen.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QDialogButtonBox, QWizard
from pytestqt.qtbot import QtBot

from tests.conftest import add_family
from tests.ui.conftest import WAIT_MS
from tests.ui.consent.drawing import draw_signature
from vigdesk.core.consent import Purpose
from vigdesk.ui.main_window import MainWindow

SCREEN = QRect(0, 0, 1280, 720)
TASKBAR = 48  # Windows 11 at 100 %
TITLE_BAR = 32
# What a dialog's client area may take on that screen.
ROOM = QRect(0, 0, SCREEN.width(), SCREEN.height() - TASKBAR - TITLE_BAR)


def assert_fits(qtbot: QtBot, dialog: QDialog) -> None:
    qtbot.waitUntil(dialog.isVisible, timeout=WAIT_MS)
    QApplication.processEvents()
    size = dialog.size()
    assert size.width() <= ROOM.width() and size.height() <= ROOM.height(), (
        f"{type(dialog).__name__} opens at {size.width()}×{size.height()}, "
        f"more than the {ROOM.width()}×{ROOM.height()} a 1280×720 laptop leaves"
    )
    minimum = dialog.minimumSizeHint().expandedTo(dialog.minimumSize())
    assert minimum.height() <= ROOM.height() and minimum.width() <= ROOM.width()
    buttons = [
        b
        for box in dialog.findChildren(QDialogButtonBox)
        for b in box.buttons()
        if not b.isHidden()
    ]
    if isinstance(dialog, QWizard):
        buttons += [
            b
            for which in (QWizard.WizardButton.NextButton, QWizard.WizardButton.CancelButton)
            if (b := dialog.button(which)) is not None and not b.isHidden()
        ]
    assert buttons, f"{type(dialog).__name__} shows no buttons"
    for button in buttons:
        assert isinstance(button, QAbstractButton)
        top_left = button.mapTo(dialog, button.rect().topLeft())
        where = QRect(top_left, button.size())
        assert button.isVisible() and dialog.rect().contains(where), button.text()


def test_export_dialog_fits(
    qtbot: QtBot, main_window: MainWindow, footage: Path, styled: None
) -> None:
    from vigdesk.ui.viewer.export_dialog import ExportDialog

    services = main_window.ctx.services
    family = add_family(services, consent=(Purpose.FILM, Purpose.KEEP, Purpose.SUPERVISION))
    source = services.media.import_footage(family.case.id, footage).item
    clips = [
        services.media.make_clip(source.id, 0.2 * n, 0.2 * n + 0.5, title=f"Moment {n}")
        for n in range(4)
    ]
    dialog = ExportDialog(main_window.ctx, family.case, clips, main_window)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.consent_checked, timeout=WAIT_MS):
        dialog.open()
    assert_fits(qtbot, dialog)
    # ticking every purpose grows the consent check: the buttons must stay on screen
    with qtbot.waitSignal(dialog.consent_checked, timeout=WAIT_MS):
        dialog.form.training.setChecked(True)
    assert_fits(qtbot, dialog)


def test_consent_wizard_fits(qtbot: QtBot, main_window: MainWindow, styled: None) -> None:
    from vigdesk.ui.consent.feature import ConsentFeature

    family = add_family(main_window.ctx.services, consent=())
    feature = main_window.findChild(ConsentFeature)
    assert feature is not None
    main_window.ctx.events.consent_requested.emit(family.case.id)
    qtbot.waitUntil(lambda: feature.wizard is not None, timeout=WAIT_MS)
    wizard = feature.wizard
    assert wizard is not None
    following = wizard.button(QWizard.WizardButton.NextButton)
    assert_fits(qtbot, wizard)  # who
    following.click()
    assert_fits(qtbot, wizard)  # read together
    wizard.explain.read_box.click()
    following.click()
    assert_fits(qtbot, wizard)  # what is agreed
    for purpose in Purpose:
        wizard.purposes.yes[purpose].click()
    following.click()
    assert_fits(qtbot, wizard)  # signature
    draw_signature(wizard.method.pad)
    following.click()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.summary, timeout=WAIT_MS)
    assert_fits(qtbot, wizard)  # check and record


def test_questionnaire_form_fits(qtbot: QtBot, main_window: MainWindow, styled: None) -> None:
    from vigdesk.ui.cases import feature_of
    from vigdesk.ui.cases.dialogs.questionnaire_form import QuestionnaireForm

    cases = feature_of(main_window)
    assert cases is not None
    family = add_family(main_window.ctx.services)
    page = cases.open_case(family.case.id)
    assert page is not None
    qtbot.waitUntil(lambda: page.snapshot is not None, timeout=WAIT_MS)
    form = page.open_questionnaire()
    assert isinstance(form, QuestionnaireForm)
    for index in range(form.instrument_combo.count()):
        form.instrument_combo.setCurrentIndex(index)
        assert_fits(qtbot, form)


def test_retention_dashboard_fits(qtbot: QtBot, main_window: MainWindow, styled: None) -> None:
    from vigdesk.ui.records.feature import RecordsFeature

    add_family(main_window.ctx.services)
    records = main_window.findChild(RecordsFeature)
    assert records is not None
    dialog = records.open_dashboard()
    qtbot.waitUntil(lambda: main_window.ctx.runner.active_count == 0, timeout=WAIT_MS)
    assert_fits(qtbot, dialog)


def test_information_audit_fits(qtbot: QtBot, main_window: MainWindow, styled: None) -> None:
    from vigdesk.ui.records.feature import RecordsFeature

    add_family(main_window.ctx.services)
    records = main_window.findChild(RecordsFeature)
    assert records is not None
    dialog = records.open_audit()
    qtbot.waitUntil(lambda: main_window.ctx.runner.active_count == 0, timeout=WAIT_MS)
    assert_fits(qtbot, dialog)
