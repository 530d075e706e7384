"""`vigdesk questionnaire list|record|score` and `vigdesk outcomes summary|show`."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from pathlib import Path
from typing import Any

from vigdesk.cli.common import add_common, emit, opened_services, parse_date
from vigdesk.core.errors import InvalidInput, storage_error
from vigdesk.core.questionnaires import Administration, Instrument, ScaleScore, Timepoint
from vigdesk.services.questionnaires import installed_instruments


def register(commands: Any) -> None:
    q = commands.add_parser("questionnaire", help="record and score questionnaires")
    add_common(q)
    verbs = q.add_subparsers(dest="questionnaire_command", required=True, metavar="VERB")

    ls = verbs.add_parser("list", help="installed instruments (checks the files; no passphrase)")
    add_common(ls)
    ls.set_defaults(func=cmd_list)

    rec = verbs.add_parser("record", help="record one completed questionnaire")
    add_common(rec)
    rec.add_argument("case", help="case code or id")
    rec.add_argument("--instrument", required=True, help="instrument id (see `list`)")
    rec.add_argument("--respondent", required=True, help="person id of who answered")
    rec.add_argument("--timepoint", choices=[t.value for t in Timepoint], required=True)
    rec.add_argument(
        "--answer", action="append", default=[], metavar="ITEM=VALUE", help="one answer (repeat)"
    )
    rec.add_argument("--on", type=parse_date, help="date completed (default today)")
    rec.set_defaults(func=cmd_record)

    sc = verbs.add_parser("score", help="scores of each questionnaire recorded for a case")
    add_common(sc)
    sc.add_argument("case", help="case code or id")
    sc.set_defaults(func=cmd_score)

    out = commands.add_parser("outcomes", help="outcome charts data and the service summary")
    add_common(out)
    over = out.add_subparsers(dest="outcomes_command", required=True, metavar="VERB")
    summ = over.add_parser("summary", help="anonymous summary across all families")
    add_common(summ)
    summ.add_argument("--csv", type=Path, help="also write the summary as CSV to this file")
    summ.set_defaults(func=cmd_summary)
    show = over.add_parser("show", help="one family's outcome series")
    add_common(show)
    show.add_argument("case", help="case code or id")
    show.set_defaults(func=cmd_show)


def parse_answers(pairs: list[str]) -> dict[str, int]:
    """`["c1=3", "c2=0"]` → `{"c1": 3, "c2": 0}`; InvalidInput naming a malformed pair."""
    answers: dict[str, int] = {}
    for pair in pairs:
        item, sep, value = pair.partition("=")
        item = item.strip()
        if not sep or not item:
            raise InvalidInput(f"--answer {pair!r} should look like ITEM=VALUE, e.g. goal1=4.")
        try:
            answers_value = int(value.strip())
        except ValueError:
            raise InvalidInput(f"Item {item}: {value!r} is not a whole number.") from None
        if item in answers:
            raise InvalidInput(f"Item {item} is answered twice.")
        answers[item] = answers_value
    return answers


def instrument_json(i: Instrument) -> dict[str, Any]:
    return {
        "id": i.id,
        "name": i.name,
        "version": i.version,
        "demo": i.demo,
        "licence": i.licence,
        "items": len(i.items),
        "scales": [scale for scale, _, _ in i.scales()],
        "source": i.source,
    }


def administration_json(a: Administration) -> dict[str, Any]:
    return {**asdict(a), "timepoint": a.timepoint.value}


def score_text(s: ScaleScore) -> str:
    value = "not scored" if s.value is None else f"{s.value:g}"
    extra = " (prorated)" if s.prorated else ""
    band = f" [{s.band}]" if s.band else ""
    return f"    {s.scale:<14} {value}{extra}{band}  {s.answered}/{s.items} answered"


def cmd_list(args: argparse.Namespace) -> int:
    instruments = installed_instruments()
    lines = [
        f"{i.id:<26} v{i.version:<6} {i.name}" + ("  DEMO" if i.demo else "") for i in instruments
    ]
    emit(args, [instrument_json(i) for i in instruments], "\n".join(lines) or "None installed.")
    return 0


def cmd_record(args: argparse.Namespace) -> int:
    answers = parse_answers(args.answer)
    with opened_services(args) as s:
        made = s.questionnaires.record(
            s.cases.find(args.case).id,
            args.instrument,
            args.respondent,
            Timepoint(args.timepoint),
            answers,
            completed_on=args.on,
        )
    text = "\n".join(
        [f"Recorded {made.instrument_id} v{made.instrument_version} at {made.timepoint.value}."]
        + [score_text(x) for x in made.scores]
    )
    emit(args, administration_json(made), text)
    return 0


def cmd_score(args: argparse.Namespace) -> int:
    with opened_services(args) as s:
        found = s.questionnaires.administrations(s.cases.find(args.case).id)
    lines = []
    for a in found:
        lines.append(
            f"{a.completed_on}  {a.instrument_id} v{a.instrument_version}  {a.timepoint.value}"
            f"  respondent {a.respondent_id}"
        )
        lines += [score_text(x) for x in a.scores]
    emit(args, [administration_json(a) for a in found], "\n".join(lines) or "None recorded.")
    return 0


def cmd_summary(args: argparse.Namespace) -> int:
    with opened_services(args) as s:
        summary = s.outcomes.summary()
        csv_text = s.outcomes.summary_csv() if args.csv is not None else ""
    if args.csv is not None:
        try:
            args.csv.write_text(csv_text, encoding="utf-8")
        except OSError as exc:
            raise storage_error(exc, f"write {args.csv}") from exc
    data = asdict(summary)
    data["by_status"] = {x.status.value: x.cases for x in summary.by_status}
    statuses = ", ".join(f"{k} {v}" for k, v in data["by_status"].items())
    lines = [
        f"Cases: {summary.cases} ({statuses})",
        f"With baseline and end measures: {summary.with_baseline_and_end}",
    ]
    lines += [
        f"  {c.measure} {c.version or '-'} {c.scale}: pairs {c.pairs}, cases {c.cases},"
        f" {c.mean_baseline:g} → {c.mean_end:g} (change {c.mean_change:+g})"
        for c in summary.changes
    ]
    if args.csv is not None:
        lines.append(f"CSV written to {args.csv}.")
    emit(args, data, "\n".join(lines))
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    with opened_services(args) as s:
        family = s.outcomes.family(s.cases.find(args.case).id)
    lines = [f"{len(family.helping)} helping-question series, {len(family.scores)} score series"]
    for series in family.scores:
        points = ", ".join(
            f"{p.timepoint.value} {'-' if p.value is None else f'{p.value:g}'}"
            for p in series.points
        )
        lines.append(f"  {series.instrument_id} {series.scale}: {points}")
    emit(args, asdict(family), "\n".join(lines))
    return 0
