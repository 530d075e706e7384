"""`python -m vigdesk`: the same as the `vigdesk` command."""

from __future__ import annotations

import sys
from pathlib import Path


def run_gui(home: Path | None = None, *, demo: bool = False) -> int:
    """Start the Qt app on `home` (imports PySide6 only now)."""
    from vigdesk.app import run

    return run(home, demo=demo)


def gui_main() -> int:
    return run_gui()


if __name__ == "__main__":
    from vigdesk.cli import main

    sys.exit(main())
