"""The consent register, the overdue-review reminder, withdrawal, and the record's copies."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from tests.conftest import Family, add_family
from tests.ui.conftest import WAIT_MS
from tests.ui.consent.test_wizard import feature_of
from vigdesk.core.consent import Method, Purpose
from vigdesk.core.errors import ConsentRequired
from vigdesk.services.session import Services
from vigdesk.ui.consent.register.dialog import RegisterDialog
from vigdesk.ui.consent.register.model import Column, RegisterModel
from vigdesk.ui.consent.texts import consequence
from vigdesk.ui.main_window import MainWindow

LEFT = Qt.MouseButton.LeftButton


def overdue_family(services: Services) -> Family:
    """A family whose review date passed ten days ago."""
    fam = add_family(services, consent=())
    today = services.ctx.today()
    services.consent.record(
        fam.case.id,
        fam.mother.id,
        [fam.child.id],
        {Purpose.FILM: True, Purpose.KEEP: True, Purpose.TRAINING: False},
        form_version="2026.1",
        given_on=today - timedelta(days=200),
        method=Method.SCANNED_PAPER,
        review_due=today - timedelta(days=10),
    )
    return fam


def loaded_register(qtbot: QtBot, window: MainWindow, **kwargs: str) -> RegisterDialog:
    feature = feature_of(window)
    dialog = feature.open_register(**kwargs)
    qtbot.waitUntil(lambda: dialog.register is not None, timeout=WAIT_MS)
    return dialog


def cell(dialog: RegisterDialog, row: int, column: Column, role: int = 0) -> object:
    return dialog.proxy.index(row, column).data(role or Qt.ItemDataRole.DisplayRole)


def test_menu_and_the_reminder_of_overdue_reviews(qtbot: QtBot, main_window: MainWindow) -> None:
    menu = next(a.menu() for a in main_window.menuBar().actions() if a.text() == "C&onsent")
    assert menu is not None
    assert [a.text().replace("&", "") for a in menu.actions() if not a.isSeparator()] == [
        "Record consent…",
        "Withdraw consent…",
        "This case's consent…",
        "Register…",
    ]
    services = main_window.ctx.services
    overdue_family(services)
    add_family(services)  # consent in force, review not set
    feature = feature_of(main_window)
    feature.reminder.refresh()
    qtbot.waitUntil(lambda: feature.reminder.overdue == 1, timeout=WAIT_MS)
    assert feature.reminder.button.text() == "1 consent review overdue"
    assert feature.reminder.button.isVisibleTo(main_window)

    qtbot.mouseClick(feature.reminder.button, LEFT)
    dialog = main_window.findChild(RegisterDialog)
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.register is not None, timeout=WAIT_MS)
    assert dialog.proxy.rowCount() == 1
    assert cell(dialog, 0, Column.STATUS) == "Review overdue"
    assert cell(dialog, 0, Column.TRAINING) == "No"
    assert cell(dialog, 0, Column.SUPERVISION) == "—"
    assert cell(dialog, 0, Column.METHOD) == "Paper form"
    assert cell(dialog, 0, Column.REVIEW, Qt.ItemDataRole.BackgroundRole) is not None
    assert "1 review overdue" in dialog.summary.text()
    dialog.set_status_filter("")
    assert dialog.proxy.rowCount() == 2
    dialog.search.setText("no such case")
    assert dialog.proxy.rowCount() == 0
    dialog.close()


def test_the_demo_like_states_read_well(qtbot: QtBot, main_window: MainWindow) -> None:
    services = main_window.ctx.services
    fam = add_family(services)
    keep = [r.id for r in services.consent.for_case(fam.case.id) if r.purpose is Purpose.KEEP]
    services.consent.withdraw(keep, "moving away")
    dialog = loaded_register(qtbot, main_window)
    assert cell(dialog, 0, Column.KEEP) == "Withdrawn"
    assert "moving away" in str(cell(dialog, 0, Column.KEEP, Qt.ItemDataRole.ToolTipRole))
    assert cell(dialog, 0, Column.STATUS) == "Partly withdrawn"
    assert cell(dialog, 0, Column.GIVER) == "MW (mother)"
    dialog.set_status_filter("withdrawn")
    assert dialog.proxy.rowCount() == 1
    dialog.set_status_filter("in_force")
    assert dialog.proxy.rowCount() == 0
    dialog.close()


def test_withdrawing_in_the_register_blocks_at_once(qtbot: QtBot, main_window: MainWindow) -> None:
    services = main_window.ctx.services
    fam = add_family(services)
    services.consent.require(fam.case.id, [Purpose.KEEP], "play this video")
    dialog = loaded_register(qtbot, main_window, case_id=fam.case.id)
    assert "Consent for case" in dialog.title.text()
    assert dialog.select_entry(lambda e: e.child_id == fam.child.id)
    withdraw = dialog.withdraw()
    assert withdraw is not None
    assert len(withdraw.chosen()) == len(Purpose)  # the selected row's consents come ticked
    for box, purpose, _ in withdraw.boxes.values():
        box.setChecked(purpose is Purpose.KEEP)
    assert consequence(Purpose.KEEP) in withdraw.effects.text()
    withdraw.reason_edit.setText("changed her mind")
    with qtbot.waitSignal(withdraw.withdrawn, timeout=WAIT_MS):
        qtbot.mouseClick(withdraw.withdraw_button, LEFT)
    with pytest.raises(ConsentRequired, match="MW has withdrawn or refused consent to keeping"):
        services.consent.require(fam.case.id, [Purpose.KEEP], "play this video")
    services.consent.require(fam.case.id, [Purpose.FILM], "film")
    assert "Playback of this family's video is now blocked" in withdraw.message.text()
    assert withdraw.close_button.isVisible()
    qtbot.waitUntil(lambda: cell(dialog, 0, Column.KEEP) == "Withdrawn", timeout=WAIT_MS)
    withdraw.close()
    dialog.close()


def test_the_record_dialog_prints_to_paper_only_and_saves_an_audited_copy(
    qtbot: QtBot, main_window: MainWindow, tmp_path: Path
) -> None:
    services = main_window.ctx.services
    fam = add_family(services)
    dialog = loaded_register(qtbot, main_window)
    assert dialog.select_entry(lambda e: e.case_id == fam.case.id)
    record = dialog.view_record()
    assert record is not None
    qtbot.waitUntil(lambda: record.panel is not None, timeout=WAIT_MS)
    panel = record.panel
    assert panel is not None
    assert "MW (mother)" in panel.preview.toPlainText()

    printing = panel.print_record()
    printer = printing.printer()  # type: ignore[attr-defined]
    target = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(target))
    printing.accept()
    assert panel.message.kind == "error" and "paper only" in panel.message.text()
    assert not target.exists()

    box = panel.ask_to_save()
    assert isinstance(box, QMessageBox) and "not encrypted" in box.text()
    box.close()
    copy = tmp_path / "for-the-family"
    panel.save_to(copy)
    qtbot.waitUntil(lambda: panel.message.kind == "notice", timeout=WAIT_MS)
    saved = tmp_path / "for-the-family.pdf"
    assert saved.read_bytes().startswith(b"%PDF")
    actions = [e.action for e in services.ctx.audit.entries()]
    assert "consent.record_exported" in actions and "consent.evidence_read" in actions
    record.close()
    dialog.close()


def test_locking_empties_the_register(qtbot: QtBot, main_window: MainWindow) -> None:
    add_family(main_window.ctx.services)
    dialog = loaded_register(qtbot, main_window)
    model = dialog.model
    assert isinstance(model, RegisterModel) and model.rowCount() == 1
    main_window.ctx.events.vault_locked.emit()
    assert model.rowCount() == 0
    assert not feature_of(main_window).reminder.button.isVisible()


def test_a_case_opened_from_the_list_is_the_consent_menus_case(main_window: MainWindow) -> None:
    from vigdesk.ui.cases import feature_of as cases_feature_of

    fam = add_family(main_window.ctx.services)
    cases = cases_feature_of(main_window)
    assert cases is not None
    cases.open_case(fam.case.id)
    assert feature_of(main_window).current_case_id == fam.case.id
