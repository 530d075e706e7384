"""`vigdesk audit verify|export`."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from vigdesk.cli.common import add_common, emit, opened_vault
from vigdesk.core.errors import AuditBroken


def register(commands: Any) -> None:
    audit = commands.add_parser("audit", help="verify or export the audit log")
    add_common(audit)
    verbs = audit.add_subparsers(dest="audit_command", metavar="verify|export", required=True)
    verify = verbs.add_parser("verify", help="check the hash chain; non-zero exit if broken")
    add_common(verify)
    verify.set_defaults(func=cmd_verify)
    export = verbs.add_parser("export", help="write the log as JSON lines")
    add_common(export)
    export.add_argument("--output", "-o", type=argparse.FileType("w"), default=sys.stdout)
    export.set_defaults(func=cmd_export)


def cmd_verify(args: argparse.Namespace) -> int:
    with opened_vault(args) as vault:
        verdict = vault.audit.verify()
    if not verdict.ok:
        raise AuditBroken(
            f"The audit log is broken at entry {verdict.first_bad_seq}: {verdict.reason}."
        )
    emit(
        args,
        {"ok": True, "entries": verdict.entries},
        f"Audit log intact: {verdict.entries} entries.",
    )
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    with opened_vault(args) as vault:
        count = 0
        for entry in vault.audit.entries():
            args.output.write(json.dumps(entry.to_json(), sort_keys=True) + "\n")
            count += 1
        vault.audit.append("audit.exported", "vault", vault.header.vault_id, {"entries": count})
    if args.output is not sys.stdout:
        print(f"Exported {count} audit entries.", file=sys.stderr)
    return 0
