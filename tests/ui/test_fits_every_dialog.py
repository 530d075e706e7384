"""Every dialog the menus and the family record open fits a laptop (issue 15): its
window fits the screen less a taskbar and a title bar, and its buttons are on screen,
at 1280×720 and 1366×768 at 100 %, and (in a subprocess with QT_SCALE_FACTOR=1.5) on a
1920×1080 screen at 150 %, whose logical room is the same 1280 px wide.

The walk is generic: each menu action and each record button whose text ends in "…"
(the mark of an action that opens a window) is triggered; whatever new window appears
is measured once the tasks it started are done, then closed, from a timer, so a dialog
run modally would be measured and closed too.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialogButtonBox,
    QWidget,
    QWizard,
)
from pytestqt.qtbot import QtBot

from tests.conftest import add_family
from tests.sync.conftest import office, office_template
from tests.ui.conftest import WAIT_MS
from tests.ui.sync.conftest import WindowOn, wait_idle, window_on
from tests.ui.test_shortcuts_sheet import menu_actions
from vigdesk.ui.cases import feature_of
from vigdesk.ui.main_window import MainWindow

__all__ = ["office", "office_template", "window_on"]  # fixtures: the BSO's window

SCALE = float(os.environ.get("QT_SCALE_FACTOR", "1") or 1)


@dataclass(frozen=True)
class Laptop:
    name: str
    width: int
    height: int
    scale: float
    taskbar: int = 48  # Windows 11, at 100 %
    title_bar: int = 32

    def room(self) -> QRect:
        """What a window's client area may take, in logical pixels."""
        free = self.height - round((self.taskbar + self.title_bar) * self.scale)
        return QRect(0, 0, int(self.width / self.scale), int(free / self.scale))


LAPTOPS = (
    [Laptop("1920×1080 at 150 %", 1920, 1080, 1.5)]
    if SCALE != 1
    else [Laptop("1280×720", 1280, 720, 1.0), Laptop("1366×768", 1366, 768, 1.0)]
)
# Not windows of their own: a file chooser (native on Windows) and the viewer's picker.
SKIP = {"Open package…", "Import footage…"}


def label(button_or_action: QAbstractButton | QAction) -> str:
    return button_or_action.text().replace("&", "").strip()


def buttons_of(window: QWidget) -> list[QAbstractButton]:
    boxes = window.findChildren(QDialogButtonBox)
    found = [b for box in boxes for b in box.buttons() if not b.isHidden()]
    if isinstance(window, QWizard):
        for which in (QWizard.WizardButton.NextButton, QWizard.WizardButton.CancelButton):
            button = window.button(which)
            if button is not None and not button.isHidden():
                found.append(button)
    return found


def fit_problems(window: QWidget, laptop: Laptop) -> list[str]:
    room = laptop.room()
    name = f"{window.windowTitle() or type(window).__name__} at {laptop.name}"
    size = window.size()
    problems = []
    if size.width() > room.width() or size.height() > room.height():
        problems.append(
            f"{name}: opens at {size.width()}×{size.height()}, more than the "
            f"{room.width()}×{room.height()} left"
        )
    least = window.minimumSizeHint().expandedTo(window.minimumSize())
    if least.width() > room.width() or least.height() > room.height():
        problems.append(f"{name}: cannot shrink below {least.width()}×{least.height()}")
    for button in buttons_of(window):
        where = QRect(button.mapTo(window, button.rect().topLeft()), button.size())
        if not (button.isVisible() and window.rect().contains(where)):
            problems.append(f"{name}: its button {label(button)!r} is off screen")
    return problems


