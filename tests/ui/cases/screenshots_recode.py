"""Grab PNGs of "Change code…" on a demo vault (a script, not a test).

    python tests/ui/cases/screenshots_recode.py OUTDIR   # under xvfb-run -a, or offscreen

Saves recode-header.png (the case page with the link), recode.png (the dialog) and
recode-refused.png (a code already in use, refused inline).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from tests.ui.shots import run_isolated


def main(argv: list[str]) -> int:
    return run_isolated(argv, "screenshots/cases", _shoot)


def _shoot(root: Path, out: Path) -> int:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QWidget

    from vigdesk.app import create_application, harden_process
    from vigdesk.core.cases import CaseStatus
    from vigdesk.crypto.kdf import MIN_MEMORY_KIB, KdfParams
    from vigdesk.services.demo import DEMO_PASSPHRASE, ensure_demo_vault
    from vigdesk.ui.cases import feature_of
    from vigdesk.ui.cases.dialogs.change_code import ChangeCodeDialog
    from vigdesk.ui.context import MainContext
    from vigdesk.ui.events import AppEvents
    from vigdesk.ui.main_window import MainWindow
    from vigdesk.ui.tasks import TaskRunner
    from vigdesk.ui.vault_access import VaultAccess

    harden_process()
    app = create_application(["vigdesk-recode-screenshots"])
    events = AppEvents()
    runner = TaskRunner(events)
    access = VaultAccess(
        kdf=lambda: KdfParams(salt=os.urandom(16), memory_kib=MIN_MEMORY_KIB, iterations=1)
    )

    def settle(predicate: Callable[[], bool] = lambda: True, timeout: float = 15.0) -> None:
        start = time.monotonic()
        while True:
            app.processEvents()
            if predicate() and runner.active_count == 0 and time.monotonic() - start > 0.4:
                return
            if time.monotonic() - start > timeout:
                raise TimeoutError("the screen did not reach the expected state")
            time.sleep(0.02)

    def save(widget: QWidget, name: str) -> None:
        settle()
        path = out / f"{name}.png"
        widget.grab().save(str(path))
        print(path)

    home = root / "demo-vault"
    ensure_demo_vault(home)
    opened = access.unlock(home, DEMO_PASSPHRASE)
    settings = QSettings(str(root / "ui.ini"), QSettings.Format.IniFormat)
    ctx = MainContext(
        opened.vault, opened.profile, opened.services, runner, events, settings, 300_000, True
    )
    window = MainWindow(ctx)
    window.resize(1360, 860)
    window.show()
    feature = feature_of(window)
    assert feature is not None
    model = feature.pane.model
    settle(lambda: model.rowCount() > 0)
    cases = model.visible_cases()
    target = next(c for c in cases if c.status is CaseStatus.ACTIVE)
    other = next(c for c in cases if c.id != target.id)
    page = feature.open_case(target.id)
    assert page is not None
    settle(lambda: page.snapshot is not None)
    save(window, "recode-header")

    page.header.change_code_button.click()
    dialog = window.findChild(ChangeCodeDialog)
    assert isinstance(dialog, ChangeCodeDialog)
    dialog.code_edit.setText(other.code)
    dialog.submit()
    settle(lambda: dialog.message.kind == "error")
    save(dialog, "recode-refused")
    dialog.message.clear_message()
    dialog.code_edit.setText(f"{target.code}A")
    dialog.code_edit.setFocus()
    save(dialog, "recode")
    dialog.close()

    window.close()
    opened.vault.lock()
    runner.wait_for_done(5000)
    app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
