"""`vigdesk init`, `passwd`, `agreement` and `demo` (one demo vault, or `--office`)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from vigdesk.cli.common import add_common, emit, home_of, opened_vault, passphrase
from vigdesk.core.errors import InvalidInput
from vigdesk.crypto.kdf import calibrate
from vigdesk.services.access import create_vault
from vigdesk.storage.vault import ROLES

OFFICE_PEOPLE = ("bso", "ann", "ben")  # services.demo_office.FOLDERS, without importing it


def register(commands: Any) -> None:
    init = commands.add_parser("init", help="create a new encrypted vault")
    add_common(init)
    init.add_argument("--name", required=True, help="your name as the practitioner")
    init.add_argument("--role", choices=ROLES, default="practitioner")
    init.add_argument(
        "--accept-agreement",
        action="store_true",
        help="accept the confidentiality agreement (shown by 'vigdesk agreement')",
    )
    init.add_argument(
        "--kdf-seconds",
        type=float,
        default=0.75,
        help="time the passphrase hash should take here (default 0.75; "
        "memory never drops below 64 MiB)",
    )
    init.set_defaults(func=cmd_init)

    passwd = commands.add_parser("passwd", help="change the vault passphrase")
    add_common(passwd)
    passwd.add_argument(
        "--new-passphrase-file",
        type=Path,
        help="read the new passphrase from this file",
    )
    passwd.set_defaults(func=cmd_passwd)

    agreement = commands.add_parser("agreement", help="print the confidentiality agreement")
    agreement.set_defaults(func=cmd_agreement)

    demo = commands.add_parser(
        "demo", help="open the app on a demo vault of invented families (never a real vault)"
    )
    add_common(demo)
    demo.add_argument("--no-gui", action="store_true", help="create the demo vault only")
    demo.add_argument("--reset", action="store_true", help="delete and rebuild the demo vault")
    demo.add_argument(
        "--office",
        action="store_true",
        help="a demo office instead: a site folder, the BSO's vault and two practitioners' "
        "laptops that sync",
    )
    demo.add_argument(
        "--as",
        dest="person",
        choices=OFFICE_PEOPLE,
        help="with --office: whose vault the app opens (default bso)",
    )
    demo.add_argument(
        "--root",
        type=Path,
        help="with --office: the folder that holds the demo office (default: its own "
        "folder in the user data folder)",
    )
    demo.set_defaults(func=cmd_demo)


def cmd_init(args: argparse.Namespace) -> int:
    from vigdesk.services.documents import current_agreement

    if not args.accept_agreement:
        raise InvalidInput(
            "Read the confidentiality agreement ('vigdesk agreement') and add --accept-agreement."
        )
    home = home_of(args)
    secret = passphrase(args, "New passphrase: ", confirm=True)
    vault = create_vault(
        home,
        secret,
        display_name=args.name,
        role=args.role,
        kdf=calibrate(max(args.kdf_seconds, 0.0)),
    )
    try:
        data = {
            "home": str(home),
            "vault_id": vault.header.vault_id,
            "agreement_version": current_agreement().version,
            "kdf": {k: v for k, v in vault.header.kdf.to_json().items() if k != "salt"},
        }
    finally:
        vault.lock()
    emit(args, data, f"Created an encrypted vault in {home}.")
    return 0


def cmd_passwd(args: argparse.Namespace) -> int:
    old = passphrase(args, "Current passphrase: ")
    new = passphrase(
        args,
        "New passphrase: ",
        confirm=True,
        env="VIGDESK_NEW_PASSPHRASE",
        file_option="new_passphrase_file",
    )
    with opened_vault(args, old) as vault:
        vault.change_passphrase(old, new)
    emit(args, {"changed": True}, "Passphrase changed.")
    return 0


def cmd_agreement(args: argparse.Namespace) -> int:
    from vigdesk.services.documents import current_agreement

    agreement = current_agreement()
    print(f"Version {agreement.version}\n\n{agreement.text}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    if args.office:
        return _office_demo(args)
    if args.person or args.root:
        raise InvalidInput("--as and --root go with --office, e.g. vigdesk demo --office --as ben.")
    from vigdesk.paths import demo_home
    from vigdesk.services.demo import DEMO_PASSPHRASE, ensure_demo_vault

    home = getattr(args, "home", None) or demo_home()
    created = ensure_demo_vault(home, reset=args.reset)
    emit(
        args,
        {"home": str(home), "passphrase": DEMO_PASSPHRASE, "created": created},
        f"Demo vault (invented families only): {home}\nDemo passphrase: {DEMO_PASSPHRASE}",
    )
    if args.no_gui:
        return 0
    from vigdesk.app import run

    return run(home, demo=True)


def _office_demo(args: argparse.Namespace) -> int:
    from vigdesk.paths import demo_office_home
    from vigdesk.services import demo_office as office
    from vigdesk.services.demo import DEMO_PASSPHRASE

    if getattr(args, "home", None) is not None:
        raise InvalidInput(
            "With --office, give the folder with --root (it holds three vaults and the site "
            "folder), not --home."
        )
    root = (args.root or demo_office_home()).absolute()
    created = office.ensure_demo_office(root, reset=args.reset)
    person = args.person or "bso"
    again = "vigdesk demo --office" + ("" if args.root is None else f" --root {_arg(root)}")
    vaults = {
        p.folder: {
            "home": str(office.home_of(root, p.folder)),
            "name": p.name,
            "role": p.role,
            "open": f"{again} --as {p.folder}",
        }
        for p in office.PEOPLE
    }
    share, ann = office.share_of(root), _arg(office.home_of(root, "ann"))
    rows = [
        f"  {p.name} ({p.desk}): {vaults[p.folder]['home']}\n"
        f"      open it with: {vaults[p.folder]['open']}"
        for p in office.PEOPLE
    ]
    text = "\n".join(
        (
            f"Office demo (invented families only) in {root}",
            f"Site folder (stands in for the council's restricted network folder): {share}",
            *rows,
            f"Passphrase of every vault, and the site passphrase the BSO signs with: "
            f"{DEMO_PASSPHRASE}",
            "Ann and Ben each see only their own families; the BSO sees them all. Ben was "
            "given one of Ann's cases and both edited it at once: see Sync > Conflicts.",
            f"Any vault also opens by its folder: vigdesk --home {ann}, and headless "
            f"commands work on it: vigdesk --home {ann} sync status",
        )
    )
    if not args.no_gui:
        text += f"\nOpening {office.PEOPLE[OFFICE_PEOPLE.index(person)].name}'s vault."
    data = {
        "root": str(root),
        "share": str(share),
        "passphrase": DEMO_PASSPHRASE,
        "site_passphrase": DEMO_PASSPHRASE,
        "created": created,
        "vaults": vaults,
        "opening": None if args.no_gui else person,
    }
    emit(args, data, text)
    if args.no_gui:
        return 0
    from vigdesk.app import run

    return run(office.home_of(root, person), demo=True)


def _arg(path: Path) -> str:
    """A path as one command-line word (quoted if it has spaces, for any shell)."""
    text = str(path)
    return f'"{text}"' if " " in text else text
