"""`vigdesk` command line: the GUI by default, headless subcommands for scripts and the BSO.

Contract (DESIGN §8): global `--home`, passphrase from `--passphrase-file`,
`$VIGDESK_PASSPHRASE` or a prompt; `--json` output; errors are one line on
stderr and a non-zero exit code.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from vigdesk import __version__
from vigdesk.cli import (
    audit_cmds,
    case_cmds,
    consent_cmds,
    export_cmds,
    media_cmds,
    questionnaire_cmds,
    retention_cmds,
    sar_cmds,
    session_cmds,
    sync_cmds,
    vault_cmds,
)
from vigdesk.cli.common import add_common
from vigdesk.core.errors import VigdeskError

COMMAND_MODULES = (
    vault_cmds,
    audit_cmds,
    case_cmds,
    consent_cmds,
    media_cmds,
    retention_cmds,
    session_cmds,
    questionnaire_cmds,
    sar_cmds,
    export_cmds,
    sync_cmds,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="vigdesk",
        description="Encrypted desk for a Video Interaction Guidance service. "
        "Run without a command to start the app.",
    )
    parser.add_argument("--version", action="version", version=f"vigdesk {__version__}")
    add_common(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        from vigdesk.__main__ import run_gui

        return run_gui(args.home)
    try:
        result: int = args.func(args)
        return result
    except VigdeskError as exc:
        print(f"vigdesk: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("vigdesk: interrupted; nothing was half-saved.", file=sys.stderr)
        return 130
