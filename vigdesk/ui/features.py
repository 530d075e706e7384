"""Feature screens plug into the main window here.

Each feature is a package under vigdesk/ui with `install(window: MainWindow) -> None`,
which adds its menu (`window.add_menu`), its pages (`window.workspace` slots), its
status widgets (`window.status`), and connects to `window.ctx.events`. Features
talk to each other only through AppEvents' navigation signals.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vigdesk.ui.main_window import MainWindow

FEATURES = (
    "vigdesk.ui.cases",  # case list, case page, people, sessions, questionnaires, outcomes
    "vigdesk.ui.review",  # import, player, trimmer, stills, shared-review mode
    "vigdesk.ui.consent",  # consent wizard, consent record PDF, register
    "vigdesk.ui.records",  # retention preview and dashboard, holds, subject access, reports
    "vigdesk.ui.sync",
    "vigdesk.ui.training",  # a trainee's accreditation log and supervision
)


def install_features(window: MainWindow) -> None:
    for name in FEATURES:
        importlib.import_module(name).install(window)
