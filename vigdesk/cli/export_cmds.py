"""`vigdesk export` (make a package), `export list|recall|keygen`, and `vigdesk view`.

    vigdesk export --purpose supervision --to NAME --expires DATE
                   [--recipient-key FILE.pub | --package-passphrase-file F] [--out FILE] MEDIA_ID...
    vigdesk export list [CASE]        the export register
    vigdesk export recall CASE        packages to call back after consent was withdrawn
    vigdesk export keygen --out FILE [--name NAME]  a recipient key pair (FILE, FILE.pub)
    vigdesk view PACKAGE [--key FILE] [--passphrase-file F] [--extract-check]

The vault passphrase keeps its usual contract (--passphrase-file, VIGDESK_PASSPHRASE, a
prompt). The package's passphrase, or a new key file's, comes from
--package-passphrase-file, VIGDESK_PACKAGE_PASSPHRASE or a prompt; `view` reads the
package's (or the key file's) passphrase from --passphrase-file, the same variable or a
prompt. `view` needs no vault and writes nothing to disk.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

from vigdesk.cli.common import add_common, emit, opened_services, parse_date
from vigdesk.core.consent import Purpose
from vigdesk.core.errors import InvalidInput
from vigdesk.core.packages import ExportRecord

PACKAGE_ENV = "VIGDESK_PACKAGE_PASSPHRASE"
VERBS = ("list", "recall", "keygen", "reply")
SUFFIX = ".vigpkg"
_VIEW_FLAG = "--passphrase-file"


def register(commands: Any) -> None:
    exp = commands.add_parser(
        "export",
        help="seal watermarked clips and stills for a supervisor or trainer",
        usage="vigdesk export [options] MEDIA_ID... | export list [CASE] | "
        "export recall CASE | export keygen --out FILE [--name NAME] | export reply FILE",
    )
    add_common(exp)
    exp.add_argument("items", nargs="*", metavar="MEDIA_ID", help="clips and stills (one case)")
    exp.add_argument("--purpose", choices=["supervision", "training"])
    exp.add_argument("--to", help="the recipient's name (burned into the watermark)")
    exp.add_argument("--expires", type=parse_date, help="last day it can be opened")
    exp.add_argument("--recipient-key", type=Path, help="the recipient's public key (.pub)")
    exp.add_argument(
        "--package-passphrase-file",
        type=Path,
        help="the package's (or, with keygen, the new key's) passphrase, first line",
    )
    exp.add_argument("--out", type=Path, help=f"file to write (default CODE-PURPOSE-DATE{SUFFIX})")
    exp.add_argument("--name", help="keygen: whose key it is (default: the file's name)")
    exp.set_defaults(func=cmd_export)

    view = commands.add_parser("view", help="open a package in the viewer (no vault needed)")
    add_common(view)
    view.add_argument("package", type=Path)
    view.add_argument("--key", type=Path, help="your private key file (public-key packages)")
    view.add_argument(
        "--extract-check",
        action="store_true",
        help="open without the GUI and print the contents list (for scripts)",
    )
    view.set_defaults(func=cmd_view)


def package_secret(
    path: Path | None,
    prompt: str,
    *,
    confirm: bool = False,
    flag: str = "--package-passphrase-file",
) -> str:
    """From `path` (first line), then $VIGDESK_PACKAGE_PASSPHRASE, then a hidden prompt."""
    if path is not None:
        try:
            return path.read_text(encoding="utf-8").splitlines()[0]
        except (OSError, IndexError) as exc:
            raise InvalidInput(f"Cannot read a passphrase from {path}.") from exc
    if os.environ.get(PACKAGE_ENV):
        return os.environ[PACKAGE_ENV]
    if not sys.stdin.isatty():
        raise InvalidInput(
            f"No package passphrase given: use {flag} or {PACKAGE_ENV}, or run in a terminal."
        )
    first = getpass.getpass(prompt)
    if confirm and getpass.getpass("Again: ") != first:
        raise InvalidInput("The two passphrases differ.")
    return first


def record_json(r: ExportRecord) -> dict[str, Any]:
    data = asdict(r)
    data.update(purpose=r.purpose.value, media_ids=list(r.media_ids))
    return data


def cmd_export(args: argparse.Namespace) -> int:
    verb = args.items[0] if args.items and args.items[0] in VERBS else None
    if verb == "list":
        return _list(args, args.items[1:])
    if verb == "recall":
        return _recall(args, args.items[1:])
    if verb == "keygen":
        return _keygen(args)
    if verb == "reply":
        return _reply(args, args.items[1:])
    return _make(args)


def _reply(args: argparse.Namespace, rest: list[str]) -> int:
    """Import a supervisor's reply file: comments onto the clips, supervision logged."""
    if len(rest) != 1:
        raise InvalidInput("vigdesk export reply needs the reply file.")
    with opened_services(args) as s:
        done = s.replies.import_reply(Path(rest[0]))
    skipped = f" ({done.skipped} on clips deleted since)" if done.skipped else ""
    text = (
        f"Imported {done.comments} comments from {done.supervisor} on package "
        f"{done.export_id}{skipped}; supervision logged."
    )
    emit(args, asdict(done), text)
    return 0


