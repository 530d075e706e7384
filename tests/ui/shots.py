"""Shared start of the screenshot scripts (scripts, not tests).

Each script renders its screens on invented demo data inside a temporary folder;
HOME and the XDG folders point there too, so nothing touches the real home.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from vigdesk.services.session import Services
    from vigdesk.ui.main_window import MainWindow


def run_isolated(argv: list[str], default_out: str, shoot: Callable[[Path, Path], int]) -> int:
    """`shoot(root, out)` with the output folder from argv and a throw-away home."""
    out = Path(argv[1] if len(argv) > 1 else default_out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="vigdesk-shots-") as tmp:
        root = Path(tmp)
        for name in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
            folder = root / name.lower()
            folder.mkdir()
            os.environ[name] = str(folder)
        os.environ.pop("VIGDESK_HOME", None)
        return shoot(root, out)


class Studio:
    """The Qt application, events and task runner one screenshot script shoots with.

    Create it inside `shoot(root, out)`, after `run_isolated` has moved HOME, so Qt
    starts (hardened) on the throw-away folders.
    """

    def __init__(self, root: Path, out: Path, *, wait_for_tasks: bool = True) -> None:
        from vigdesk.app import create_application, harden_process
        from vigdesk.ui.events import AppEvents
        from vigdesk.ui.tasks import TaskRunner

        harden_process()
        self.root = root
        self.out = out
        self.app = create_application(["vigdesk-screenshots"])
        self.events = AppEvents()
        self.runner = TaskRunner(self.events)
        # Screens with a playing video keep the runner busy: those scripts wait on the picture.
        self.wait_for_tasks = wait_for_tasks

    def settle(self, predicate: Callable[[], bool] = lambda: True, timeout: float = 60.0) -> None:
        """Process events until `predicate` holds (and the runner is idle) for a moment."""
        start = time.monotonic()
        while True:
            self.app.processEvents()
            idle = not self.wait_for_tasks or self.runner.active_count == 0
            if predicate() and idle and time.monotonic() - start > 0.4:
                return
            if time.monotonic() - start > timeout:
                raise TimeoutError("the screen did not reach the expected state")
            time.sleep(0.02)

    def save(self, widget: QWidget, name: str) -> Path:
        """Settle, then grab `widget` to OUT/name.png and print where it went."""
        self.settle()
        path = self.out / f"{name}.png"
        widget.grab().save(str(path))
        print(path)
        return path

    def open_demo(self) -> Services:
        """The demo vault (invented families) in ROOT/demo-vault, built if need be, unlocked."""
        from vigdesk.services.demo import DEMO_PASSPHRASE, ensure_demo_vault
        from vigdesk.ui.vault_access import VaultAccess

        home = self.root / "demo-vault"
        ensure_demo_vault(home)
        return VaultAccess().unlock(home, DEMO_PASSPHRASE).services

    def main_window(
        self,
        services: Services,
        *,
        demo: bool = False,
        settings: str = "ui",
        size: tuple[int, int] | None = None,
    ) -> MainWindow:
        """A shown main window on `services`, its geometry kept in ROOT/<settings>.ini."""
        from PySide6.QtCore import QSettings

        from vigdesk.ui.context import MainContext
        from vigdesk.ui.main_window import MainWindow

        stored = QSettings(str(self.root / f"{settings}.ini"), QSettings.Format.IniFormat)
        vault = services.vault
        ctx = MainContext(
            vault, vault.profile, services, self.runner, self.events, stored, 300_000, demo=demo
        )
        window = MainWindow(ctx)
        if size is not None:
            window.resize(*size)
        window.show()
        return window
