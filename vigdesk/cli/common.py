"""What every command shares: the home folder, passphrases, output and opening the vault."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from vigdesk.cli.options import add_common as add_common  # re-exported for the commands
from vigdesk.cli.options import home_of as home_of
from vigdesk.core.errors import InvalidInput
from vigdesk.services.access import unlock_vault
from vigdesk.services.rendering import PdfRenderer
from vigdesk.services.session import Services
from vigdesk.storage.vault import Vault


def wants_json(args: argparse.Namespace) -> bool:
    return bool(getattr(args, "json", False))


def passphrase(
    args: argparse.Namespace,
    prompt: str = "Passphrase: ",
    *,
    confirm: bool = False,
    env: str = "VIGDESK_PASSPHRASE",
    file_option: str = "passphrase_file",
) -> str:
    """From the file option (--passphrase-file), then `$env`, then a hidden prompt."""
    path: Path | None = getattr(args, file_option, None)
    if path is not None:
        try:
            return path.read_text(encoding="utf-8").splitlines()[0]
        except (OSError, IndexError) as exc:
            raise InvalidInput(f"Cannot read a passphrase from {path}.") from exc
    if os.environ.get(env):
        return os.environ[env]
    if not sys.stdin.isatty():
        raise InvalidInput(
            "No passphrase given: use --passphrase-file or VIGDESK_PASSPHRASE, "
            "or run in a terminal."
        )
    first = getpass.getpass(prompt)
    if confirm and getpass.getpass("Again: ") != first:
        raise InvalidInput("The two passphrases differ.")
    return first


@contextmanager
def opened_vault(args: argparse.Namespace, secret: str | None = None) -> Iterator[Vault]:
    """Unlock for one command (with `secret` if the caller already read it); always lock."""
    vault = unlock_vault(home_of(args), secret if secret is not None else passphrase(args))
    try:
        yield vault
    finally:
        vault.lock()


@contextmanager
def opened_services(args: argparse.Namespace) -> Iterator[Services]:
    """Unlocked vault with its services for one command."""
    with opened_vault(args) as vault:
        yield Services.for_vault(vault)


def pdf_renderer() -> PdfRenderer:
    """The headless process's PDF engine, chosen here (the CLI is its own composition
    root): Qt's, on an offscreen application made on first use. Loads PySide6 now."""
    from vigdesk.render.pdf import html_to_pdf

    return html_to_pdf


def parse_date(text: str) -> date:
    """ISO dates (2026-11-24) for argparse `type=`."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-11-24") from None


def emit(args: argparse.Namespace, data: Any, text: str) -> None:
    """Print `data` as JSON with --json, else the human `text`."""
    if wants_json(args):
        print(json.dumps(data, indent=2, default=str))
    elif text:
        print(text)
