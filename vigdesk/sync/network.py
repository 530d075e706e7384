"""What the operating system can say about the network: a hint, never proof (DESIGN §6).

One ABC, a Null implementation for systems that cannot tell, and one module per OS,
chosen by `network_status()` (Vorta's ``network_status`` pattern).
"""

from __future__ import annotations

import sys
from abc import ABC, abstractmethod


class NetworkStatus(ABC):
    """Thread-safe; calls may take a moment (they may ask the OS), so not on the GUI thread."""

    @abstractmethod
    def domain_authenticated(self) -> bool | None:
        """True if the OS reports a domain-authenticated network, False if it reports
        none, None if it cannot tell."""

    def describe(self) -> str:
        verdict = self.domain_authenticated()
        if verdict is None:
            return "the system cannot tell which network this is"
        return "on a domain network" if verdict else "not on a domain network"


class NullNetworkStatus(NetworkStatus):
    """For systems with no such report (Linux, macOS, tests)."""

    def domain_authenticated(self) -> bool | None:
        return None


class FixedNetworkStatus(NetworkStatus):
    """A fixed answer, for tests and for an administrator's override."""

    def __init__(self, answer: bool | None) -> None:
        self._answer = answer

    def domain_authenticated(self) -> bool | None:
        return self._answer


def network_status() -> NetworkStatus:
    """The implementation for this OS."""
    if sys.platform == "win32":
        from vigdesk.sync.network_windows import WindowsNetworkStatus

        return WindowsNetworkStatus()
    return NullNetworkStatus()
