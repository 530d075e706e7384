"""`vigdesk session add|list` and `vigdesk helping add|rate|list`."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from typing import Any

from vigdesk.cli.common import add_common, emit, opened_services, parse_date
from vigdesk.core.sessions import HelpingQuestion, Session, SessionKind


def register(commands: Any) -> None:
    session = commands.add_parser("session", help="a case's VIG sessions")
    add_common(session)
    verbs = session.add_subparsers(dest="session_command", required=True, metavar="VERB")

    add = verbs.add_parser("add", help="record a session")
    add_common(add)
    add.add_argument("case", help="case code or id")
    add.add_argument("--kind", choices=[k.value for k in SessionKind], required=True)
    add.add_argument("--on", type=parse_date, required=True, help="date held")
    add.add_argument("--notes", default="")
    add.add_argument("--summary", default="", help="written summary (shared and final reviews)")
    add.add_argument("--media", action="append", default=[], help="linked media id (repeat)")
    add.set_defaults(func=cmd_session_add)

    ls = verbs.add_parser("list", help="a case's sessions, oldest first")
    add_common(ls)
    ls.add_argument("case", help="case code or id")
    ls.set_defaults(func=cmd_session_list)

    helping = commands.add_parser("helping", help="helping questions and their ratings")
    add_common(helping)
    hverbs = helping.add_subparsers(dest="helping_command", required=True, metavar="VERB")

    hadd = hverbs.add_parser("add", help="record a helping question agreed with the family")
    add_common(hadd)
    hadd.add_argument("case", help="case code or id")
    hadd.add_argument("--text", required=True, help="the question in the family's words")
    hadd.add_argument("--on", type=parse_date, help="date agreed (default today)")
    hadd.set_defaults(func=cmd_helping_add)

    rate = hverbs.add_parser("rate", help="rate a helping question 0–10")
    add_common(rate)
    rate.add_argument("question_id")
    rate.add_argument("--by", required=True, help="person id of the adult rating")
    rate.add_argument("--score", type=int, required=True, help="0 to 10")
    rate.add_argument("--session", help="session id (omit for the baseline rating)")
    rate.add_argument("--on", type=parse_date, help="date (default: the session's, or today)")
    rate.set_defaults(func=cmd_helping_rate)

    hls = hverbs.add_parser("list", help="a case's helping questions with ratings")
    add_common(hls)
    hls.add_argument("case", help="case code or id")
    hls.set_defaults(func=cmd_helping_list)


def session_json(s: Session) -> dict[str, Any]:
    return {**asdict(s), "kind": s.kind.value, "summary_written": s.summary_written}


def question_json(q: HelpingQuestion) -> dict[str, Any]:
    return asdict(q)


def cmd_session_add(args: argparse.Namespace) -> int:
    with opened_services(args) as s:
        session = s.sessions.add_session(
            s.cases.find(args.case).id,
            SessionKind(args.kind),
            args.on,
            notes=args.notes,
            summary=args.summary,
            media_ids=args.media,
        )
    emit(args, session_json(session), f"Added {session.kind.value} on {session.held_on}.")
    return 0


def cmd_session_list(args: argparse.Namespace) -> int:
    with opened_services(args) as s:
        sessions = s.sessions.list_sessions(s.cases.find(args.case).id)
    lines = [
        f"{x.held_on}  {x.kind.value:<15} media {len(x.media_ids)}"
        + ("  summary written" if x.summary_written else "")
        + f"  id {x.id}"
        for x in sessions
    ]
    emit(args, [session_json(x) for x in sessions], "\n".join(lines) or "No sessions yet.")
    return 0


def cmd_helping_add(args: argparse.Namespace) -> int:
    with opened_services(args) as s:
        question = s.helping.add_question(s.cases.find(args.case).id, args.text, agreed_on=args.on)
    emit(args, question_json(question), f"Added helping question {question.id}.")
    return 0


def cmd_helping_rate(args: argparse.Namespace) -> int:
    with opened_services(args) as s:
        rating = s.helping.rate(
            args.question_id, args.by, args.score, session_id=args.session, rated_on=args.on
        )
    when = "baseline" if rating.is_baseline else "session"
    emit(args, asdict(rating), f"Rated {rating.score}/10 on {rating.rated_on} ({when}).")
    return 0


def cmd_helping_list(args: argparse.Namespace) -> int:
    with opened_services(args) as s:
        questions = s.helping.list_questions(s.cases.find(args.case).id)
    lines = []
    for q in questions:
        lines.append(f"{q.text}  (agreed {q.agreed_on}, id {q.id})")
        lines += [
            f"  {r.rated_on}  {r.score:>2}/10  {'baseline' if r.is_baseline else 'session'}"
            for r in q.ratings
        ]
    emit(args, [question_json(q) for q in questions], "\n".join(lines) or "No helping questions.")
    return 0
