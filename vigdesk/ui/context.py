"""What the main window, and every screen inside it, is given by the session."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings

from vigdesk.ui.events import AppEvents
from vigdesk.ui.session_memory import SessionMemory
from vigdesk.ui.tasks import TaskRunner

if TYPE_CHECKING:  # the unlock window shows before the services load (cold start)
    from vigdesk.services.session import Services
    from vigdesk.storage.vault import Profile, Vault


@dataclass(frozen=True)
class MainContext:
    """Injected dependencies of the unlocked ui; dropped as a whole when the vault locks.

    `vault` and `services` are only handed to tasks (never called on the GUI thread);
    `profile` is a snapshot read at unlock. `settings` holds window geometry and nothing personal.
    """

    vault: Vault
    profile: Profile
    services: Services
    runner: TaskRunner
    events: AppEvents
    settings: QSettings
    idle_ms: int
    demo: bool = False
    memory: SessionMemory = field(default_factory=SessionMemory)  # the same across unlocks

    @property
    def home(self) -> Path:
        return self.vault.home
