"""Which window is in front, and the one reference to the unlocked vault.

First run → main window ⇄ unlock window. Locking (Ctrl+L, idle, OS screen lock or
suspend) closes every window that shows case data, drops the vault, and runs
`vault.lock()` (which audits) on the serial worker after any database write in
flight. GUI thread only.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

from vigdesk.ui.context import MainContext
from vigdesk.ui.events import AppEvents
from vigdesk.ui.idle import DEFAULT_IDLE_MS, IdleWatch
from vigdesk.ui.session_memory import SessionMemory
from vigdesk.ui.session_watch import SessionWatch
from vigdesk.ui.tasks import TaskContext, TaskRunner
from vigdesk.ui.unlock import UnlockWindow
from vigdesk.ui.vault_access import Opened, VaultAccess

if TYPE_CHECKING:
    from vigdesk.storage.vault import Vault

SHUTDOWN_WAIT_MS = 10_000


class Session(QObject):
    """The ui's state machine; `start()` shows the first window."""

    def __init__(
        self,
        home: Path,
        *,
        access: VaultAccess,
        runner: TaskRunner,
        events: AppEvents,
        settings: QSettings,
        idle_ms: int = DEFAULT_IDLE_MS,
        demo: bool = False,
        session_watch: SessionWatch | None = None,
        quit_app: Callable[[], None] = QApplication.quit,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.home = home
        self._access = access
        self._runner = runner
        self._events = events
        self._settings = settings
        self._demo = demo
        self._memory = SessionMemory()  # answers put off, until the app quits
        self._quit_app = quit_app
        self._vault: Vault | None = None
        self._front: QWidget | None = None
        self.idle = IdleWatch(idle_ms, self)
        self.idle.went_idle.connect(self._lock_when_idle)
        self._watch: SessionWatch | None = None
        self._started = False
        if session_watch is not None:
            self.attach_watch(session_watch)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.applicationStateChanged.connect(self._application_state_changed)

    # -- state -------------------------------------------------------------------

    @property
    def front(self) -> QWidget | None:
        """The window the user sees now (first run, unlock or main)."""
        return self._front

    @property
    def is_unlocked(self) -> bool:
        return self._vault is not None

    # -- transitions ---------------------------------------------------------------

    def attach_watch(self, watch: SessionWatch) -> None:
        """Lock when the operating system locks the screen or sleeps (the app attaches
        its watch just after the first window shows: connecting to D-Bus is not free)."""
        self._watch = watch
        watch.session_locked.connect(self._lock_with_os)
        if self._started:
            watch.start()

    def start(self) -> None:
        self._started = True
        if self._watch is not None:
            self._watch.start()
        if self._access.exists(self.home):
            self._show_unlock()
        else:
            self._show_first_run()

    def lock(self) -> None:
        """Lock now (Ctrl+L): drop the ui's case data at once; the key goes on the serial
        worker after any database write in flight."""
        self._lock()

    def _lock(self, notice: str = "") -> None:
        vault = self._vault
        if vault is None:
            return
        self._vault = None
        self.idle.stop()
        self._runner.cancel_all()
        old = self._front
        self._show_unlock(notice=notice)
        self._close_case_windows(old)
        _clear_owned_clipboard()
        self._events.vault_locked.emit()

        runner = self._runner

        def close_vault(ctx: TaskContext) -> None:
            runner.wait_for_heavy()  # cancelled above; it may still be leaving its file
            vault.lock()

        self._runner.run(close_vault, on_success=_ignore, on_failure=_ignore, serial=True)

    def quit(self) -> None:
        self.shutdown()
        self._quit_app()

    def shutdown(self) -> None:
        """Lock synchronously and wait for workers; called once before the app exits."""
        self.idle.stop()
        if self._watch is not None:
            self._watch.stop()
        vault, self._vault = self._vault, None
        self._runner.cancel_all()
        self._runner.wait_for_done(SHUTDOWN_WAIT_MS)
        if vault is not None:
            vault.lock()
            _clear_owned_clipboard()
        front, self._front = self._front, None
        if front is not None:
            front.close()

    # -- windows --------------------------------------------------------------------

    def _show_first_run(self) -> None:
        from vigdesk.ui.first_run import FirstRunWindow  # first start only

        window = FirstRunWindow(self.home, self._access, self._runner)
        window.created.connect(self._opened)
        window.closed.connect(lambda: self._window_closed(window))
        self._present(window)

    def _show_unlock(self, notice: str = "") -> None:
        window = UnlockWindow(self.home, self._access, self._runner, demo=self._demo, notice=notice)
        window.unlocked.connect(self._opened)
        window.closed.connect(lambda: self._window_closed(window))
        self._present(window)

    def _opened(self, opened: Opened) -> None:
        previous = self._front
        self._vault = opened.vault
        ctx = MainContext(
            vault=opened.vault,
            profile=opened.profile,
            services=opened.services,
            runner=self._runner,
            events=self._events,
            settings=self._settings,
            idle_ms=self.idle.timeout_ms,
            demo=self._demo,
            memory=self._memory,
        )
        from vigdesk.ui.main_window import MainWindow  # after unlock: not on the cold path

        window = MainWindow(ctx)
        window.lock_requested.connect(self.lock)
        window.quit_requested.connect(self.quit)
        window.closed.connect(lambda: self._window_closed(window))
        self._present(window)
        if previous is not None:
            previous.close()
            previous.deleteLater()
        self.idle.start()
        self._events.vault_unlocked.emit()

    def _present(self, window: QWidget) -> None:
        self._front = window
        window.show()
        window.raise_()
        window.activateWindow()

    def _window_closed(self, window: QWidget) -> None:
        """The user closed the window in front: quit (which locks)."""
        if window is self._front:
            self.quit()

    def _close_case_windows(self, main: QWidget | None) -> None:
        """Close the old main window (its dialogs are its children) and any stray window."""
        keep = self._front
        for widget in QApplication.topLevelWidgets():
            if widget is not keep and widget.isVisible():
                widget.close()
        if main is not None:
            main.close()
            main.deleteLater()

    def _lock_when_idle(self) -> None:
        minutes = max(1, round(self.idle.timeout_ms / 60000))
        self._lock(self.tr("vigdesk locked after %n min without use.", "", minutes))

    def _lock_with_os(self) -> None:
        self._lock(self.tr("vigdesk locked because this computer was locked or went to sleep."))

    def _application_state_changed(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationSuspended:
            self._lock_with_os()


def _clear_owned_clipboard() -> None:
    """Anything vigdesk copied may be case data; clear it at lock."""
    clipboard = QGuiApplication.clipboard()
    if clipboard is not None and clipboard.ownsClipboard():
        clipboard.clear()


def _ignore(_: object) -> None:
    """Outcome of the background vault close: nothing is waiting for it."""
