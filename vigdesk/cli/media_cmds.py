"""`vigdesk import`, `clip` and `still` (filled in by the media service)."""

from __future__ import annotations

from typing import Any


def register(commands: Any) -> None:
    del commands
