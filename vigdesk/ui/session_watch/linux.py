"""Linux: screen saver and logind signals over D-Bus (freedesktop, GNOME, KDE)."""

from __future__ import annotations

import os

from PySide6.QtCore import SLOT, QObject, Slot
from PySide6.QtDBus import QDBusConnection

from vigdesk.ui.session_watch.base import SessionWatch

# (path, interface). Any sender may match: a spoofed signal can only lock us, which is safe,
# and desktops differ in which well-known name emits it.
_SCREENSAVERS = (
    ("/org/freedesktop/ScreenSaver", "org.freedesktop.ScreenSaver"),
    ("/org/gnome/ScreenSaver", "org.gnome.ScreenSaver"),
)
_LOGIN1 = "org.freedesktop.login1"


def login1_session_path(session_id: str) -> str:
    """logind's object path for a session id (systemd's bus_label_escape)."""
    out = []
    for index, char in enumerate(session_id):
        if char.isascii() and (char.isalpha() or (char.isdigit() and index > 0)):
            out.append(char)
        else:
            out.append(f"_{ord(char):02x}")
    return "/org/freedesktop/login1/session/" + ("".join(out) or "_")


class LinuxSessionWatch(SessionWatch):
    """Listens for ScreenSaver.ActiveChanged(true), logind Session.Lock and PrepareForSleep.

    Needs no permission: these are broadcast signals. Without a bus (containers,
    some kiosks) it watches nothing and says so through `start()`.
    """

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        session_bus: QDBusConnection | None = None,
        system_bus: QDBusConnection | None = None,
    ) -> None:
        super().__init__(parent)
        self._session_bus = session_bus
        self._system_bus = system_bus
        self._hooks: list[tuple[QDBusConnection, tuple[str, str, str, str], str]] = []

    def start(self) -> bool:
        if self._hooks:
            return True
        session = self._session_bus or QDBusConnection.sessionBus()
        if session.isConnected():
            for path, interface in _SCREENSAVERS:
                self._hook(
                    session, ("", path, interface, "ActiveChanged"), SLOT("_on_active(bool)")
                )
        system = self._system_bus or QDBusConnection.systemBus()
        if system.isConnected():
            manager = (_LOGIN1, "/org/freedesktop/login1", _LOGIN1 + ".Manager", "PrepareForSleep")
            self._hook(system, manager, SLOT("_on_sleep(bool)"))
            session_id = os.environ.get("XDG_SESSION_ID")
            if session_id:
                path = login1_session_path(session_id)
                self._hook(
                    system, (_LOGIN1, path, _LOGIN1 + ".Session", "Lock"), SLOT("_on_lock()")
                )
        return bool(self._hooks)

    def stop(self) -> None:
        for bus, (service, path, interface, name), slot in self._hooks:
            # The stubs say bytes; at run time PySide wants SLOT()'s str.
            bus.disconnect(service, path, interface, name, self, slot)  # type: ignore[call-overload]
        self._hooks.clear()

    def _hook(self, bus: QDBusConnection, match: tuple[str, str, str, str], slot: str) -> None:
        service, path, interface, name = match
        if bus.connect(service, path, interface, name, self, slot):  # type: ignore[call-overload]
            self._hooks.append((bus, match, slot))

    @Slot(bool)
    def _on_active(self, active: bool) -> None:
        if active:
            self.session_locked.emit()

    @Slot(bool)
    def _on_sleep(self, going_to_sleep: bool) -> None:
        if going_to_sleep:
            self.session_locked.emit()

    @Slot()
    def _on_lock(self) -> None:
        self.session_locked.emit()
