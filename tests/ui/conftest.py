"""pytest-qt fixtures for the ui: offscreen Qt, a fast KDF, a real vault per test.

The root conftest already gives every test its own HOME and XDG folders; the ui
builds its widgets with real services on those temporary folders (Dangerzone).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QEventLoop, QObject, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot

from tests.conftest import PASSPHRASE as PASSPHRASE  # re-exported for the ui tests
from tests.conftest import PRACTITIONER as PRACTITIONER
from tests.conftest import fast_kdf
from tests.ui.defaults import ELSEWHERE, destructive_defaults
from vigdesk.ui.context import MainContext
from vigdesk.ui.events import AppEvents
from vigdesk.ui.idle import DEFAULT_IDLE_MS
from vigdesk.ui.main_window import MainWindow
from vigdesk.ui.session import Session
from vigdesk.ui.tasks import TaskRunner
from vigdesk.ui.vault_access import VaultAccess

# QT_QPA_PLATFORM=offscreen is set by the root conftest unless --onscreen.

# A failure deadline only: every wait returns as soon as its condition holds, so a
# generous one costs nothing, and a CI machine saturated by other jobs still passes.
WAIT_MS = 30_000


class DialogWatch(QObject):
    """Checks every dialog shown during a test: Enter must never press a destructive
    button (issue 15). The check runs once the dialog has chosen its default button."""

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QDialog):
            dialog = watched
            QTimer.singleShot(0, dialog, lambda: self.check(dialog))
        return False

    def check(self, dialog: QDialog) -> None:
        if type(dialog).__name__ in ELSEWHERE:
            return
        for problem in destructive_defaults(dialog):
            if problem not in self.problems:
                self.problems.append(problem)


@pytest.fixture
def qtbot(qtbot: QtBot) -> Iterator[QtBot]:
    """pytest-qt's qtbot, but a widget given to addWidget stays alive until it is closed.

    pytest-qt keeps only weak references, so a window the test no longer names can be
    garbage-collected at any moment, destroying its QMediaPlayer synchronously with the
    GIL held while Qt's reader thread waits for the GIL in readData: CI saw a segfault
    in an unrelated COMMIT. Kept alive, every window is closed and deleteLater'd by
    pytest-qt, then deleted here by a real event loop, which holds no GIL.
    """
    kept: list[QWidget] = []
    add = qtbot.addWidget

    def add_and_keep(widget: QWidget, *, before_close_func: object = None) -> None:
        kept.append(widget)
        add(widget, before_close_func=before_close_func)  # type: ignore[arg-type]

    qtbot.addWidget = qtbot.add_widget = add_and_keep  # type: ignore[method-assign]
    yield qtbot
    loop = QEventLoop()
    QTimer.singleShot(0, loop.quit)
    loop.exec()  # runs the DeferredDelete events posted by pytest-qt's close
    kept.clear()


@pytest.fixture(autouse=True)
def no_destructive_default(qapp: QApplication) -> Iterator[DialogWatch]:
    """Every dialog any ui test opens is walked for a destructive default button."""
    watch = DialogWatch()
    qapp.installEventFilter(watch)
    yield watch
    QApplication.processEvents()
    qapp.removeEventFilter(watch)
    assert not watch.problems, "Enter could destroy something:\n" + "\n".join(watch.problems)


@pytest.fixture
def ui_vault_home(vault_home: Path) -> Path:
    """A fresh copy of the shared locked vault (owner PRACTITIONER, passphrase PASSPHRASE)."""
    return vault_home


@pytest.fixture
def access() -> VaultAccess:
    return VaultAccess(kdf=fast_kdf)


@pytest.fixture
def events(qapp: QApplication) -> AppEvents:
    qapp.setQuitOnLastWindowClosed(False)  # as in the app: the session decides
    return AppEvents()


@pytest.fixture
def runner(events: AppEvents) -> Iterator[TaskRunner]:
    tasks = TaskRunner(events)
    yield tasks
    tasks.cancel_all()
    assert tasks.wait_for_done(WAIT_MS)
    QApplication.processEvents()


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)


class Quits:
    """Stands in for QApplication.quit, which would end pytest-qt's event loops."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self) -> None:
        self.count += 1


@pytest.fixture
def quits() -> Quits:
    return Quits()


SessionFactory = Callable[..., Session]


@pytest.fixture
def make_session(
    qtbot: QtBot,
    access: VaultAccess,
    runner: TaskRunner,
    events: AppEvents,
    settings: QSettings,
    quits: Quits,
) -> Iterator[SessionFactory]:
    """Build a Session on `home` with real services; shuts it down after the test."""
    made: list[Session] = []

    def factory(home: Path, **overrides: object) -> Session:
        options: dict[str, object] = {
            "access": access,
            "runner": runner,
            "events": events,
            "settings": settings,
            "idle_ms": DEFAULT_IDLE_MS,
            "quit_app": quits,
        }
        options.update(overrides)
        session = Session(home, **options)  # type: ignore[arg-type]
        made.append(session)
        return session

    yield factory
    for session in made:
        session.shutdown()
    close_all_windows()


@pytest.fixture
def main_window(
    qtbot: QtBot,
    ui_vault_home: Path,
    access: VaultAccess,
    runner: TaskRunner,
    events: AppEvents,
    settings: QSettings,
) -> Iterator[MainWindow]:
    """A main window on an unlocked copy of the vault, outside any session."""
    opened = access.unlock(ui_vault_home, PASSPHRASE)
    ctx = MainContext(
        opened.vault, opened.profile, opened.services, runner, events, settings, DEFAULT_IDLE_MS
    )
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    yield window
    runner.cancel_all()
    runner.wait_for_done(WAIT_MS)
    opened.vault.lock()


def close_all_windows() -> None:
    for widget in QApplication.topLevelWidgets():
        if widget.isVisible():
            widget.close()
        if widget.parent() is None:
            widget.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QApplication.processEvents()


def visible_texts() -> str:
    """Every piece of text a sighted user could read right now, joined."""
    from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit

    parts: list[str] = []
    for widget in QApplication.allWidgets():
        if not widget.isVisible():
            continue
        if isinstance(widget, QLabel | QAbstractButton | QLineEdit):
            parts.append(widget.text())
        parts.append(widget.windowTitle())
    return "\n".join(parts)


@pytest.fixture
def styled(qapp: QApplication) -> Iterator[None]:
    """The app's own look: its stylesheet pads controls, and so sets dialog sizes."""
    from vigdesk.ui.look import apply_look

    apply_look(qapp)
    yield
    qapp.setStyleSheet("")
