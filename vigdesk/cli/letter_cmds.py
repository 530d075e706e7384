"""`vigdesk letter draft|send|list|save|mark-sent`: letters to families via the BSO."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from vigdesk.cli.common import add_common, emit, opened_services, parse_date, pdf_renderer
from vigdesk.core.letters import DeliveryMethod, Letter


def register(commands: Any) -> None:
    letter = commands.add_parser("letter", help="letters to families through the BSO's outbox")
    add_common(letter)
    verbs = letter.add_subparsers(dest="letter_command", required=True, metavar="VERB")

    draft = verbs.add_parser("draft", help="a new letter from a template, filled from the case")
    add_common(draft)
    draft.add_argument("case", help="case code")
    draft.add_argument(
        "--template",
        default="end_of_intervention",
        help="end_of_intervention (default), appointment or blank",
    )
    draft.set_defaults(func=cmd_draft)

    send = verbs.add_parser("send", help="seal a draft for the BSO (the next sync delivers it)")
    add_common(send)
    send.add_argument("letter", help="letter id")
    send.set_defaults(func=cmd_send)

    ls = verbs.add_parser("list", help="letters and their status (BSO: --outbox)")
    add_common(ls)
    ls.add_argument("case", nargs="?", help="case code (default: every case)")
    ls.add_argument("--outbox", action="store_true", help="the BSO's outbox, newest first")
    ls.set_defaults(func=cmd_list)

    save = verbs.add_parser("save", help="BSO: save a letter as PDF for secure e-mail")
    add_common(save)
    save.add_argument("letter", help="letter id")
    save.add_argument("--to", type=Path, required=True, help="folder to write the PDF into")
    save.set_defaults(func=cmd_save)

    sent = verbs.add_parser("mark-sent", help="BSO: record that the letter went to the family")
    add_common(sent)
    sent.add_argument("letter", help="letter id")
    sent.add_argument(
        "--method", required=True, choices=[m.value for m in DeliveryMethod], help="how it went"
    )
    sent.add_argument("--on", type=parse_date, help="date sent (default today)")
    sent.set_defaults(func=cmd_mark_sent)


def letter_json(letter: Letter, code: str = "") -> dict[str, Any]:
    return {
        "id": letter.id,
        "case": code or letter.case_id,
        "title": letter.title,
        "author": letter.author_name,
        "created_at": letter.created_at,
        "status": letter.status.value,
        "sent_on": letter.delivered_on.isoformat() if letter.delivered_on else None,
        "method": letter.delivered_method,
    }


def _line(data: dict[str, Any]) -> str:
    return (
        f"{data['id']}  {data['case']}  {data['created_at'][:10]}  {data['title']}"
        f"  by {data['author']}  {data['status']}"
        + (f" {data['sent_on']} by {data['method']}" if data["sent_on"] else "")
    )


def cmd_draft(args: argparse.Namespace) -> int:
    with opened_services(args) as s:
        case = s.cases.find(args.case)
        letter = s.letters.draft(case.id, args.template)
    emit(args, letter_json(letter, case.code), f"Drafted {letter.title}: {letter.id}")
    return 0


def cmd_send(args: argparse.Namespace) -> int:
    html_to_pdf = pdf_renderer()
    with opened_services(args) as s:
        letter = s.letters.send(args.letter, html_to_pdf)
    emit(
        args,
        letter_json(letter),
        f"Sealed {letter.title} for the BSO; the next sync puts it in the site's outbox.",
    )
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    with opened_services(args) as s:
        if args.outbox:
            rows = [letter_json(r.letter, r.case_code) for r in s.letters.outbox()]
        else:
            cases = [s.cases.find(args.case)] if args.case else s.cases.list_cases()
            rows = [letter_json(x, c.code) for c in cases for x in s.letters.for_case(c.id)]
    emit(args, rows, "\n".join(_line(r) for r in rows) or "No letters.")
    return 0


def cmd_save(args: argparse.Namespace) -> int:
    with opened_services(args) as s:
        path = s.letters.save_pdf(args.letter, args.to)
    emit(args, {"file": str(path)}, f"Wrote {path}. Send it by secure e-mail, then delete it.")
    return 0


def cmd_mark_sent(args: argparse.Namespace) -> int:
    with opened_services(args) as s:
        letter = s.letters.mark_sent(args.letter, DeliveryMethod(args.method), args.on)
    emit(args, letter_json(letter), f"Marked sent: {letter.status_text()}.")
    return 0