class Walk:
    """Triggers things that open windows and measures each window that appears."""

    def __init__(self, qtbot: QtBot, window: MainWindow) -> None:
        self.qtbot = qtbot
        self.runner = window.ctx.runner
        self.problems: list[str] = []
        self.measured: list[str] = []

    def open(self, what: str, trigger: Callable[[], object]) -> None:
        before = {w for w in QApplication.topLevelWidgets() if w.isVisible()}
        seen: dict[QWidget, int] = {}
        done: list[QWidget] = []

        def look() -> None:
            for w in QApplication.topLevelWidgets():
                if w.isVisible() and w not in before and w.isWindow():
                    seen[w] = seen.get(w, 0) + 1
            for w, ticks in list(seen.items()):
                if w in done or ticks < 3 or self.runner.active_count:
                    continue
                for laptop in LAPTOPS:
                    self.problems += fit_problems(w, laptop)
                self.measured.append(f"{what}: {w.width()}×{w.height()}")
                done.append(w)
                w.close()

        timer = QTimer()
        timer.setInterval(30)
        timer.timeout.connect(look)
        timer.start()
        try:
            trigger()
            self.qtbot.waitUntil(lambda: bool(done), timeout=WAIT_MS)
        finally:
            timer.stop()
        QApplication.processEvents()


@pytest.fixture
def walk(qtbot: QtBot, main_window: MainWindow, styled: None) -> Walk:
    main_window.resize(1280, 640)
    return Walk(qtbot, main_window)


def test_every_menu_dialog_fits(walk: Walk, main_window: MainWindow) -> None:
    family = add_family(main_window.ctx.services)
    cases = feature_of(main_window)
    assert cases is not None
    page = cases.open_case(family.case.id)  # the case menus act on the open case
    assert page is not None
    walk.qtbot.waitUntil(lambda: page.snapshot is not None, timeout=WAIT_MS)
    actions = [
        a
        for a in menu_actions(main_window)
        if a.isEnabled()
        and a.isVisible()
        and label(a) not in SKIP
        and (label(a).endswith("…") or label(a) in ("Keyboard shortcuts", "About vigdesk"))
    ]
    assert len(actions) >= 10
    for action in actions:
        walk.open(label(action), action.trigger)
    print("\n".join(walk.measured))
    assert walk.problems == [], "\n".join(walk.problems)


def test_every_family_record_dialog_fits(walk: Walk, main_window: MainWindow) -> None:
    family = add_family(main_window.ctx.services)
    services = main_window.ctx.services
    services.helping.add_question(family.case.id, "Will Mia settle at bedtime?")
    cases = feature_of(main_window)
    assert cases is not None
    page = cases.open_case(family.case.id)
    assert page is not None
    walk.qtbot.waitUntil(lambda: page.snapshot is not None, timeout=WAIT_MS)
    opened = set()
    for button in page.findChildren(QAbstractButton):
        name = label(button)
        if name.endswith("…") and button.isEnabled() and name not in opened | SKIP:
            opened.add(name)
            walk.open(name, button.click)
    assert {"Add person…", "Add session…", "Close case…", "Change code…"} <= opened
    print("\n".join(walk.measured))
    assert walk.problems == [], "\n".join(walk.problems)


def test_the_bso_menu_dialogs_fit(window_on: WindowOn, qtbot: QtBot, styled: None) -> None:
    """The BSO's window: the site console (members, assignments, requests, health)."""
    window, feature = window_on("bso")
    window.resize(1280, 640)
    wait_idle(qtbot, feature)
    walk = Walk(qtbot, window)
    actions = [
        a
        for a in menu_actions(window)
        if a.isEnabled() and a.isVisible() and label(a) in ("Site console…", "Conflicts…")
    ]
    assert sorted(label(a) for a in actions) == ["Conflicts…", "Site console…"]
    for action in actions:
        walk.open(label(action), action.trigger)
    print("\n".join(walk.measured))
    assert walk.problems == [], "\n".join(walk.problems)


@pytest.mark.skipif(SCALE != 1, reason="this is the scaled run itself")
def test_every_dialog_fits_1920x1080_at_150_percent() -> None:
    """The same walk in a fresh process whose Qt scales by 1.5 (a 1920×1080 laptop
    at Windows' recommended 150 %)."""
    env = {**os.environ, "QT_SCALE_FACTOR": "1.5"}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            str(Path(__file__)),
            "-q",
            "-p",
            "no:cacheprovider",
            "-k",
            "menu_dialog or record_dialog or bso_menu",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "3 passed" in result.stdout
