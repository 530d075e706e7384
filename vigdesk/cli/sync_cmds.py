"""`vigdesk site …` (the BSO), `vigdesk enrol PATH` and `vigdesk sync …` (every laptop)."""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from vigdesk.cli.common import add_common, emit, opened_services, passphrase
from vigdesk.core.errors import AuditBroken, NotFound
from vigdesk.services.session import Services
from vigdesk.services.sync import WaitingRow
from vigdesk.sync.context import SyncProgress
from vigdesk.sync.identity import fingerprint
from vigdesk.sync.manifest import Member


def _verb(verbs: Any, name: str, help_text: str, func: Any) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = verbs.add_parser(name, help=help_text)
    add_common(parser)
    parser.set_defaults(func=func)
    return parser


def register(commands: Any) -> None:
    site = commands.add_parser("site", help="set up and run the site folder (the BSO)")
    add_common(site)
    verbs = site.add_subparsers(dest="site_command", required=True, metavar="VERB")
    init = _verb(verbs, "init", "create the site in a network folder", cmd_site_init)
    init.add_argument("path", type=Path)
    init.add_argument("--name", required=True, help="the site's name, e.g. the service")
    _verb(verbs, "show", "the site, its version and key fingerprint", cmd_site_show)
    _verb(verbs, "requests", "pending enrolment requests", cmd_site_requests)
    approve = _verb(verbs, "approve", "add a requesting laptop as a member", cmd_site_approve)
    approve.add_argument("request_id")
    remove = _verb(verbs, "remove", "remove a member (no keys for them any more)", cmd_remove)
    remove.add_argument("member")
    _verb(verbs, "members", "list the members", cmd_site_members)
    locate = _verb(verbs, "locate", "register another path of the same share", cmd_locate)
    locate.add_argument("path", type=Path)

    enrol = commands.add_parser("enrol", help="ask to join the site in a network folder")
    add_common(enrol)
    enrol.add_argument("path", type=Path)
    enrol.add_argument("--fingerprint", help="the site key fingerprint the BSO gave you")
    enrol.set_defaults(func=cmd_enrol)

    sync = commands.add_parser("sync", help="sync with the site (or: status, conflicts, …)")
    add_common(sync)
    sync.add_argument("--site", type=Path, help="the site folder if not the enrolled one")
    sync.set_defaults(func=cmd_sync)
    sverbs = sync.add_subparsers(dest="sync_command", metavar="VERB")
    _verb(sverbs, "status", "enrolment, last sync, unsent changes, conflicts", cmd_status)
    conflicts = _verb(
        sverbs, "conflicts", "fields edited concurrently on two laptops", cmd_conflicts
    )
    conflicts.add_argument("--all", action="store_true", help="include settled ones")
    _verb(sverbs, "waiting", "rows from other laptops that cannot be applied yet", cmd_waiting)
    settle = _verb(sverbs, "settle", "settle a conflict", cmd_settle)
    settle.add_argument("conflict")
    settle.add_argument("choice", choices=("kept", "other"))
    for name, func, text in (
        ("assign", cmd_assign, "give a member a case (its key follows at the next sync)"),
        ("unassign", cmd_unassign, "take a member off a case (their laptop drops it)"),
    ):
        verb = _verb(sverbs, name, text, func)
        verb.add_argument("case")
        verb.add_argument("member")
    audit = _verb(
        sverbs, "audit-verify", "check every device's audit chain on the site", cmd_audit_verify
    )
    audit.add_argument("path", type=Path, nargs="?")


def _member_json(m: Member) -> dict[str, str]:
    return {
        "id": m.id,
        "name": m.name,
        "role": m.role,
        "device": m.device_id,
        "fingerprint": fingerprint(m.sign_key),
    }


def cmd_site_init(args: argparse.Namespace) -> int:
    secret = passphrase(args)
    with opened_services(args) as s:
        site = s.sync.site.init_site(args.path, args.name, secret)
    fp = fingerprint(site.manifest.site_key)
    emit(
        args,
        {
            "site_id": site.manifest.site_id,
            "name": site.manifest.name,
            "fingerprint": fp,
            "path": str(args.path),
        },
        f"Created the site '{site.manifest.name}' in {args.path}.\n"
        f"Site key fingerprint: {fp}\n"
        "Give this fingerprint to each practitioner (in person or by phone) for enrolment.",
    )
    return 0


