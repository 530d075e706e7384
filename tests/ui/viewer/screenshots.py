"""Grab PNGs of the export dialog and the package viewer (a script, not a test).

    python tests/ui/viewer/screenshots.py OUTDIR     # under xvfb-run -a, or offscreen

Builds the demo vault (invented families only) in a temporary folder, with HOME and the
XDG folders pointing there too; the package is written there and deleted at the end.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

PACKAGE_PASSPHRASE = "plum orchard seventeen"


def main(argv: list[str]) -> int:
    out = Path(argv[1] if len(argv) > 1 else "screenshots/export").resolve()
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="vigdesk-export-shots-") as tmp:
        root = Path(tmp)
        for name in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
            folder = root / name.lower()
            folder.mkdir()
            os.environ[name] = str(folder)
        os.environ.pop("VIGDESK_HOME", None)
        return _shoot(root, out)


def _shoot(root: Path, out: Path) -> int:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QWidget

    from vigdesk.app import create_application, harden_process
    from vigdesk.core.consent import Purpose
    from vigdesk.services.demo import DEMO_PASSPHRASE, ensure_demo_vault
    from vigdesk.ui.context import MainContext
    from vigdesk.ui.events import AppEvents
    from vigdesk.ui.main_window import MainWindow
    from vigdesk.ui.tasks import TaskRunner
    from vigdesk.ui.vault_access import VaultAccess
    from vigdesk.ui.viewer.export_dialog import ExportDialog
    from vigdesk.ui.viewer.window import ViewerWindow

    harden_process()
    app = create_application(["vigdesk-screenshots"])
    events = AppEvents()
    runner = TaskRunner(events)

    def settle(predicate: Callable[[], bool] = lambda: True, timeout: float = 30.0) -> None:
        deadline, start = time.monotonic() + timeout, time.monotonic()
        while True:
            app.processEvents()
            if predicate() and runner.active_count == 0 and time.monotonic() > start + 0.3:
                return
            if time.monotonic() > deadline:
                raise TimeoutError("the screen did not reach the expected state")
            time.sleep(0.02)

    def save(widget: QWidget, name: str) -> None:
        settle()
        path = out / f"{name}.png"
        widget.grab().save(str(path))
        print(path)

    home = root / "demo-vault"
    ensure_demo_vault(home)
    opened = VaultAccess().unlock(home, DEMO_PASSPHRASE)
    settings = QSettings(str(root / "ui.ini"), QSettings.Format.IniFormat)
    ctx = MainContext(
        opened.vault, opened.profile, opened.services, runner, events, settings, 300_000, True
    )
    s = ctx.services
    window = MainWindow(ctx)
    window.show()
    case = next(
        c
        for c in s.cases.list_cases()
        if s.exports.consent_problem(c.id, Purpose.SUPERVISION) is None
        and any(m.kind.value == "clip" for m in s.media.list_media(c.id))
    )
    media = s.media.list_media(case.id)
    clip = next(m for m in media if m.kind.value == "clip")
    footage = next(m for m in media if m.kind.value == "footage")
    still = s.media.make_still(footage.id, 6.0, caption="Looking at each other")
    items = [clip, still]

    dialog = ExportDialog(ctx, case, items, window)
    dialog.open()
    settle(lambda: dialog.consent.kind is not None)
    dialog.form.recipient.setText("Dr Ada Okafor")
    dialog.form.passphrase.new_edit.setText(PACKAGE_PASSPHRASE)
    dialog.form.passphrase.confirm_edit.setText(PACKAGE_PASSPHRASE)
    dialog.form.out_edit.setText(str(root / "package.vigpkg"))
    save(dialog, "export-dialog")
    dialog.form.training.setChecked(True)
    settle(lambda: dialog.consent.kind == "error")
    save(dialog, "export-dialog-no-consent")
    dialog.form.supervision.setChecked(True)
    settle(lambda: dialog.consent.kind == "notice")
    dialog.form.out_edit.setText(str(root / "package.vigpkg"))
    dialog.make()
    settle(lambda: dialog.message.kind is not None, timeout=60)
    save(dialog, "export-dialog-done")
    dialog.close()
    window.close()
    package = root / "package.vigpkg"
    today = s.ctx.today()
    opened.vault.lock()

    viewer = ViewerWindow(package, runner=runner, today=lambda: today)
    viewer.resize(1100, 760)
    viewer.show()
    settle(lambda: "opens until" in viewer.open_panel.facts.text())
    viewer.open_panel.passphrase_edit.setText(PACKAGE_PASSPHRASE)
    save(viewer, "viewer-open")
    viewer.open_panel.open_button.click()
    settle(lambda: viewer.pages.currentWidget() is viewer.content)
    player = viewer.content.player
    player.play()
    settle(lambda: player.media.position() > 1500)
    player.media.pause()
    save(viewer, "viewer-clip")
    viewer.content.list.setCurrentRow(1)
    save(viewer, "viewer-still")
    viewer.close()

    late = ViewerWindow(package, runner=runner, today=lambda: today + timedelta(days=60))
    late.resize(1100, 760)
    late.show()
    settle(lambda: late.open_panel.message.kind == "error")
    save(late, "viewer-expired")
    late.close()
    runner.wait_for_done(5000)
    app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
