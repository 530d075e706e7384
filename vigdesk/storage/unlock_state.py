"""Failed-unlock counter, kept beside vault.json so backoff survives restarts.

It holds counts and times only. Failures are written to the audit log at the
next successful unlock (the database cannot be opened without the passphrase).

`total` counts failures since the vault was made and is never reset; a successful
unlock also keeps it in the MAC'd audit head (`audit_head`). So deleting this file, or
putting back an older copy, after the vault has had failures is reported at the next
unlock (`unlock.counter_reset`). It cannot be prevented: whoever deletes the file gets
a fresh backoff until then. Nor is it noticed when the vault had no failures before the
last successful unlock, or when the file is replaced by the copy that unlock wrote.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from vigdesk.core.clock import iso, parse_iso
from vigdesk.storage.files import atomic_write

STATE_NAME = "unlock-state.json"
FREE_ATTEMPTS = 3
MAX_DELAY_S = 900.0


@dataclass
class UnlockState:
    failures: int = 0
    last_failure: str | None = None
    unaudited: list[str] = field(default_factory=list)
    total: int = 0

    def delay(self) -> float:
        """Seconds to wait after the last failure: 0 for the first three, then 2, 4, 8 … 900."""
        if self.failures < FREE_ATTEMPTS:
            return 0.0
        return min(2.0 ** (self.failures - FREE_ATTEMPTS + 1), MAX_DELAY_S)

    def wait_remaining(self, now: datetime) -> float:
        if not self.last_failure:
            return 0.0
        until = parse_iso(self.last_failure) + timedelta(seconds=self.delay())
        return max(0.0, (until - now).total_seconds())


def load(home: Path) -> UnlockState:
    try:
        data = json.loads((home / STATE_NAME).read_text())
        failures = int(data["failures"])
        return UnlockState(
            failures,
            data.get("last_failure"),
            list(data.get("unaudited", [])),
            int(data.get("total", failures)),
        )
    except FileNotFoundError:
        return UnlockState()
    except (ValueError, KeyError, TypeError, OSError):
        # A damaged counter must not unlock faster: assume the worst recent state.
        return UnlockState(failures=FREE_ATTEMPTS + 4)


def save(home: Path, state: UnlockState) -> None:
    data = {
        "failures": state.failures,
        "last_failure": state.last_failure,
        "unaudited": state.unaudited[-1000:],
        "total": state.total,
    }
    atomic_write(home / STATE_NAME, json.dumps(data).encode(), "record the unlock attempt")


def record_failure(home: Path, state: UnlockState, now: datetime) -> UnlockState:
    stamp = iso(now)
    new = UnlockState(state.failures + 1, stamp, [*state.unaudited, stamp], state.total + 1)
    save(home, new)
    return new
