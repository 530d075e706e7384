"""Training › My accreditation log…: a trainee's stage progress and supervision log."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vigdesk.ui.main_window import MainWindow


def install(window: MainWindow) -> None:
    from vigdesk.ui.training.progress_dialog import TrainingFeature

    TrainingFeature(window)
