"""Windows: ask for the connection profiles and look for a DomainAuthenticated one.

A stub that uses PowerShell's ``Get-NetConnectionProfile`` (present on Windows 8 and
later); the Network List Manager COM interface would avoid the process start and is the
intended replacement. Any failure means "cannot tell" (None), never a refusal.
"""

from __future__ import annotations

import subprocess

from vigdesk.sync.network import NetworkStatus

_COMMAND = [
    "powershell.exe",
    "-NoProfile",
    "-NonInteractive",
    "-Command",
    "(Get-NetConnectionProfile).NetworkCategory",
]


class WindowsNetworkStatus(NetworkStatus):
    def __init__(self, timeout: float = 5.0) -> None:
        self._timeout = timeout

    def domain_authenticated(self) -> bool | None:
        try:
            done = subprocess.run(
                _COMMAND, capture_output=True, text=True, timeout=self._timeout, check=False
            )
        except (OSError, subprocess.SubprocessError):
            return None
        if done.returncode != 0:
            return None
        categories = {line.strip() for line in done.stdout.splitlines() if line.strip()}
        if not categories:
            return None
        return "DomainAuthenticated" in categories
