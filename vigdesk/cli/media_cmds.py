"""`vigdesk import`, `clip`, `still` and `media list`."""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from vigdesk.cli.common import add_common, emit, opened_services, wants_json
from vigdesk.core.media import MediaItem


def register(commands: Any) -> None:
    imp = commands.add_parser("import", help="seal footage into a case (needs film+keep consent)")
    add_common(imp)
    imp.add_argument("--case", required=True, help="case code or id")
    imp.add_argument("files", nargs="+", type=Path)
    imp.add_argument(
        "--delete-source",
        action="store_true",
        help="overwrite and delete each original after its sealed copy is verified",
    )
    imp.set_defaults(func=cmd_import)

    clip = commands.add_parser("clip", help="cut a frame-exact clip with sound")
    add_common(clip)
    clip.add_argument("media_id")
    clip.add_argument("--start", type=float, required=True, help="seconds")
    clip.add_argument("--end", type=float, required=True, help="seconds")
    clip.add_argument("--title", default="")
    clip.set_defaults(func=cmd_clip)

    still = commands.add_parser("still", help="save the exact frame at a time as a still")
    add_common(still)
    still.add_argument("media_id")
    still.add_argument("--at", type=float, required=True, help="seconds")
    still.add_argument("--caption", default="")
    still.set_defaults(func=cmd_still)

    media = commands.add_parser("media", help="list a case's footage, clips and stills")
    add_common(media)
    verbs = media.add_subparsers(dest="media_command", required=True, metavar="VERB")
    ls = verbs.add_parser("list")
    add_common(ls)
    ls.add_argument("case")
    ls.set_defaults(func=cmd_list)


def media_json(item: MediaItem) -> dict[str, Any]:
    data = asdict(item)
    data["kind"] = item.kind.value
    data["labels"] = list(item.labels)
    return data


def _progress(args: argparse.Namespace, name: str) -> Any:
    if wants_json(args) or not sys.stderr.isatty():
        return None
    return lambda f: print(f"\r{name}: {f:4.0%}", end="", file=sys.stderr, flush=True)


def cmd_import(args: argparse.Namespace) -> int:
    from vigdesk.services.media import MediaService

    results = []
    with opened_services(args) as s:
        case = s.cases.find(args.case)
        for path in args.files:
            result = s.media.import_footage(case.id, path, progress=_progress(args, path.name))
            if args.delete_source:
                MediaService.delete_source(path)
            results.append(
                {
                    **media_json(result.item),
                    "sha256": result.sha256,
                    "source_deleted": bool(args.delete_source),
                }
            )
    text = "\n".join(
        f"Imported {Path(f).name} as {r['id']} ({r['duration_s']:.1f} s), verified."
        for f, r in zip(args.files, results, strict=True)
    )
    if args.delete_source:
        text += (
            "\nOriginals overwritten and deleted. On SD cards and SSDs a copy may survive "
            "in the device's spare blocks: format the card in the camera too."
        )
    emit(args, results, text)
    return 0


def cmd_clip(args: argparse.Namespace) -> int:
    with opened_services(args) as s:
        item = s.media.make_clip(args.media_id, args.start, args.end, title=args.title)
    emit(
        args,
        media_json(item),
        f"Made clip {item.id}: {item.start_s:.3f}–{item.end_s:.3f} s ({item.duration_s:.2f} s).",
    )
    return 0


def cmd_still(args: argparse.Namespace) -> int:
    with opened_services(args) as s:
        item = s.media.make_still(args.media_id, args.at, caption=args.caption)
    emit(args, media_json(item), f"Saved still {item.id} at {args.at:.3f} s.")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    with opened_services(args) as s:
        items = s.media.list_media(s.cases.find(args.case).id)
    lines = [f"{m.kind.value:<8} {m.duration_s:7.2f} s  {m.title}  {m.id}" for m in items]
    emit(args, [media_json(m) for m in items], "\n".join(lines) or "No media yet.")
    return 0
