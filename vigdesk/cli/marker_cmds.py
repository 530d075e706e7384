"""`vigdesk marker add|list|chains|clip`: moment markers on a video, the chains among them,
and a clip cut around a chain."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from typing import Any

from vigdesk.cli.common import add_common, emit, opened_services
from vigdesk.core.errors import NotFound
from vigdesk.core.marker_chains import Chain
from vigdesk.core.markers import Marker
from vigdesk.services.markers import MarkerAnalysis


def seconds(text: str) -> float:
    """A time in seconds ("12.40") for argparse `type=`."""
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a time in seconds like 12.40") from None


def register(commands: Any) -> None:
    marker = commands.add_parser("marker", help="moment markers on footage and clips")
    add_common(marker)
    verbs = marker.add_subparsers(dest="marker_command", required=True, metavar="VERB")

    add = verbs.add_parser("add", help="mark a moment (snapped to the nearest frame)")
    add_common(add)
    add.add_argument("media", help="media id of the footage or clip")
    add.add_argument("--at", type=seconds, required=True, help="seconds from the start")
    add.add_argument(
        "--type", required=True, help="a marker type (e.g. child_initiative) or a vig: label"
    )
    add.add_argument("--who", default="", help="initials of the person it is about")
    add.add_argument("--note", default="", help="a short note")
    add.set_defaults(func=cmd_add)

    ls = verbs.add_parser("list", help="a video's markers by time")
    add_common(ls)
    ls.add_argument("media", help="media id")
    ls.set_defaults(func=cmd_list)

    chains = verbs.add_parser("chains", help="initiative → reception → response chains")
    add_common(chains)
    chains.add_argument("media", help="media id")
    chains.set_defaults(func=cmd_chains)

    clip = verbs.add_parser("clip", help="a clip around a chain or chosen markers")
    add_common(clip)
    clip.add_argument("media", help="media id of the footage")
    which = clip.add_mutually_exclusive_group(required=True)
    which.add_argument("--chain", help="a chain's id (its initiative marker's id)")
    which.add_argument("--marker", action="append", help="a marker id (repeat)")
    clip.add_argument("--pad-before", type=seconds, default=1.0, help="seconds (default 1)")
    clip.add_argument("--pad-after", type=seconds, default=1.0, help="seconds (default 1)")
    clip.add_argument("--title", default="", help="the clip's title")
    clip.set_defaults(func=cmd_clip)


def marker_json(m: Marker) -> dict[str, Any]:
    return asdict(m)


def chain_json(c: Chain) -> dict[str, Any]:
    return {
        "markers": [m.id for m in c.markers],
        "steps": [s.value for s in c.steps],
        "times_s": [m.at_s for m in c.markers],
        "gaps_s": list(c.gaps),
        "completes_circle": c.completes_circle,
    }


def marker_line(m: Marker) -> str:
    who = f"  {m.who}" if m.who else ""
    note = f"  “{m.note}”" if m.note else ""
    return f"{m.at_s:8.2f} s  {m.type}{who}{note}  id {m.id}"


def chain_line(c: Chain) -> str:
    times = " → ".join(f"{m.at_s:.2f}" for m in c.markers)
    gaps = ", ".join(f"{g:.2f}" for g in c.gaps)
    circle = "  completes the circle" if c.completes_circle else ""
    return f"{times} s  ({len(c.steps)} steps" + (f"; gaps {gaps} s" if gaps else "") + f"){circle}"


def analysis_text(a: MarkerAnalysis) -> str:
    s = a.summary

    def latency(value: float | None) -> str:
        return "–" if value is None else f"{value:.2f} s"

    lines = [chain_line(c) for c in a.chains] or ["No chains: mark a child's initiative first."]
    lines += [
        "",
        f"{s.chains} chains, {s.completed_circles} complete the circle; "
        f"initiatives received {s.initiatives_received}, missed {s.initiatives_missed}",
        f"median reception {latency(s.median_reception_s)}, "
        f"median response {latency(s.median_response_s)} (from the initiative)",
    ]
    return "\n".join(lines)


def cmd_add(args: argparse.Namespace) -> int:
    with opened_services(args) as s:
        marker = s.markers.add(args.media, args.at, args.type, who=args.who, note=args.note)
    emit(args, marker_json(marker), f"Marked {marker.type} at {marker.at_s:.2f} s: {marker.id}")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    with opened_services(args) as s:
        markers = s.markers.list_markers(args.media)
    text = "\n".join(marker_line(m) for m in markers) or "No markers yet."
    emit(args, [marker_json(m) for m in markers], text)
    return 0


def cmd_chains(args: argparse.Namespace) -> int:
    with opened_services(args) as s:
        analysis = s.markers.analyse(args.media)
    data = {"chains": [chain_json(c) for c in analysis.chains], "summary": asdict(analysis.summary)}
    emit(args, data, analysis_text(analysis))
    return 0


def cmd_clip(args: argparse.Namespace) -> int:
    with opened_services(args) as s:
        if args.chain:
            chain = next(
                (c for c in s.markers.analyse(args.media).chains if c.id == args.chain), None
            )
            if chain is None:
                raise NotFound(f"No chain starting with marker {args.chain} on this video.")
            chosen = [m.id for m in chain.markers]
        else:
            chosen = list(args.marker)
        clip = s.markers.clip(
            args.media,
            chosen,
            pad_before_s=args.pad_before,
            pad_after_s=args.pad_after,
            title=args.title,
        )
        copied = len(s.markers.list_markers(clip.id))
    data = {
        "id": clip.id,
        "title": clip.title,
        "start_s": clip.start_s,
        "end_s": clip.end_s,
        "labels": list(clip.labels),
        "markers": copied,
    }
    text = (
        f"Made clip “{clip.title}” ({clip.start_s:.2f}–{clip.end_s:.2f} s) with {copied} "
        f"markers"
        + (f" and labels {', '.join(clip.labels)}" if clip.labels else "")
        + f": {clip.id}"
    )
    emit(args, data, text)
    return 0
