"""`vigdesk training status|set|supervision`: a trainee's stage progress and supervision log."""

from __future__ import annotations

import argparse
from dataclasses import replace
from typing import Any

from vigdesk.cli.common import add_common, emit, opened_services, parse_date
from vigdesk.core.accreditation import Supervision, SupervisionFormat, hours
from vigdesk.core.dates import day_text


def register(commands: Any) -> None:
    training = commands.add_parser("training", help="a trainee's accreditation log")
    add_common(training)
    verbs = training.add_subparsers(dest="training_command", required=True, metavar="VERB")

    status = verbs.add_parser("status", help="stage progress: cycles, clients, supervision")
    add_common(status)
    status.set_defaults(func=cmd_status)

    settings = verbs.add_parser("set", help="your stage, when it began, course date, supervisor")
    add_common(settings)
    settings.add_argument("--stage", type=int, help="the supervised stage you are in (1-3)")
    settings.add_argument("--since", type=parse_date, help="the date that stage began")
    settings.add_argument("--course", type=parse_date, help="the date of your initial course")
    settings.add_argument("--supervisor", help="your supervisor's name")
    settings.set_defaults(func=cmd_set)

    log = verbs.add_parser("supervision", help="log supervision or list the log")
    add_common(log)
    sub = log.add_subparsers(dest="supervision_command", required=True, metavar="VERB")
    add = sub.add_parser("add", help="log supervision you received")
    add_common(add)
    add.add_argument("--date", type=parse_date, required=True, help="when (e.g. 2026-11-24)")
    add.add_argument("--minutes", type=int, required=True, help="how long, in minutes")
    add.add_argument("--supervisor", required=True, help="who supervised")
    add.add_argument("--group", action="store_true", help="group supervision (default individual)")
    add.add_argument("--watched", action="append", default=[], help="a package id (repeat)")
    add.add_argument("--learning", default="", help="learning points (no family details)")
    add.set_defaults(func=cmd_supervision_add)
    ls = sub.add_parser("list", help="the supervision log")
    add_common(ls)
    ls.set_defaults(func=cmd_supervision_list)


def supervision_json(e: Supervision) -> dict[str, Any]:
    return {
        "id": e.id,
        "held_on": e.held_on.isoformat(),
        "minutes": e.minutes,
        "supervisor": e.supervisor,
        "format": e.format.value,
        "watched": list(e.watched),
        "learning": e.learning,
    }


def supervision_line(e: Supervision) -> str:
    learning = f"  {e.learning}" if e.learning else ""
    when = f"{day_text(e.held_on)}  {hours(e.minutes)} h"
    return f"{when}  {e.format.value}  {e.supervisor}{learning}"


def cmd_status(args: argparse.Namespace) -> int:
    with opened_services(args) as s:
        report = s.training.report()
    emit(args, report, report["progress"])
    return 0


def cmd_set(args: argparse.Namespace) -> int:
    with opened_services(args) as s:
        now = s.training.settings()
        new = replace(
            now,
            stage=now.stage if args.stage is None else args.stage,
            stage_started_on=args.since or now.stage_started_on,
            course_on=args.course or now.course_on,
            supervisor=now.supervisor if args.supervisor is None else args.supervisor,
        )
        saved = s.training.set_settings(new)
        text = s.training.progress().text()
    emit(args, {"stage": saved.stage, "progress": text}, text)
    return 0


def cmd_supervision_add(args: argparse.Namespace) -> int:
    kind = SupervisionFormat.GROUP if args.group else SupervisionFormat.INDIVIDUAL
    with opened_services(args) as s:
        entry = s.training.log_supervision(
            args.date,
            args.minutes,
            args.supervisor,
            kind,
            watched=tuple(args.watched),
            learning=args.learning,
        )
        text = s.training.progress().text()
    emit(args, supervision_json(entry), f"Logged: {supervision_line(entry)}\n{text}")
    return 0


def cmd_supervision_list(args: argparse.Namespace) -> int:
    with opened_services(args) as s:
        log = s.training.supervision()
    text = "\n".join(supervision_line(e) for e in log) or "No supervision logged yet."
    emit(args, [supervision_json(e) for e in log], text)
    return 0
