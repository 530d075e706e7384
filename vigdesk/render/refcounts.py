"""Workaround for a reference-counting bug in PySide6 6.12.0 on CPython 3.11.

Every call from Python to a C++ method that returns void gives back `None` without
taking a reference to it, and some calls do the same with `True`. On CPython 3.12+
these singletons are immortal, so nothing happens; on 3.11 their count falls with each
call until Python aborts ("Fatal Python error: none_dealloc"). Painting makes many such
calls: playing a video loses ~900 references a second, and the app aborted after ~30 s
of looped playback in a test. Here the three singletons get a count so large that it
can never reach zero, which is what CPython 3.12 does for them.

Called by app.create_application (before the QApplication) and by the test suite's
root conftest; idempotent. Remove once vigdesk requires Python 3.12 or a fixed PySide6.
"""

from __future__ import annotations

import ctypes
import sys

_ALLOWANCE = 1 << 40  # ~10^12 lost references: centuries of playback
_pinned = False


def pin_singletons() -> None:
    """Give None, True and False a reference count that cannot run out (CPython < 3.12)."""
    global _pinned
    if _pinned or sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    for singleton in (None, True, False):
        ctypes.c_ssize_t.from_address(id(singleton)).value += _ALLOWANCE
    _pinned = True
