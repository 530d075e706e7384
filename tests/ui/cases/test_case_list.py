"""The case list: no names in any role of any cell, sorting, filters and search."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QModelIndex, QPoint, Qt
from pytestqt.qtbot import QtBot

from tests.conftest import CHILD, MOTHER, add_family
from tests.ui.cases.conftest import Idle
from tests.ui.conftest import WAIT_MS
from vigdesk.core.cases import Case, CaseStatus, PersonKind
from vigdesk.core.changes import Changed
from vigdesk.ui.cases.feature import CasesFeature
from vigdesk.ui.main_window import MainWindow
from vigdesk.ui.models.case_list import CASE_ID_ROLE, CaseListModel, Column

FATHER = "Ambrose Featherstonehaugh"  # invented
ROLES = [*range(0, 40), *range(Qt.ItemDataRole.UserRole, Qt.ItemDataRole.UserRole + 20)]


def every_value(model: CaseListModel) -> list[str]:
    found = []
    for column in range(model.columnCount()):
        for role in ROLES:
            found.append(str(model.headerData(column, Qt.Orientation.Horizontal, role)))
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            index = model.index(row, column)
            for role in ROLES:
                found.append(str(model.data(index, role)))
                found.append(str(model.itemData(index)))
    return found


def assert_no_names(model: CaseListModel) -> None:
    assert model.rowCount() == 2
    words = {w.lower() for name in (MOTHER, CHILD, FATHER) for w in name.split()}
    for value in every_value(model):
        lowered = value.lower()
        assert not any(word in lowered for word in words), value


def test_the_list_never_shows_a_name(
    qtbot: QtBot, main_window: MainWindow, cases: CasesFeature, idle: Idle
) -> None:
    services = main_window.ctx.services
    add_family(services)
    other = services.cases.add_case("AF", date(2026, 8, 3), referral_source="GP")
    services.cases.add_person(
        other.id, PersonKind.ADULT, FATHER, parental_responsibility=True, relationship="father"
    )
    cases.reload_cases()
    idle()
    assert_no_names(cases.pane.model)
    assert cases.pane.model.index(0, Column.INITIALS).data() in {"MW", "AF"}

    cases.pane.privacy_box.click()  # off: still codes and initials only
    idle()
    assert not cases.privacy_mode
    assert not services.cases.privacy_mode
    cases.reload_cases()
    idle()
    assert_no_names(cases.pane.model)
    cases.privacy_action.trigger()  # and on again, from the menu
    idle()
    assert cases.privacy_mode and cases.pane.privacy_box.isChecked()


def invented(n: int, status: CaseStatus, initials: str, days: int) -> Case:
    return Case(
        id=f"{n:032x}",
        code=f"VIG-26-{n:04d}",
        initials=initials,
        referral_date=date(2026, 1, 1) + timedelta(days=days),
        referral_source="",
        primary_difficulty="",
        status=status,
        closed_on=None,
        closure_reason=None,
        created_at="",
    )


def column(model: CaseListModel, col: Column) -> list[str]:
    return [model.index(r, col).data() for r in range(model.rowCount())]


def test_sorting_and_filtering() -> None:
    model = CaseListModel()
    model.set_cases(
        [
            invented(3, CaseStatus.CLOSED, "ZB", 5),
            invented(1, CaseStatus.ACTIVE, "AC", 40),
            invented(2, CaseStatus.REFERRED, "MM", 1),
            invented(4, CaseStatus.ACTIVE, "BD", 20),
        ]
    )
    assert column(model, Column.CODE) == [f"VIG-26-000{n}" for n in (1, 2, 3, 4)]
    model.sort(Column.INITIALS, Qt.SortOrder.DescendingOrder)
    assert column(model, Column.INITIALS) == ["ZB", "MM", "BD", "AC"]
    model.sort(Column.STATUS)
    assert column(model, Column.STATUS) == ["Referred", "Active", "Active", "Closed"]
    model.sort(Column.REFERRAL)
    assert column(model, Column.REFERRAL) == [
        "2 Jan 2026",
        "6 Jan 2026",
        "21 Jan 2026",
        "10 Feb 2026",
    ]

    model.set_status_filter(CaseStatus.ACTIVE)
    assert column(model, Column.INITIALS) == ["BD", "AC"]  # still by referral date
    model.set_matches([f"{1:032x}", f"{2:032x}"])
    assert column(model, Column.INITIALS) == ["AC"]
    model.set_status_filter(None)
    assert column(model, Column.INITIALS) == ["MM", "AC"]
    model.set_matches(None)
    assert model.rowCount() == 4 and model.total == 4
    assert model.data(QModelIndex()) is None
    assert model.index(0, 0).data(CASE_ID_ROLE) == f"{2:032x}"


def test_header_click_sorts_and_keeps_the_open_case_selected(
    qtbot: QtBot, main_window: MainWindow, cases: CasesFeature, idle: Idle
) -> None:
    services = main_window.ctx.services
    first = add_family(services).case
    second = services.cases.add_case("ZZ", date(2026, 10, 1))
    cases.reload_cases()
    idle()
    cases.open_case(second.id)
    idle()
    table = cases.pane.table
    header = table.horizontalHeader()
    spot = QPoint(header.sectionViewportPosition(Column.INITIALS) + 10, header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    assert column(cases.pane.model, Column.INITIALS) == ["MW", "ZZ"]
    assert table.currentIndex().data(CASE_ID_ROLE) == second.id
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    assert column(cases.pane.model, Column.INITIALS) == ["ZZ", "MW"]
    assert table.currentIndex().row() == 0
    assert cases.page is not None and cases.page.case_id == second.id
    qtbot.keyClick(table, Qt.Key.Key_Down)  # arrowing to the other case opens it
    qtbot.waitUntil(
        lambda: cases.page is not None and cases.page.case_id == first.id, timeout=WAIT_MS
    )


def test_search_finds_a_family_by_name_but_lists_only_its_code(
    qtbot: QtBot, main_window: MainWindow, cases: CasesFeature, idle: Idle
) -> None:
    services = main_window.ctx.services
    family = add_family(services)
    services.cases.add_case("QQ", date(2026, 10, 1))
    cases.reload_cases()
    idle()
    assert cases.pane.model.rowCount() == 2
    qtbot.keyClicks(cases.pane.search_edit, MOTHER.split()[1][:6])
    qtbot.waitUntil(lambda: cases.pane.model.rowCount() == 1, timeout=WAIT_MS)
    assert cases.pane.model.index(0, Column.CODE).data() == family.case.code
    assert "1 of 2" in cases.pane.count_label.text()
    cases.pane.status_combo.setCurrentIndex(cases.pane.status_combo.findData("closed"))
    assert cases.pane.model.rowCount() == 0
    cases.pane.status_combo.setCurrentIndex(0)
    cases.pane.search_edit.clear()
    qtbot.waitUntil(lambda: cases.pane.model.rowCount() == 2, timeout=WAIT_MS)


def test_open_requests_from_other_screens_and_the_lock(
    qtbot: QtBot, main_window: MainWindow, cases: CasesFeature, idle: Idle
) -> None:
    family = add_family(main_window.ctx.services)
    cases.reload_cases()
    idle()
    events = main_window.ctx.events
    events.case_open_requested.emit(family.case.id)
    idle()
    page = cases.page
    assert page is not None and page.snapshot is not None
    assert main_window.workspace.detail_slot.currentWidget() is page
    assert cases.pane.table.currentIndex().data(CASE_ID_ROLE) == family.case.id
    with qtbot.waitSignal(events.review_requested, timeout=WAIT_MS) as asked:
        qtbot.mouseClick(page.header.review_button, Qt.MouseButton.LeftButton)
    assert asked.args == [family.case.id]

    events.vault_locked.emit()
    assert cases.pane.model.rowCount() == 0 and cases.pane.model.total == 0
    assert page.snapshot is None and page.header.code_label.text() == ""
    events.announce_changes({Changed.CASES, Changed.SESSIONS})  # a late change reloads nothing
    idle()
    assert cases.pane.model.total == 0 and page.snapshot is None
