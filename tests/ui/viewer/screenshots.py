"""Grab PNGs of the export dialog and the package viewer (a script, not a test).

    python tests/ui/viewer/screenshots.py OUTDIR     # under xvfb-run -a, or offscreen

Builds the demo vault (invented families only) in a temporary folder, with HOME and the
XDG folders pointing there too; the package is written there and deleted at the end.
"""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path

from tests.ui.shots import Studio, run_isolated

PACKAGE_PASSPHRASE = "plum orchard seventeen"


def main(argv: list[str]) -> int:
    return run_isolated(argv, "screenshots/export", _shoot)


def _shoot(root: Path, out: Path) -> int:
    from vigdesk.core.consent import Purpose
    from vigdesk.ui.viewer.export_dialog import ExportDialog
    from vigdesk.ui.viewer.window import ViewerWindow

    studio = Studio(root, out)
    settle, save = studio.settle, studio.save

    s = studio.open_demo()
    window = studio.main_window(s, demo=True)
    ctx = window.ctx
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
    s.vault.lock()

    viewer = ViewerWindow(package, runner=studio.runner, today=lambda: today)
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

    late = ViewerWindow(package, runner=studio.runner, today=lambda: today + timedelta(days=60))
    late.resize(1100, 760)
    late.show()
    settle(lambda: late.open_panel.message.kind == "error")
    save(late, "viewer-expired")
    late.close()
    studio.runner.wait_for_done(5000)
    studio.app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
