"""New case and add person through their dialogs, with the services' refusals inline."""

from __future__ import annotations

from datetime import date, timedelta

import shiboken6
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.conftest import add_family
from tests.ui.cases.conftest import Idle
from tests.ui.conftest import WAIT_MS, visible_texts
from vigdesk.core.cases import PersonKind
from vigdesk.ui.cases.dialogs.add_person import AddPersonDialog
from vigdesk.ui.cases.dialogs.form import to_qdate
from vigdesk.ui.cases.feature import CasesFeature
from vigdesk.ui.main_window import MainWindow


def click(qtbot: QtBot, button: object) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # type: ignore[arg-type]


def reads_of(window: MainWindow, case_id: str) -> list[object]:
    """Audited opens of a case with its names."""
    entries = window.ctx.vault.audit.entries()
    return [e for e in entries if e.action == "case.read" and e.object_id == case_id]


def test_new_case_refuses_a_future_referral_then_creates_and_opens_it(
    qtbot: QtBot, main_window: MainWindow, cases: CasesFeature, idle: Idle
) -> None:
    dialog = cases.open_new_case()
    assert dialog.isVisible() and dialog.parent() is main_window
    click(qtbot, dialog.save_button)
    assert dialog.message.kind == "error"
    assert "initials" in dialog.message.text()

    qtbot.keyClicks(dialog.initials_edit, "hq")
    tomorrow = date.today() + timedelta(days=1)
    dialog.referral_edit.setDate(to_qdate(tomorrow))
    dialog.source_combo.setCurrentText("nursery")
    qtbot.keyClicks(dialog.difficulty_edit, "limited shared play")
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: dialog.message.kind == "error", timeout=WAIT_MS)
    assert "is in the future" in dialog.message.text()
    assert dialog.isVisible()
    assert main_window.ctx.services.cases.list_cases() == []

    dialog.referral_edit.setDate(to_qdate(date.today() - timedelta(days=3)))
    with qtbot.waitSignal(dialog.saved, timeout=WAIT_MS) as saved:
        click(qtbot, dialog.save_button)
    case = saved.args[0]
    assert case.initials == "HQ" and case.referral_source == "nursery"
    assert case.primary_difficulty == "limited shared play"
    idle()
    assert not shiboken6.isValid(dialog) or not dialog.isVisible()
    assert [c.id for c in cases.pane.model.visible_cases()] == [case.id]
    page = cases.page
    assert page is not None and page.snapshot is not None
    assert page.snapshot.case.id == case.id
    assert page.header.code_label.text() == case.code
    assert page.header.activate_button.isVisible()
    assert "No one in the family" in visible_texts()


def test_add_an_adult_and_a_child_and_see_a_refused_birth_date(
    qtbot: QtBot, main_window: MainWindow, cases: CasesFeature, idle: Idle
) -> None:
    case = main_window.ctx.services.cases.add_case("LB", date(2026, 9, 1))
    page = cases.open_case(case.id)
    assert page is not None
    idle()
    dialog = page.open_add_person()
    assert isinstance(dialog, AddPersonDialog)
    assert dialog.pr_box.isVisible() and not dialog.birth_edit.isVisible()
    qtbot.keyClicks(dialog.name_edit, "Lowri Brightwater")
    dialog.relationship_combo.setCurrentText("mother")
    with qtbot.waitSignal(dialog.saved, timeout=WAIT_MS) as saved:
        click(qtbot, dialog.save_button)
    adult = saved.args[0]
    assert adult.kind is PersonKind.ADULT and adult.parental_responsibility
    assert adult.relationship == "mother" and adult.initials == "LB"

    dialog = page.open_add_person()
    assert isinstance(dialog, AddPersonDialog)
    dialog.child_radio.setChecked(True)
    assert dialog.birth_edit.isVisible() and not dialog.pr_box.isVisible()
    qtbot.keyClicks(dialog.name_edit, "Nye Brightwater")
    dialog.birth_edit.setDate(to_qdate(date.today() + timedelta(days=30)))
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: dialog.message.kind == "error", timeout=WAIT_MS)
    assert "date of birth" in dialog.message.text() and "future" in dialog.message.text()
    dialog.birth_edit.setDate(to_qdate(date(2024, 5, 17)))
    with qtbot.waitSignal(dialog.saved, timeout=WAIT_MS) as saved:
        click(qtbot, dialog.save_button)
    child = saved.args[0]
    assert child.kind is PersonKind.CHILD and child.date_of_birth == date(2024, 5, 17)
    assert not child.parental_responsibility
    idle()

    # Privacy mode is on: the page shows initials until "Show names", which is audited.
    assert page.snapshot is not None and len(page.snapshot.people) == 2
    assert "Lowri" not in visible_texts() and "LB" in visible_texts()
    assert page.header.show_names_button.isVisible()
    assert not reads_of(main_window, case.id)  # names were never read
    click(qtbot, page.header.show_names_button)
    idle()
    qtbot.waitUntil(lambda: "Lowri Brightwater" in visible_texts(), timeout=WAIT_MS)
    assert "Nye Brightwater" in visible_texts()
    assert not page.header.show_names_button.isVisible()
    assert len(reads_of(main_window, case.id)) == 1
    cases.privacy_action.trigger()  # off: names stay; on again: they go at once
    idle()
    cases.privacy_action.trigger()
    idle()
    qtbot.waitUntil(lambda: "Lowri" not in visible_texts(), timeout=WAIT_MS)


def test_privacy_off_shows_names_when_a_case_opens(
    qtbot: QtBot, main_window: MainWindow, cases: CasesFeature, idle: Idle
) -> None:
    family = add_family(main_window.ctx.services)
    cases.set_privacy_mode(False)
    idle()
    page = cases.open_case(family.case.id)
    idle()
    assert page is not None and page.snapshot is not None and page.snapshot.names_shown
    qtbot.waitUntil(lambda: family.mother.full_name in visible_texts(), timeout=WAIT_MS)
