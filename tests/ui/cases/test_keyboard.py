"""The case list works from the keyboard alone (issue 15, item 4): focus is visible,
arrows move, Enter opens the family and takes focus into its record, and Tab leaves
the table instead of walking it cell by cell (which opened the next family every
fourth press).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.conftest import add_family
from tests.ui.cases.conftest import Idle
from tests.ui.conftest import WAIT_MS
from vigdesk.ui.cases.feature import CasesFeature
from vigdesk.ui.look import apply_look
from vigdesk.ui.main_window import MainWindow
from vigdesk.ui.models.case_list import CASE_ID_ROLE


@pytest.fixture
def two_cases(main_window: MainWindow, cases: CasesFeature, idle: Idle) -> list[str]:
    services = main_window.ctx.services
    first = add_family(services).case.id
    second = services.cases.add_case("ZZ", date(2026, 10, 1)).id
    cases.reload_cases()
    idle()
    return [first, second]


@pytest.fixture
def styled(qapp: QApplication) -> Iterator[None]:
    apply_look(qapp)
    yield
    qapp.setStyleSheet("")


def _focus(qtbot: QtBot, window: MainWindow, widget: object) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=WAIT_MS)
    widget.setFocus(Qt.FocusReason.TabFocusReason)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: widget.hasFocus(), timeout=WAIT_MS)  # type: ignore[attr-defined]


def test_tab_leaves_the_table_and_never_opens_a_family(
    qtbot: QtBot, main_window: MainWindow, cases: CasesFeature, two_cases: list[str], idle: Idle
) -> None:
    table = cases.pane.table
    _focus(qtbot, main_window, cases.pane.search_edit)
    seen = []
    for _ in range(12):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
        QApplication.processEvents()
    idle()
    assert table in seen
    after_table = seen[seen.index(table) + 1]
    assert after_table is not table  # one Tab in, one Tab out
    assert cases.page is None  # walking past the list opened nobody's record
    assert not cases.pane.open_pending  # and will not open one in a moment


def test_arrows_move_and_enter_opens_the_family_with_focus_in_its_record(
    qtbot: QtBot, main_window: MainWindow, cases: CasesFeature, two_cases: list[str], idle: Idle
) -> None:
    table = cases.pane.table
    _focus(qtbot, main_window, table)
    qtbot.keyClick(table, Qt.Key.Key_Home)
    assert table.currentIndex().row() == 0
    qtbot.keyClick(table, Qt.Key.Key_Down)
    assert table.currentIndex().row() == 1
    wanted = str(table.currentIndex().data(CASE_ID_ROLE))
    qtbot.keyClick(table, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: cases.page is not None and cases.page.case_id == wanted, timeout=WAIT_MS
    )
    page = cases.page
    assert page is not None
    # (the window's focus widget: offscreen Qt may drop the window's activation)
    qtbot.waitUntil(
        lambda: (focus := main_window.focusWidget()) is not None and page.isAncestorOf(focus),
        timeout=WAIT_MS,
    )
    # and Tab walks on through the record's buttons and tabs, staying in the record
    for _ in range(4):
        qtbot.keyClick(main_window.focusWidget(), Qt.Key.Key_Tab)
        focus = main_window.focusWidget()
        assert focus is not None and page.isAncestorOf(focus)


def _shot(widget: object) -> QImage:
    return widget.grab().toImage()  # type: ignore[attr-defined,no-any-return]


def test_the_focused_list_shows_where_focus_is(
    qtbot: QtBot,
    main_window: MainWindow,
    cases: CasesFeature,
    two_cases: list[str],
    styled: None,
) -> None:
    table = cases.pane.table
    cases.pane.select_case(two_cases[0])
    _focus(qtbot, main_window, cases.pane.search_edit)
    unfocused = _shot(table)
    _focus(qtbot, main_window, table)
    assert _shot(table) != unfocused
