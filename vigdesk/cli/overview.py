"""`vigdesk --help` answered without loading the commands (issue 15: fast to answer).

The command modules import the services, and through them SQLCipher, PyAV, numpy and
Pillow; the top-level help needs only each command's name and one line. They are listed
here in registration order, and a test checks that this parser's help is exactly the
full parser's, so the two cannot drift.
"""

from __future__ import annotations

import argparse

Commands = argparse._SubParsersAction  # what add_subparsers returns

COMMANDS: tuple[tuple[str, str], ...] = (
    ("init", "create a new encrypted vault"),
    ("passwd", "change the vault passphrase"),
    ("agreement", "print the confidentiality agreement"),
    ("demo", "open the app on a demo vault of invented families (never a real vault)"),
    ("audit", "verify or export the audit log"),
    ("case", "families' cases"),
    ("person", "people in a case"),
    ("consent", "record, withdraw and list consent"),
    ("import", "seal footage into a case (needs film+keep consent)"),
    ("clip", "cut a frame-exact clip with sound"),
    ("still", "save the exact frame at a time as a still"),
    ("media", "list a case's footage, clips and stills"),
    ("marker", "moment markers on footage and clips"),
    ("retention", "the retention schedule"),
    ("session", "a case's VIG sessions"),
    ("helping", "helping questions and their ratings"),
    ("questionnaire", "record and score questionnaires"),
    ("outcomes", "outcome charts data and the service summary"),
    ("sar", "subject access export and erasure requests"),
    ("report", "reports for the council"),
    ("export", "seal watermarked clips and stills for a supervisor or trainer"),
    ("view", "open a package in the viewer (no vault needed)"),
    ("family-copy", "a plain copy of chosen clips and stills for the family to keep"),
    ("letter", "letters to families through the BSO's outbox"),
    ("site", "set up and run the site folder (the BSO)"),
    ("enrol", "ask to join the site in a network folder"),
    ("sync", "sync with the site (or: status, conflicts, …)"),
    ("doctor", "check the vault (and the site) without changing anything"),
    ("training", "a trainee's accreditation log"),
)


def top_parser() -> tuple[
    argparse.ArgumentParser, argparse._SubParsersAction[argparse.ArgumentParser]
]:
    """The top-level parser with its global options, before any command is added."""
    from vigdesk import __version__
    from vigdesk.cli.options import add_common

    parser = argparse.ArgumentParser(
        prog="vigdesk",
        description="Encrypted desk for a Video Interaction Guidance service. "
        "Run without a command to start the app.",
    )
    parser.add_argument("--version", action="version", version=f"vigdesk {__version__}")
    add_common(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    return parser, commands


def global_options() -> argparse.ArgumentParser:
    """Only the options every command accepts: what is left over names a command."""
    from vigdesk.cli.options import add_common

    parser = argparse.ArgumentParser(prog="vigdesk", add_help=False)
    add_common(parser)
    return parser


def help_parser() -> argparse.ArgumentParser:
    """The top-level parser with every command's name and line, and nothing behind them."""
    parser, commands = top_parser()
    for name, line in COMMANDS:
        commands.add_parser(name, help=line)
    return parser
