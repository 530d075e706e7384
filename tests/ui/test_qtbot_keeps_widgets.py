"""The ui tests' qtbot keeps every added widget alive until pytest-qt has closed it.

A window collected mid-test destroys its media player with the GIL held: a segfault
in CI (see the qtbot fixture in tests/ui/conftest.py).
"""

from __future__ import annotations

import gc
import weakref

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot


def test_a_widget_nobody_names_is_not_collected_before_teardown(qtbot: QtBot) -> None:
    widget = QWidget()
    ref = weakref.ref(widget)
    qtbot.addWidget(widget)
    del widget
    gc.collect()
    assert ref() is not None
