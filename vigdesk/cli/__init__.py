"""`vigdesk` command line: the GUI by default, headless subcommands for scripts and the BSO.

Contract (DESIGN §8): global `--home`, passphrase from `--passphrase-file`,
`$VIGDESK_PASSPHRASE` or a prompt; `--json` output; errors are one line on
stderr and a non-zero exit code. `main` hardens the process (`vigdesk.hardening`)
before any command runs. The command modules load only when a parser is built, so
`vigdesk --version` and `--help` load neither the services nor PySide6, PyAV or Pillow.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from types import ModuleType

from vigdesk import hardening
from vigdesk.core.errors import VigdeskError


def command_modules() -> tuple[ModuleType, ...]:
    from vigdesk.cli import (
        audit_cmds,
        case_cmds,
        consent_cmds,
        doctor_cmds,
        export_cmds,
        family_cmds,
        letter_cmds,
        marker_cmds,
        media_cmds,
        questionnaire_cmds,
        retention_cmds,
        sar_cmds,
        session_cmds,
        sync_cmds,
        training_cmds,
        vault_cmds,
    )

    return (
        vault_cmds,
        audit_cmds,
        case_cmds,
        consent_cmds,
        media_cmds,
        marker_cmds,
        retention_cmds,
        session_cmds,
        questionnaire_cmds,
        sar_cmds,
        export_cmds,
        family_cmds,
        letter_cmds,
        sync_cmds,
        doctor_cmds,
        training_cmds,
    )


def build_parser() -> argparse.ArgumentParser:
    from vigdesk.cli.overview import top_parser

    parser, commands = top_parser()
    for module in command_modules():
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """The `vigdesk` console script (and `python -m vigdesk`); returns the exit code."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    from vigdesk.cli.overview import global_options, help_parser

    if arguments[:1] in (["--version"], ["--help"], ["-h"]):  # before the heavy imports
        help_parser().parse_args(arguments[:1])
    light, rest = global_options().parse_known_args(arguments)
    if not rest:
        # The app: the command modules (and the services behind them) can wait.
        hardening.harden_process()
        from vigdesk.app import run
        from vigdesk.cli.options import home_of

        return run(home_of(light))
    args = build_parser().parse_args(arguments)
    hardening.harden_process()
    try:
        result: int = args.func(args)
        return result
    except VigdeskError as exc:
        print(f"vigdesk: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("vigdesk: interrupted; nothing was half-saved.", file=sys.stderr)
        return 130
