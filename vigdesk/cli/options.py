"""The global options, in a module light enough for `vigdesk --help` (cli/overview.py)."""

from __future__ import annotations

import argparse
from pathlib import Path

from vigdesk.paths import default_home


def add_common(parser: argparse.ArgumentParser) -> None:
    """Options accepted before or after the command name."""
    parser.add_argument(
        "--home",
        type=Path,
        default=argparse.SUPPRESS,
        help="vault folder (default: $VIGDESK_HOME or the user data folder)",
    )
    parser.add_argument(
        "--passphrase-file",
        type=Path,
        default=argparse.SUPPRESS,
        help="read the passphrase from the first line of this file",
    )
    parser.add_argument(
        "--json", action="store_true", default=argparse.SUPPRESS, help="print machine-readable JSON"
    )


def home_of(args: argparse.Namespace) -> Path:
    home: Path | None = getattr(args, "home", None)
    return home if home is not None else default_home()
