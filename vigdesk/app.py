"""Composition root: builds the Qt application, the services and the first window.

Nothing happens at import time, and importing this module does not load PySide6
(the CLI imports it lazily too). `run()` hardens the process and Qt's environment
before the QApplication exists, then hands everything to `ui.session.Session`.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from vigdesk import __version__, hardening
from vigdesk.paths import default_home

if TYPE_CHECKING:  # PySide6 loads only when run() starts the GUI
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

APP_NAME = "vigdesk"
IDLE_SETTING = "lock/idle_minutes"
READY_ENV = "VIGDESK_READY_FILE"

# Set before Qt starts: no shader/pipeline or QML caches on disk (they are keyed by
# content that could include rendered case data), and no Qt network cache is used.
PRIVATE_ENV = {
    "QT_DISABLE_SHADER_DISK_CACHE": "1",
    "QML_DISABLE_DISK_CACHE": "1",
    "QSG_RHI_DISABLE_DISK_CACHE": "1",
}


def harden_process() -> None:
    """Before QApplication: no on-disk caches from Qt, plus `hardening.harden_process`
    (no core dumps holding keys, private files)."""
    hardening.harden_process()
    for name, value in PRIVATE_ENV.items():
        os.environ[name] = value


def create_application(argv: list[str]) -> QApplication:
    """The QApplication with names, look and quit behaviour; call `harden_process` first."""
    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtWidgets import QApplication

    from vigdesk.render.refcounts import pin_singletons
    from vigdesk.ui.look import apply_look

    pin_singletons()  # PySide6 6.12 on CPython 3.11 leaks None/True refs: see refcounts.py
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_DisableShaderDiskCache, True)
    app = QApplication(argv)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_NAME)
    # The session decides when to quit: between lock and unlock no window may be open.
    app.setQuitOnLastWindowClosed(False)
    apply_look(app)
    return app


def idle_ms_from(settings: QSettings) -> int:
    """The auto-lock delay: `lock/idle_minutes` (default 5), clamped to at most 15."""
    from vigdesk.ui.idle import DEFAULT_IDLE_MS, clamp_idle_ms

    raw = settings.value(IDLE_SETTING, DEFAULT_IDLE_MS / 60000)
    try:
        minutes = float(str(raw))
    except ValueError:
        minutes = DEFAULT_IDLE_MS / 60000
    return clamp_idle_ms(round(max(minutes, 1.0) * 60000))


def run(home: Path | None, demo: bool = False) -> int:
    """Start the GUI on the vault at `home` (default: `paths.default_home()`)."""
    harden_process()
    app = create_application(sys.argv[:1])

    from PySide6.QtCore import QSettings

    from vigdesk.ui import dialog_history

    dialog_history.install(app)

    from vigdesk.ui.events import AppEvents
    from vigdesk.ui.session import Session
    from vigdesk.ui.session_watch import create_session_watch
    from vigdesk.ui.tasks import TaskRunner
    from vigdesk.ui.vault_access import VaultAccess

    settings = QSettings()  # window geometry and the idle delay only; nothing personal
    events = AppEvents(app)
    runner = TaskRunner(events, app)
    session = Session(
        home if home is not None else default_home(),
        access=VaultAccess(),
        runner=runner,
        events=events,
        settings=settings,
        idle_ms=idle_ms_from(settings),
        demo=demo,
        parent=app,
    )
    app.aboutToQuit.connect(session.shutdown)
    events.vault_locked.connect(dialog_history.forget_file_dialog_history)
    session.start()
    from PySide6.QtCore import QTimer

    ready = os.environ.get(READY_ENV)
    if ready:
        QTimer.singleShot(0, lambda: announce_ready(Path(ready), session.front))
    # The first window shows before the services load (cold start); load them while the
    # practitioner types, so unlocking does not wait for them.
    QTimer.singleShot(0, lambda: runner.run(_load_services, on_success=_ignore, owner=app))
    QTimer.singleShot(0, lambda: session.attach_watch(create_session_watch(app)))
    return app.exec()


def _load_services(_: object) -> None:
    """Import the services ahead of the unlock (a worker thread). Quitting within the
    first second stops the interpreter under the import: nothing to report then."""
    with contextlib.suppress(RuntimeError):
        import vigdesk.services.session  # noqa: F401


def _ignore(_: object) -> None:
    pass


def announce_ready(path: Path, front: object) -> None:
    """`$VIGDESK_READY_FILE`, for tests that start the real app: once the event
    loop runs with the first window shown, create `path` holding that window's class
    name (e.g. `FirstRunWindow`), nothing else. Never overwrites a file; never raises."""
    with contextlib.suppress(OSError), path.open("x", encoding="utf-8") as out:
        out.write(type(front).__name__ + "\n")
