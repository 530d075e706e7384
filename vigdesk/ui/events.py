"""The application-wide change-set hub (Anki's `operation_did_execute`).

Screens never call each other to say "refresh": a finished operation announces
which areas it changed (`core.changes.Changed` members), and each view decides whether
that concerns it.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QObject, Signal

from vigdesk.core.changes import Changed, ChangeSet


class AppEvents(QObject):
    """Signals about the whole app. Emit and connect on the GUI thread only.

    - `vault_unlocked()`: a vault was opened and the main window is up.
    - `vault_locked()`: the ui has locked; views must drop any case data now.
    - `data_changed(frozenset[Changed])`: what a finished operation changed
      (`core.changes.Changed`: a typo is a type error, not a stale view).

    Navigation between features (each carries a case id), so features never
    import each other:
    - `case_open_requested(str)`: show this case's page (the cases feature).
    - `review_requested(str)`: open the review workspace on this case's video.
    - `consent_requested(str)`: start the consent wizard for this case.
    - `records_requested(str)`: retention, holds and subject access for this case.
    - `case_shown(str)`: the cases feature now shows this case (the "current case").
    """

    vault_unlocked = Signal()
    vault_locked = Signal()
    data_changed = Signal(object)
    case_open_requested = Signal(str)
    review_requested = Signal(str)
    consent_requested = Signal(str)
    records_requested = Signal(str)
    case_shown = Signal(str)

    def announce_changes(self, areas: Iterable[Changed]) -> None:
        """Emit `data_changed` once with every area, or not at all when there are none."""
        changes: ChangeSet = frozenset(areas)
        if changes:
            self.data_changed.emit(changes)
