"""Shared start of the screenshot scripts (scripts, not tests).

Each script renders its screens on invented demo data inside a temporary folder;
HOME and the XDG folders point there too, so nothing touches the real home.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def run_isolated(argv: list[str], default_out: str, shoot: Callable[[Path, Path], int]) -> int:
    """`shoot(root, out)` with the output folder from argv and a throw-away home."""
    out = Path(argv[1] if len(argv) > 1 else default_out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="vigdesk-shots-") as tmp:
        root = Path(tmp)
        for name in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
            folder = root / name.lower()
            folder.mkdir()
            os.environ[name] = str(folder)
        os.environ.pop("VIGDESK_HOME", None)
        return shoot(root, out)
