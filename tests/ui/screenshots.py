"""Grab PNGs of the start screens and the main window (a script, not a test).

    python tests/ui/screenshots.py OUTDIR        # e.g. under xvfb-run -a, or offscreen

Builds a demo vault in a temporary folder (invented data only); nothing touches the
real home: HOME and the XDG folders point into the temporary folder too.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from tests.ui.shots import Studio, run_isolated

PASSPHRASE = "orchard lantern river 73"


def main(argv: list[str]) -> int:
    return run_isolated(argv, "screenshots", _shoot)


def _shoot(root: Path, out: Path) -> int:
    from vigdesk.crypto.kdf import MIN_MEMORY_KIB, KdfParams
    from vigdesk.services.demo import DEMO_PASSPHRASE, ensure_demo_vault
    from vigdesk.ui.first_run import FirstRunWindow
    from vigdesk.ui.unlock import UnlockWindow
    from vigdesk.ui.vault_access import VaultAccess

    studio = Studio(root, out, wait_for_tasks=False)
    settle, save = studio.settle, studio.save
    runner = studio.runner
    access = VaultAccess(
        kdf=lambda: KdfParams(salt=os.urandom(16), memory_kib=MIN_MEMORY_KIB, iterations=1)
    )

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
    main = studio.main_window(opened.services, demo=True)
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
    studio.app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