def _make(args: argparse.Namespace) -> int:
    from vigdesk.services.exports import ExportRequest, load_recipient_key

    missing = [f"--{n}" for n in ("purpose", "to", "expires") if not getattr(args, n)]
    if missing or not args.items:
        what = ", ".join(missing + ([] if args.items else ["MEDIA_ID"]))
        raise InvalidInput(f"vigdesk export needs {what}.")
    key = load_recipient_key(args.recipient_key) if args.recipient_key else None
    if key is not None and args.package_passphrase_file is not None:
        raise InvalidInput("Use --recipient-key or a package passphrase, not both.")
    secret = (
        None
        if key
        else package_secret(args.package_passphrase_file, "Package passphrase: ", confirm=True)
    )
    with opened_services(args) as s:
        first = s.media.get(args.items[0])
        code = s.cases.find(first.case_id).code
        out = args.out or Path(f"{code}-{args.purpose}-{date.today():%Y%m%d}{SUFFIX}")
        request = ExportRequest(
            media_ids=tuple(args.items),
            purpose=Purpose(args.purpose),
            recipient=args.to,
            expires_on=args.expires,
            out=out,
            passphrase=secret,
            recipient_key=key,
        )
        result = s.exports.export(request)
    text = (
        f"Wrote {result.path} ({len(result.manifest.items)} items, "
        f"{result.record.size / 1e6:.1f} MB) for {result.record.recipient}; "
        f"opens until {result.record.expires_on:%d %b %Y}. Package {result.record.id}."
    )
    if key is None:
        text += "\nTell the recipient the passphrase separately (by phone, not in the same e-mail)."
    else:
        text += f"\nSealed to key {key.fingerprint} ({key.name})."
    emit(args, record_json(result.record), text)
    return 0


def _list(args: argparse.Namespace, rest: list[str]) -> int:
    with opened_services(args) as s:
        case_id = s.cases.find(rest[0]).id if rest else None
        records = s.exports.register(case_id)
    today = date.today()
    lines = [
        f"{r.created_at[:10]} {r.purpose.value:<11} to {r.recipient:<24} "
        f"until {r.expires_on}{' (expired)' if r.expired(today) else ''}"
        f"{f' recalled {r.recalled_on}' if r.recalled_on else ''}  "
        f"{len(r.media_ids)} items  {r.id}"
        for r in records
    ]
    emit(args, [record_json(r) for r in records], "\n".join(lines) or "No packages exported.")
    return 0


def _recall(args: argparse.Namespace, rest: list[str]) -> int:
    if not rest:
        raise InvalidInput("vigdesk export recall needs a case code.")
    with opened_services(args) as s:
        recalls = s.exports.packages_to_recall(s.cases.find(rest[0]).id)
    lines = [
        f"Recall {r.record.id} ({r.record.purpose.value}, to {r.record.recipient}): "
        + "; ".join(r.reasons)
        for r in recalls
    ]
    data = [{**record_json(r.record), "reasons": list(r.reasons)} for r in recalls]
    emit(args, data, "\n".join(lines) or "No package needs recalling.")
    return 0


def _keygen(args: argparse.Namespace) -> int:
    from vigdesk.services.exports import create_recipient_key

    if args.out is None:
        raise InvalidInput("vigdesk export keygen needs --out FILE.")
    secret = package_secret(
        args.package_passphrase_file, "Passphrase for the new key: ", confirm=True
    )
    key = create_recipient_key(args.name or args.out.stem, secret, args.out)
    text = (
        f"Wrote your private key {args.out} (keep it; it opens packages with the passphrase "
        f"you chose) and the public key {args.out}.pub to send to practitioners.\n"
        f"Fingerprint: {key.fingerprint} (read it to them so they can check it)."
    )
    emit(
        args, {"name": key.name, "fingerprint": key.fingerprint, "public": f"{args.out}.pub"}, text
    )
    return 0


def cmd_view(args: argparse.Namespace) -> int:
    from vigdesk.services.exports import open_package_file

    given: Path | None = getattr(args, "passphrase_file", None)
    if not args.extract_check:
        from vigdesk.viewer_app import run_viewer

        secret = (
            package_secret(given, "", flag=_VIEW_FLAG)
            if given or os.environ.get(PACKAGE_ENV)
            else None
        )
        return run_viewer(args.package, key_file=args.key, passphrase=secret)
    prompt = "Key file passphrase: " if args.key else "Package passphrase: "
    opened = open_package_file(
        args.package,
        today=date.today(),
        passphrase=package_secret(given, prompt, flag=_VIEW_FLAG),
        key_file=args.key,
    )
    manifest = opened.manifest.to_json()
    lines = [
        f"Package {opened.header.package_id}: {manifest['purpose']} for {manifest['recipient']}, "
        f"case {manifest['case_code']}, opens until {manifest['expires_on']}.",
        *(f"  {i['name']:<14} {i['duration_s']:6.2f} s  {i['title']}" for i in manifest["items"]),
    ]
    emit(args, manifest, "\n".join(lines))
    return 0
