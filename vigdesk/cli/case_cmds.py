"""`vigdesk case add|list|show|close|activate|recode` and `vigdesk person add`, and who
may consent for whom: `person authority|looked-after|competent` (issue 19)."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from typing import Any

from vigdesk.cli.common import add_common, emit, opened_services, parse_date
from vigdesk.cli.retention_cmds import due_json, due_line
from vigdesk.core.cases import Case, Person, PersonKind
from vigdesk.core.errors import InvalidInput


def register(commands: Any) -> None:
    case = commands.add_parser("case", help="families' cases")
    add_common(case)
    verbs = case.add_subparsers(dest="case_command", required=True, metavar="VERB")

    add = verbs.add_parser("add", help="open a new case")
    add_common(add)
    add.add_argument("--initials", required=True, help="the family's initials, e.g. JS")
    add.add_argument("--referred", type=parse_date, required=True, help="referral date")
    add.add_argument("--source", default="", help="who referred the family")
    add.add_argument("--difficulty", default="", help="primary difficulty")
    add.add_argument("--code", help="case code (default: generated, e.g. VIG-26-K7QM)")
    add.set_defaults(func=cmd_add)

    ls = verbs.add_parser("list", help="list cases (codes and initials only)")
    add_common(ls)
    ls.set_defaults(func=cmd_list)

    show = verbs.add_parser("show", help="a case with its people")
    add_common(show)
    show.add_argument("case")
    show.set_defaults(func=cmd_show)

    activate = verbs.add_parser("activate", help="mark a referred case active")
    add_common(activate)
    activate.add_argument("case")
    activate.set_defaults(func=cmd_activate)

    close = verbs.add_parser("close", help="close a case")
    add_common(close)
    close.add_argument("case")
    close.add_argument("--on", type=parse_date, required=True, help="closing date")
    close.add_argument("--reason", required=True)
    close.add_argument(
        "--without-summary",
        action="append",
        default=[],
        metavar="SESSION",
        help="let the video shown at this review go without a written summary (repeat;"
        " needs --summary-reason). Closing lists the reviews whose summary is missing",
    )
    close.add_argument("--summary-reason", default="", help="why they go without a summary")
    close.set_defaults(func=cmd_close)

    recode = verbs.add_parser("recode", help="give a case another code")
    add_common(recode)
    recode.add_argument("case", help="the case's current code (or id)")
    recode.add_argument("new_code", metavar="NEW_CODE", help="e.g. VIG-0012A")
    recode.set_defaults(func=cmd_recode)

    person = commands.add_parser("person", help="people in a case")
    add_common(person)
    pverbs = person.add_subparsers(dest="person_command", required=True, metavar="VERB")
    padd = pverbs.add_parser("add", help="add a parent/carer or a child")
    add_common(padd)
    padd.add_argument("case")
    padd.add_argument("--kind", choices=[k.value for k in PersonKind], required=True)
    padd.add_argument("--name", required=True, help="full name")
    padd.add_argument("--born", type=parse_date, help="date of birth (children)")
    padd.add_argument("--parental-responsibility", action="store_true")
    padd.add_argument("--relationship", default="", help="e.g. mother, foster carer")
    padd.set_defaults(func=cmd_person_add)

    auth = pverbs.add_parser(
        "authority",
        help="the local authority's representative (consents for looked-after children)",
    )
    add_common(auth)
    auth.add_argument("case")
    auth.add_argument("--name", required=True, help="full name, e.g. the social worker's")
    auth.add_argument("--role", required=True, help="role and team")
    auth.add_argument("--note", default="", help="the order and delegated-authority note")
    auth.set_defaults(func=cmd_person_authority)

    looked = pverbs.add_parser("looked-after", help="mark a child as looked after (or not)")
    add_common(looked)
    looked.add_argument("person_id")
    looked.add_argument(
        "--parents-too",
        action="store_true",
        help="the delegated-authority agreement lets the birth parents consent too",
    )
    looked.add_argument("--no-longer", action="store_true", help="no longer looked after")
    looked.set_defaults(func=cmd_person_looked_after)

    able = pverbs.add_parser("competent", help="a child judged able to decide (Gillick)")
    add_common(able)
    able.add_argument("person_id")
    able.add_argument("--by", required=True, help="who judged it (name and role)")
    able.add_argument("--on", type=parse_date, default=None, help="when (default today)")
    able.add_argument("--note", default="", help="what showed they understood")
    able.set_defaults(func=cmd_person_competent)


def case_json(case: Case) -> dict[str, Any]:
    data = asdict(case)
    data["status"] = case.status.value
    return data


def cmd_add(args: argparse.Namespace) -> int:
    with opened_services(args) as s:
        case = s.cases.add_case(
            args.initials,
            args.referred,
            referral_source=args.source,
            primary_difficulty=args.difficulty,
            code=args.code,
        )
    emit(args, case_json(case), f"Opened case {case.code} ({case.initials}).")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    with opened_services(args) as s:
        cases = s.cases.list_cases()
    rows = [
        {
            "code": c.code,
            "initials": c.initials,
            "status": c.status.value,
            "referred": c.referral_date.isoformat(),
            "id": c.id,
        }
        for c in cases
    ]
    text = (
        "\n".join(
            f"{r['code']:<13} {r['initials']:<6} {r['status']:<9} {r['referred']}" for r in rows
        )
        or "No cases yet."
    )
    emit(args, rows, text)
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    with opened_services(args) as s:
        case, people = s.cases.open_case(s.cases.find(args.case).id)
    data = case_json(case)
    data["people"] = [{**asdict(p), "kind": p.kind.value} for p in people]
    lines = [f"{case.code}  {case.initials}  {case.status.value}  referred {case.referral_date}"]
    lines += [
        f"  {p.kind.value:<5} {p.full_name} ({p.initials})"
        + (f" born {p.date_of_birth}" if p.date_of_birth else "")
        + (" [PR]" if p.parental_responsibility else "")
        + f"  id {p.id}"
        for p in people
    ]
    emit(args, data, "\n".join(lines))
    return 0


def cmd_activate(args: argparse.Namespace) -> int:
    with opened_services(args) as s:
        case = s.cases.activate(s.cases.find(args.case).id)
    emit(args, case_json(case), f"Case {case.code} is active.")
    return 0


CLOSE_SUMMARY_HELP = (
    "The sweep keeps these until their review's summary is written (vigdesk retention "
    "write-summary SESSION --text TEXT) or a reason is given to delete them without one "
    "(vigdesk retention sweep --without-summary ID --reason TEXT)."
)


def cmd_close(args: argparse.Namespace) -> int:
    if args.without_summary and not args.summary_reason.strip():
        raise InvalidInput("--without-summary needs --summary-reason: why there is no summary.")
    with opened_services(args) as s:
        case_id = s.cases.find(args.case).id
        if args.without_summary:
            s.retention.without_summary(args.without_summary, args.summary_reason)
        missing = s.retention.summaries_missing(case_id, closing_on=args.on)
        case = s.cases.close_case(case_id, args.on, args.reason, summaries_missing=len(missing))
    lines = [f"Closed case {case.code} on {case.closed_on}."]
    if missing:
        lines.append(f"Written summary missing ({len(missing)}):")
        lines += [
            f"  {due_line(d)}  review: {', '.join(d.reviews_without_summary)}" for d in missing
        ]
        lines.append(CLOSE_SUMMARY_HELP)
    data = {**case_json(case), "summaries_missing": [due_json(d) for d in missing]}
    emit(args, data, "\n".join(lines))
    return 0


def cmd_recode(args: argparse.Namespace) -> int:
    with opened_services(args) as s:
        old = s.cases.find(args.case)
        case = s.cases.change_code(old.id, args.new_code)
    text = (
        f"Case {case.code} keeps its code."
        if case.code == old.code
        else f"Case {old.code} is now {case.code}."
    )
    emit(args, {**case_json(case), "old_code": old.code}, text)
    return 0


def cmd_person_add(args: argparse.Namespace) -> int:
    with opened_services(args) as s:
        person = s.cases.add_person(
            s.cases.find(args.case).id,
            PersonKind(args.kind),
            args.name,
            date_of_birth=args.born,
            parental_responsibility=args.parental_responsibility,
            relationship=args.relationship,
        )
    emit(
        args,
        {**asdict(person), "kind": person.kind.value},
        f"Added {person.initials} (id {person.id}).",
    )
    return 0


def _person_out(args: argparse.Namespace, person: Person, text: str) -> int:
    emit(args, {**asdict(person), "kind": person.kind.value}, text)
    return 0


def cmd_person_authority(args: argparse.Namespace) -> int:
    with opened_services(args) as s:
        person = s.consent.add_authority(
            s.cases.find(args.case).id, args.name, args.role, args.note
        )
    return _person_out(
        args, person, f"Added {person.initials} for the local authority (id {person.id})."
    )


def cmd_person_looked_after(args: argparse.Namespace) -> int:
    with opened_services(args) as s:
        person = s.consent.set_looked_after(
            args.person_id, not args.no_longer, parents_consent_too=args.parents_too
        )
    state = "looked after" if person.looked_after else "no longer looked after"
    return _person_out(args, person, f"{person.initials} is {state}.")


def cmd_person_competent(args: argparse.Namespace) -> int:
    with opened_services(args) as s:
        person = s.consent.judge_competent(
            args.person_id, args.on or s.ctx.today(), args.by, args.note
        )
    return _person_out(args, person, f"{person.initials} may now give or refuse consent.")