def cmd_site_show(args: argparse.Namespace) -> int:
    with opened_services(args) as s:
        site = s.sync.site.verified()
    m = site.manifest
    fp = fingerprint(m.site_key)
    emit(
        args,
        {
            "site_id": m.site_id,
            "name": m.name,
            "version": m.version,
            "fingerprint": fp,
            "members": len(m.members),
            "locations": m.hints.locations,
        },
        f"{m.name} (version {m.version}, {len(m.members)} members)\nFingerprint: {fp}\n"
        f"Locations: {', '.join(m.hints.locations) or 'any'}",
    )
    return 0


def cmd_site_requests(args: argparse.Namespace) -> int:
    with opened_services(args) as s:
        found = s.sync.site.requests()
    data = [
        {
            "request": r.device_id,
            "name": r.name,
            "role": r.role,
            "fingerprint": r.fingerprint,
            "requested_at": r.requested_at,
        }
        for r in found
    ]
    lines = [f"{r.device_id[:8]}  {r.name:<24} {r.role:<12} {r.fingerprint}" for r in found]
    emit(args, data, "\n".join(lines) or "No pending requests.")
    return 0


def cmd_site_approve(args: argparse.Namespace) -> int:
    secret = passphrase(args)
    with opened_services(args) as s:
        req = s.sync.site.approve(args.request_id, secret)
    emit(
        args,
        {"member": req.member_id, "name": req.name, "fingerprint": req.fingerprint},
        f"Approved {req.name} ({req.role}). Device fingerprint: {req.fingerprint}\n"
        "It must match the one shown on their laptop.",
    )
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    secret = passphrase(args)
    with opened_services(args) as s:
        gone = s.sync.site.remove_member(args.member, secret)
    emit(
        args,
        {"removed": gone.id, "name": gone.name, "final_seq": gone.final_seq},
        f"Removed {gone.name}: no new keys for them; a new site key was issued.",
    )
    return 0


def cmd_site_members(args: argparse.Namespace) -> int:
    with opened_services(args) as s:
        members = s.sync.site.members()
    lines = [f"{m.id[:8]}  {m.name:<24} {m.role:<12} {fingerprint(m.sign_key)}" for m in members]
    emit(args, [_member_json(m) for m in members], "\n".join(lines) or "Not enrolled.")
    return 0


def cmd_locate(args: argparse.Namespace) -> int:
    secret = passphrase(args)
    with opened_services(args) as s:
        site = s.sync.site.add_location(args.path, secret)
    emit(
        args,
        {"locations": site.manifest.hints.locations},
        f"Registered {args.path} as a location of the site.",
    )
    return 0


def cmd_enrol(args: argparse.Namespace) -> int:
    with opened_services(args) as s:
        e = s.sync.site.enrol(args.path, args.fingerprint)
    text = (
        f"Site: {e.site_name}\nSite key fingerprint: {e.site_fingerprint}\n"
        "  Compare it with the one the BSO gave you; if they differ, stop and call the BSO.\n"
        + (
            "This vault is already a member."
            if e.approved
            else f"Asked to join (request {e.request_id[:8]}). Your device fingerprint: "
            f"{e.device_fingerprint}\n  The BSO approves with 'vigdesk site approve "
            f"{e.request_id[:8]}' after checking it."
        )
    )
    emit(args, asdict(e), text)
    return 0


def _progress(event: SyncProgress) -> None:
    if event.phase == "done":
        return
    counts = f" {event.done}/{event.total}" if event.total else ""
    print(f"sync: {event.phase}{counts}", file=sys.stderr, flush=True)


def _waiting_lines(waiting: list[WaitingRow]) -> list[str]:
    """One line per row that cannot be applied yet: case code, what, why."""
    return [f"  {w.case_code or '-':<12} {w.table:<16} {w.reason}" for w in waiting]


def _waiting_text(waiting: list[WaitingRow]) -> str:
    if not waiting:
        return ""
    return "\nWaiting to apply (tried again at every sync):\n" + "\n".join(_waiting_lines(waiting))


