"""`vigdesk retention sweep [--dry-run]`, `retention hold|release|status`."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from typing import Any

from vigdesk.cli.common import add_common, emit, opened_services
from vigdesk.core.errors import InvalidInput
from vigdesk.core.retention import Due, Inactive
from vigdesk.services.retention import PolicyInForce, SiteFigures


def register(commands: Any) -> None:
    retention = commands.add_parser("retention", help="the retention schedule")
    add_common(retention)
    verbs = retention.add_subparsers(dest="retention_command", required=True, metavar="VERB")
    sweep = verbs.add_parser("sweep", help="delete what the schedule says is due")
    add_common(sweep)
    sweep.add_argument("--dry-run", action="store_true", help="list what is due; delete nothing")
    sweep.add_argument(
        "--without-summary",
        action="append",
        default=[],
        metavar="ID",
        help="delete this item although its review has no written summary (repeat; needs"
        " --reason). To keep the record instead, write the summary: vigdesk session",
    )
    sweep.add_argument("--reason", default="", help="why it goes without a written summary")
    sweep.set_defaults(func=cmd_sweep)
    write = verbs.add_parser(
        "write-summary", help="write a review's summary so its video may go at the next sweep"
    )
    add_common(write)
    write.add_argument("session", help="the review session's id (as the sweep lists it)")
    write.add_argument("--text", required=True, help="the written summary of the review")
    write.set_defaults(func=cmd_write_summary)
    hold = verbs.add_parser("hold", help="put a case on legal hold (suspends deletion)")
    add_common(hold)
    hold.add_argument("case")
    hold.add_argument("--reason", required=True)
    hold.set_defaults(func=cmd_hold)
    release = verbs.add_parser("release", help="release a legal hold")
    add_common(release)
    release.add_argument("case")
    release.set_defaults(func=cmd_release)
    keep = verbs.add_parser(
        "keep-open", help="record why an inactive case stays open (asked again later)"
    )
    add_common(keep)
    keep.add_argument("case")
    keep.add_argument("--reason", required=True)
    keep.set_defaults(func=cmd_keep_open)
    plan = verbs.add_parser(
        "schedule", help="why each item is kept, and until when (all cases, or one)"
    )
    add_common(plan)
    plan.add_argument("case", nargs="?", help="case code or id")
    plan.set_defaults(func=cmd_schedule)
    status = verbs.add_parser(
        "status", help="due this week/month, overdue, holds, inactive cases, last sweep"
    )
    add_common(status)
    status.set_defaults(func=cmd_status)


def due_json(d: Due) -> dict[str, Any]:
    return {
        "kind": d.kind,
        "id": d.object_id,
        "case": d.case_code,
        "rule": d.rule,
        "due_on": d.due_on.isoformat(),
        "reason": d.reason,
        "held": d.held,
        "needs_summary": d.needs_summary,
        "review_sessions": list(d.reviews_without_summary),
    }


def inactive_json(i: Inactive) -> dict[str, Any]:
    return {
        "case": i.case_code,
        "last_activity": i.last_activity.isoformat(),
        "inactive_from": i.inactive_from.isoformat(),
        "video_due_on": i.video_due_on.isoformat(),
    }


INACTIVE_ASK = "inactive: close the case or record why it stays open"


def inactive_line(i: Inactive) -> str:
    return (
        f"{i.case_code:<12} {INACTIVE_ASK} (no session since {i.last_activity}; "
        f"video due {i.video_due_on})"
    )


def policy_json(p: PolicyInForce) -> dict[str, Any]:
    return {"source": p.source, "site": p.site_name, "version": p.policy.version}


def policy_line(p: PolicyInForce) -> str:
    return f"Policy in force: {p.label}."


def due_line(d: Due) -> str:
    hold = " [ON HOLD]" if d.held else ""
    summary = " [NEEDS A WRITTEN SUMMARY]" if d.needs_summary else ""
    return (
        f"{d.case_code:<12} {d.kind:<16} due {d.due_on}  {d.reason}{hold}{summary}  {d.object_id}"
    )


SUMMARY_HELP = (
    "Needs a written summary: these were shown at a review whose summary is not written, "
    "so the sweep keeps them. Either write the summary "
    "(vigdesk retention write-summary SESSION --text TEXT), or delete without one: "
    "vigdesk retention sweep --without-summary ID --reason TEXT."
)


def summary_line(d: Due) -> str:
    return f"needs summary  {due_line(d)}  review: {', '.join(d.reviews_without_summary)}"


def cmd_sweep(args: argparse.Namespace) -> int:
    if args.without_summary and not args.reason.strip():
        raise InvalidInput("--without-summary needs --reason: why the video goes without one.")
    with opened_services(args) as s:
        in_force = s.retention.policy_in_force()
        if args.dry_run:
            items = s.retention.preview(policy=in_force.policy)
            s.retention.sweep(dry_run=True)
            emit(
                args,
                {
                    "dry_run": True,
                    "policy": policy_json(in_force),
                    "due": [due_json(d) for d in items],
                },
                "\n".join([policy_line(in_force), *(due_line(d) for d in items)])
                + ("" if items else "\nNothing is due.")
                + (f"\n{SUMMARY_HELP}" if any(d.needs_summary for d in items) else ""),
            )
            return 0
        result = s.retention.sweep(without_summary=dict.fromkeys(args.without_summary, args.reason))
    data = {
        "dry_run": False,
        "policy": policy_json(in_force),
        "deleted": [due_json(d) for d in result.deleted],
        "held": [due_json(d) for d in result.held],
        "failed": [{**due_json(d), "error": e} for d, e in result.failed],
        "needs_summary": [due_json(d) for d in result.needs_summary],
    }
    lines = [f"deleted  {due_line(d)}" for d in result.deleted]
    lines += [f"held     {due_line(d)}" for d in result.held]
    lines += [f"FAILED   {due_line(d)}: {e}" for d, e in result.failed]
    lines += [summary_line(d) for d in result.needs_summary]
    if result.needs_summary:
        lines.append(SUMMARY_HELP)
    emit(args, data, "\n".join([policy_line(in_force), *(lines or ["Nothing was due."])]))
    return 1 if result.failed else 0


def cmd_write_summary(args: argparse.Namespace) -> int:
    with opened_services(args) as s:
        session = s.sessions.update_session(args.session, summary=args.text)
    emit(
        args,
        {"session": session.id, "summary_written": session.summary_written},
        "The review's summary is written; its video may go at the next sweep.",
    )
    return 0


def cmd_hold(args: argparse.Namespace) -> int:
    with opened_services(args) as s:
        case = s.cases.find(args.case)
        s.retention.set_hold(case.id, args.reason)
    emit(args, {"case": case.code, "hold": True}, f"Case {case.code} is on legal hold.")
    return 0


def cmd_release(args: argparse.Namespace) -> int:
    with opened_services(args) as s:
        case = s.cases.find(args.case)
        s.retention.release_hold(case.id)
    emit(args, {"case": case.code, "hold": False}, f"Released the hold on {case.code}.")
    return 0


def cmd_keep_open(args: argparse.Namespace) -> int:
    with opened_services(args) as s:
        case = s.cases.find(args.case)
        again = s.retention.record_why_open(case.id, args.reason)
    emit(
        args,
        {"case": case.code, "ask_again_on": again.isoformat()},
        f"Recorded why {case.code} stays open; you will be asked again on {again}. "
        "Its video is still due on the inactivity schedule.",
    )
    return 0


def cmd_schedule(args: argparse.Namespace) -> int:
    with opened_services(args) as s:
        case_id = s.cases.find(args.case).id if args.case else None
        items = [d for d in s.retention.schedule() if case_id in (None, d.case_id)]
    emit(
        args,
        {"schedule": [due_json(d) for d in items]},
        "\n".join(due_line(d) for d in items) or "No video or closed case record is held.",
    )
    return 0


def figures_line(f: SiteFigures) -> str:
    """The BSO console's figures, over every case this vault holds (a BSO's: the site)."""
    cases = f"{f.cases} case{'s' * (f.cases != 1)}"
    return (
        f"Across {cases} on this laptop: due this month {f.due_this_month} "
        f"({f.overdue} overdue), inactive {f.inactive}, summaries missing "
        f"{f.summaries_missing} ({f.waiting_items} video items wait), on hold {f.on_hold}"
    )


def cmd_status(args: argparse.Namespace) -> int:
    with opened_services(args) as s:
        board = s.retention.dashboard()
        figures = s.retention.site_figures()
    data = {
        "overdue": [due_json(d) for d in board.overdue],
        "due_this_week": [due_json(d) for d in board.due_this_week],
        "due_this_month": [due_json(d) for d in board.due_this_month],
        "holds": [h.__dict__ for h in board.holds],
        "last_run": board.last_run.__dict__ if board.last_run else None,
        "policy": policy_json(board.policy) if board.policy else None,
        "inactive": [inactive_json(i) for i in board.inactive],
        "no_birth_date": board.no_birth_date,
        "figures": {**asdict(figures), "as_of": figures.as_of.isoformat()},
    }
    text = (
        (f"{policy_line(board.policy)}\n" if board.policy else "")
        + f"Overdue: {len(board.overdue)}  This week: {len(board.due_this_week)}  "
        f"This month: {len(board.due_this_month)}  Holds: {len(board.holds)}  "
        f"Inactive: {len(board.inactive)}\n"
        + "".join(f"{inactive_line(i)}\n" for i in board.inactive)
        + "".join(
            f"{c:<12} no child's date of birth: the case record counts from closure\n"
            for c in board.no_birth_date
        )
        + f"{figures_line(figures)}\n"
        + f"Last sweep: {board.last_run.message if board.last_run else 'never'}"
    )
    emit(args, data, text)
    return 0
