"""`vigdesk consent record|withdraw|list`."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

from vigdesk.cli.common import add_common, emit, opened_services, parse_date
from vigdesk.core.consent import ConsentRecord, Method, Purpose
from vigdesk.core.errors import InvalidInput


def register(commands: Any) -> None:
    consent = commands.add_parser("consent", help="record, withdraw and list consent")
    add_common(consent)
    verbs = consent.add_subparsers(dest="consent_command", required=True, metavar="VERB")

    rec = verbs.add_parser("record", help="record one adult's consent for children")
    add_common(rec)
    rec.add_argument("case")
    rec.add_argument("--giver", required=True, help="person id of who consents")
    rec.add_argument(
        "--child",
        action="append",
        required=True,
        help="person id it is for (repeat): a child, or the giver themselves",
    )
    rec.add_argument(
        "--grant",
        action="append",
        default=[],
        choices=[p.value for p in Purpose],
        help="purpose consented to (repeat)",
    )
    rec.add_argument(
        "--refuse",
        action="append",
        default=[],
        choices=[p.value for p in Purpose],
        help="purpose refused (repeat)",
    )
    rec.add_argument("--form-version", default=None, help="default: the current consent text")
    rec.add_argument("--on", type=parse_date, default=None, help="date given (default today)")
    rec.add_argument("--method", choices=[m.value for m in Method], default="scanned_paper")
    rec.add_argument("--evidence", type=Path, help="image of the signature or scanned form")
    rec.add_argument("--review", type=parse_date, help="review date")
    rec.add_argument("--child-view", default="", help="the child's own view, where old enough")
    rec.add_argument("--interpreter", default="", help="language and who interpreted, if anyone")
    rec.add_argument("--accessible-version", default="", help="e.g. 'easy read', if one was used")
    rec.set_defaults(func=cmd_record)

    wd = verbs.add_parser("withdraw", help="withdraw consent records")
    add_common(wd)
    wd.add_argument("consent_id", nargs="+")
    wd.add_argument("--reason", default="")
    wd.set_defaults(func=cmd_withdraw)

    ls = verbs.add_parser("list", help="consent register for a case, or for all cases")
    add_common(ls)
    ls.add_argument("case", nargs="?")
    ls.set_defaults(func=cmd_list)


def record_json(r: ConsentRecord) -> dict[str, Any]:
    data = asdict(r)
    data.update(purpose=r.purpose.value, method=r.method.value)
    return data


def cmd_record(args: argparse.Namespace) -> int:
    from vigdesk.services.documents import current_consent_text

    purposes = {Purpose(p): True for p in args.grant} | {Purpose(p): False for p in args.refuse}
    if not purposes:
        raise InvalidInput("Name at least one purpose with --grant or --refuse.")
    evidence = None
    if args.evidence is not None:
        try:
            evidence = args.evidence.read_bytes()
        except OSError as exc:
            raise InvalidInput(f"Cannot read {args.evidence}: {exc.strerror}.") from exc
    with opened_services(args) as s:
        case = s.cases.find(args.case)
        made = s.consent.record(
            case.id,
            args.giver,
            args.child,
            purposes,
            form_version=args.form_version or current_consent_text().version,
            given_on=args.on or date.today(),
            method=Method(args.method),
            evidence=evidence,
            review_due=args.review,
            child_view=args.child_view,
            interpreter=args.interpreter,
            accessible_version=args.accessible_version,
        )
    emit(args, [record_json(r) for r in made], f"Recorded {len(made)} consent entries.")
    return 0


def cmd_withdraw(args: argparse.Namespace) -> int:
    with opened_services(args) as s:
        done = s.consent.withdraw(args.consent_id, args.reason)
    emit(args, [record_json(r) for r in done], f"Withdrew {len(done)} consent entries.")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    with opened_services(args) as s:
        if args.case:
            case = s.cases.find(args.case)
            records = s.consent.for_case(case.id)
            people = {p.id: p.initials for p in s.cases.people(case.id)}
        else:
            records = s.consent.register()
            people = {}
            for c in {r.case_id for r in records}:
                people |= {p.id: p.initials for p in s.cases.people(c)}
    lines = [
        f"{r.given_on} {people.get(r.giver_id, '?'):<5} for {people.get(r.child_id, '?'):<5} "
        f"{r.purpose.value:<12} {'given' if r.granted else 'refused':<8}"
        + (f" withdrawn {r.withdrawn_on}" if r.withdrawn_on else "")
        + (f" review {r.review_due}" if r.review_due else "")
        + f"  {r.id}"
        for r in records
    ]
    emit(args, [record_json(r) for r in records], "\n".join(lines) or "No consent recorded.")
    return 0
