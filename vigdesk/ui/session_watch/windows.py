"""Windows: WTS session-lock and power-suspend messages, via a native event filter.

Registers a hidden native window for WM_WTSSESSION_CHANGE (WTS_SESSION_LOCK) and
listens for WM_POWERBROADCAST (PBT_APMSUSPEND). Written against the Win32 docs;
exercised on Windows only (the Linux CI cannot run it).
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QAbstractNativeEventFilter, QByteArray, QCoreApplication, QObject
from PySide6.QtGui import QWindow

from vigdesk.ui.session_watch.base import SessionWatch

WM_WTSSESSION_CHANGE = 0x02B1
WTS_SESSION_LOCK = 0x7
WM_POWERBROADCAST = 0x0218
PBT_APMSUSPEND = 0x4
NOTIFY_FOR_THIS_SESSION = 0


class _Msg(ctypes.Structure):
    _fields_ = (
        ("hwnd", ctypes.c_void_p),
        ("message", ctypes.c_uint),
        ("wParam", ctypes.c_size_t),
        ("lParam", ctypes.c_ssize_t),
    )


def is_lock_message(message: int, wparam: int) -> bool:
    """True for the two Win32 messages that mean "lock now"."""
    return (message == WM_WTSSESSION_CHANGE and wparam == WTS_SESSION_LOCK) or (
        message == WM_POWERBROADCAST and wparam == PBT_APMSUSPEND
    )


class _Filter(QAbstractNativeEventFilter):
    def __init__(self, watch: WindowsSessionWatch) -> None:
        super().__init__()
        self._watch = watch

    def nativeEventFilter(
        self, event_type: QByteArray | bytes | bytearray | memoryview, message: int
    ) -> tuple[bool, int]:
        kind = event_type.data() if isinstance(event_type, QByteArray) else bytes(event_type)
        if kind == b"windows_generic_MSG" and message:
            msg = _Msg.from_address(int(message))
            if is_lock_message(msg.message, msg.wParam):
                self._watch.session_locked.emit()
        return False, 0


class WindowsSessionWatch(SessionWatch):
    """Locks when Windows locks the session (Win+L, lid close) or suspends."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._filter: _Filter | None = None
        self._window: QWindow | None = None

    def start(self) -> bool:
        app = QCoreApplication.instance()
        if self._filter is not None or app is None:
            return self._filter is not None
        self._window = QWindow()
        self._window.create()
        self._filter = _Filter(self)
        app.installNativeEventFilter(self._filter)
        if sys.platform == "win32":
            hwnd = ctypes.c_void_p(int(self._window.winId()))
            ctypes.windll.wtsapi32.WTSRegisterSessionNotification(hwnd, NOTIFY_FOR_THIS_SESSION)
        return True

    def stop(self) -> None:
        app = QCoreApplication.instance()
        if self._filter is not None and app is not None:
            app.removeNativeEventFilter(self._filter)
        if self._window is not None:
            if sys.platform == "win32":
                hwnd = ctypes.c_void_p(int(self._window.winId()))
                ctypes.windll.wtsapi32.WTSUnRegisterSessionNotification(hwnd)
            self._window.destroy()
        self._filter = None
        self._window = None