def cmd_sync(args: argparse.Namespace) -> int:
    with opened_services(args) as s:
        report = s.sync.sync(args.site, progress=_progress)
        waiting = s.sync.waiting()
    data = {**asdict(report), "changed": report.changed, "waiting": [asdict(w) for w in waiting]}
    text = (
        f"Synced with {report.site} (site version {report.version}) in {report.seconds:.1f} s: "
        f"sent {report.sent} changes, applied {report.received}, uploaded {report.uploaded} "
        f"and fetched {report.downloaded} files, {report.keys} new keys, "
        f"{report.conflicts} new conflicts." + "".join(f"\nproblem: {p}" for p in report.problems)
    )
    emit(args, data, text + _waiting_text(waiting))
    return 1 if report.problems else 0


def cmd_status(args: argparse.Namespace) -> int:
    with opened_services(args) as s:
        st = s.sync.status()
        waiting = s.sync.waiting()
    emit(
        args,
        {**asdict(st), "waiting": [asdict(w) for w in waiting]},
        f"Site: {st.site_name or '(not enrolled)'} at {st.location or '-'}; "
        f"{'approved' if st.approved else 'not approved yet'}\n"
        f"Last sync: {st.last_sync_at or 'never'}; unsent changes: {st.unsent_changes}; "
        f"waiting rows: {st.pending_rows}; open conflicts: {st.open_conflicts}"
        + _waiting_text(waiting),
    )
    return 0


def cmd_waiting(args: argparse.Namespace) -> int:
    with opened_services(args) as s:
        waiting = s.sync.waiting()
    emit(
        args,
        [asdict(w) for w in waiting],
        "\n".join(_waiting_lines(waiting)) or "Nothing is waiting: every row applied.",
    )
    return 0


def cmd_conflicts(args: argparse.Namespace) -> int:
    with opened_services(args) as s:
        found = s.sync.conflicts(open_only=not args.all)
    lines = [
        f"{c.id[:8]}  {c.table}.{c.column}: kept {c.kept!r} ({c.kept_by or 'this laptop'}),"
        f" other {c.other!r} ({c.other_by or 'this laptop'})"
        + (f" [settled: {c.resolution}]" if c.settled_at else "")
        for c in found
    ]
    emit(args, [asdict(c) for c in found], "\n".join(lines) or "No conflicts.")
    return 0


def cmd_settle(args: argparse.Namespace) -> int:
    with opened_services(args) as s:
        c = s.sync.settle(args.conflict, args.choice)
    emit(args, asdict(c), f"Settled {c.table}.{c.column}: {args.choice} value.")
    return 0


def _member(s: Services, text: str) -> str:
    found = [
        m for m in s.sync.site.members() if m.id.startswith(text) or m.name.lower() == text.lower()
    ]
    if len(found) != 1:
        raise NotFound(f"No single member matches {text!r}: see 'vigdesk site members'.")
    return found[0].id


def cmd_assign(args: argparse.Namespace) -> int:
    with opened_services(args) as s:
        case = s.cases.find(args.case)
        s.sync.assign(case.id, _member(s, args.member))
    emit(args, {"case": case.code, "assigned": True}, f"Assigned to {case.code}.")
    return 0


def cmd_unassign(args: argparse.Namespace) -> int:
    with opened_services(args) as s:
        case = s.cases.find(args.case)
        s.sync.unassign(case.id, _member(s, args.member))
    emit(args, {"case": case.code, "assigned": False}, f"Unassigned from {case.code}.")
    return 0


def cmd_audit_verify(args: argparse.Namespace) -> int:
    with opened_services(args) as s:
        result = s.sync.audit_verify(args.path)
    data = {"ok": result.ok, "devices": [asdict(d) for d in result.devices]}
    lines = [
        f"{d.device_id[:8]}  {d.name:<24} {d.entries} entries"
        + ("" if not d.problems else "  PROBLEMS: " + "; ".join(d.problems))
        for d in result.devices
    ]
    if not result.ok and not getattr(args, "json", False):
        raise AuditBroken("\n".join(lines))
    emit(args, data, "\n".join(lines))
    return 0 if result.ok else AuditBroken.exit_code
