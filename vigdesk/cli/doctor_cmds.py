"""`vigdesk doctor [--site [PATH]]`: a read-only health check for IT and the BSO.

Exit codes: 0 all fine, 1 warnings, 2 errors (3: wrong passphrase or backoff, as for
every command). See `vigdesk.services.doctor`.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from vigdesk.cli.common import add_common, home_of, passphrase, wants_json

_MARKS = {"ok": "ok", "info": "info", "warning": "WARNING", "error": "ERROR"}


def register(commands: Any) -> None:
    doctor = commands.add_parser(
        "doctor",
        help="check the vault (and the site) without changing anything",
        description="A read-only health check. Exit code 0: all fine; 1: warnings; 2: errors.",
    )
    add_common(doctor)
    doctor.add_argument(
        "--site",
        nargs="?",
        const="",
        default=None,
        metavar="PATH",
        help="also check the site folder (default: where the vault syncs)",
    )
    doctor.set_defaults(func=cmd_doctor)


def cmd_doctor(args: argparse.Namespace) -> int:
    from vigdesk.services.doctor import examine

    site: str | None = args.site
    report = examine(
        home_of(args),
        passphrase(args),
        site=site is not None,
        share=Path(site) if site else None,
    )
    if wants_json(args):
        print(json.dumps(report.to_json(), indent=2))
    else:
        for f in report.findings:
            print(f"{_MARKS[f.severity.label]:<8}{f.code:<22}{f.message}")
        worst = report.worst.label
        print(
            "All fine."
            if report.exit_code == 0
            else f"Worst finding: {worst} (exit code {report.exit_code})."
        )
    return report.exit_code
