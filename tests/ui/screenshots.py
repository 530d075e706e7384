"""Grab PNGs of the start screens and the main window (a script, not a test).

    python tests/ui/screenshots.py OUTDIR        # e.g. under xvfb-run -a, or offscreen

Builds a demo vault in a temporary folder (invented data only); nothing touches the
real home: HOME and the XDG folders point into the temporary folder too.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from tests.ui.shots import run_isolated

PASSPHRASE = "orchard lantern river 73"


def main(argv: list[str]) -> int:
    return run_isolated(argv, "screenshots", _shoot)


def _shoot(root: Path, out: Path) -> int:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QWidget

    from vigdesk.app import create_application, harden_process
    from vigdesk.crypto.kdf import MIN_MEMORY_KIB, KdfParams
    from vigdesk.services.demo import DEMO_PASSPHRASE, ensure_demo_vault
    from vigdesk.ui.context import MainContext
    from vigdesk.ui.events import AppEvents
    from vigdesk.ui.first_run import FirstRunWindow
    from vigdesk.ui.main_window import MainWindow
    from vigdesk.ui.tasks import TaskRunner
    from vigdesk.ui.unlock import UnlockWindow
    from vigdesk.ui.vault_access import VaultAccess

    harden_process()
    app = create_application(["vigdesk-screenshots"])
    events = AppEvents()
    runner = TaskRunner(events)
    access = VaultAccess(
        kdf=lambda: KdfParams(salt=os.urandom(16), memory_kib=MIN_MEMORY_KIB, iterations=1)
    )

    def settle(predicate: Callable[[], bool] = lambda: True, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while True:
            app.processEvents()
            if predicate() and time.monotonic() > deadline - timeout + 0.3:
                return
            if time.monotonic() > deadline:
                raise TimeoutError("the screen did not reach the expected state")
            time.sleep(0.02)

    def save(widget: QWidget, name: str) -> None:
        settle()
        path = out / f"{name}.png"
        widget.grab().save(str(path))
        print(path)

    # First run, filled in.
    first = FirstRunWindow(root / "new-vault", access, runner)
    first.show()
    first.profile.name_edit.setText("Sam Taylor")
    first.passphrase.new_edit.setText(PASSPHRASE)
    first.passphrase.confirm_edit.setText(PASSPHRASE)
    save(first, "first-run")
    first.agreement.accept_box.setChecked(True)
    first.resize(760, 1500)
    save(first, "first-run-full")
    first.resize(760, 880)
    first.passphrase.new_edit.setText("kettle")
    first.passphrase.confirm_edit.setText("")
    save(first, "first-run-weak")
    first.close()

    # Unlock, after a wrong passphrase.
    home = root / "demo-vault"
    ensure_demo_vault(home)
    unlock = UnlockWindow(home, access, runner, demo=True)
    unlock.show()
    unlock.passphrase_edit.setText("not the passphrase")
    unlock.unlock()
    settle(lambda: unlock.message.kind == "error")
    save(unlock, "unlock-error")
    unlock.show_wait(75)
    save(unlock, "unlock-backoff")
    unlock.close()

    # Main window on the demo vault.
    opened = access.unlock(home, DEMO_PASSPHRASE)
    settings = QSettings(str(root / "ui.ini"), QSettings.Format.IniFormat)
    ctx = MainContext(
        opened.vault, opened.profile, opened.services, runner, events, settings, 300_000, True
    )
    main = MainWindow(ctx)
    main.show()
    save(main, "main")
    dialog = main.open_change_passphrase()
    dialog.current_edit.setText(DEMO_PASSPHRASE)
    dialog.fields.new_edit.setText(PASSPHRASE)
    dialog.fields.confirm_edit.setText(PASSPHRASE + "x")
    save(dialog, "change-passphrase")
    dialog.close()
    about = main.open_about()
    save(about, "about")
    about.close()
    shortcuts = main.open_shortcuts()
    save(shortcuts, "shortcuts")
    shortcuts.close()
    main.close()
    opened.vault.lock()
    runner.wait_for_done(5000)
    app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
