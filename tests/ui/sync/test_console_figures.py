"""The BSO's site console shows the site-wide retention figures from the cases the BSO's
vault holds (issue 18): due this month, inactive cases, summaries missing."""

from __future__ import annotations

from datetime import date

from pytestqt.qtbot import QtBot

from tests.sync.office import Office
from tests.ui.sync.conftest import WindowOn
from tests.ui.sync.test_console import _console
from vigdesk.core.sessions import SessionKind


def test_the_console_shows_site_wide_retention_figures(
    qtbot: QtBot, office: Office, window_on: WindowOn
) -> None:
    a = office["a"]
    idle = a.cases.add_case("JB", date(2024, 1, 8))  # no session since 2024: inactive
    a.sessions.add_session(idle.id, SessionKind.INITIAL_MEETING, date(2024, 2, 1))
    office.settle(("a", "bso"))
    _window, feature = window_on("bso")
    dialog = _console(qtbot, feature)
    data = dialog.data
    assert data is not None and data.figures is not None
    assert data.figures.inactive == 1 and data.figures.cases >= 1
    assert dialog.inactive_tile.value == 1
    assert dialog.due_tile.value == data.figures.due_this_month
    assert dialog.summaries_tile.value == 0
    assert dialog.figures_note.isVisible()
    assert "Across the 1 case this laptop holds" in dialog.figures_note.text()
    assert "Counted by the site's policy" in dialog.figures_note.text()
