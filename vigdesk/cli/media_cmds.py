"""`vigdesk import`, `clip`, `still` and `media list`."""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from vigdesk.cli.common import add_common, emit, opened_services, wants_json
from vigdesk.core.cases import Person
from vigdesk.core.errors import InvalidInput, VigdeskError
from vigdesk.core.ids import CaseId, MediaId, PersonId
from vigdesk.core.media import MediaItem
from vigdesk.services.session import Services


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
    imp.add_argument(
        "--no-check",
        action="store_true",
        help="skip decoding every frame after the import (damage then goes unreported)",
    )
    imp.add_argument(
        "--appears",
        default=None,
        metavar="INITIALS",
        help="who the footage shows, by initials, comma-separated (default: the whole "
        "family); each needs film+keep consent",
    )
    imp.add_argument(
        "--review-of",
        default=None,
        metavar="SESSION_ID",
        help="the footage records this shared review meeting (for supervision; needs "
        "review_filming consent from the adults it shows)",
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
    shows = verbs.add_parser("appears", help="say who a video, clip or still shows")
    add_common(shows)
    shows.add_argument("media_id")
    shows.add_argument("initials", help="comma-separated, e.g. MW,PW")
    shows.set_defaults(func=cmd_appears)
    review = verbs.add_parser(
        "review-of", help="mark footage as the recording of a shared review (or --none)"
    )
    add_common(review)
    review.add_argument("media_id")
    review.add_argument("session_id", nargs="?", help="the shared review session's id")
    review.add_argument("--none", action="store_true", help="it records no review after all")
    review.set_defaults(func=cmd_review_of)


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
    """Each file is imported, or refused, on its own; one line per file, in order.

    Only a verified import may delete its original; exit code 1 if any file failed.
    Unless --no-check, each import is decoded frame by frame and damage printed as a
    warning line (also stored with the footage); damage is not a failure.
    """
    outcomes: list[dict[str, Any]] = []
    with opened_services(args) as s:
        case = s.cases.find(args.case)
        appearing = _appearing(s.cases.people(case.id), args.appears)
        for path in args.files:
            outcome, line = _import_one(s, case.id, path, args, appearing)
            outcomes.append(outcome)
            if outcome.get("damage"):
                line += f"\nWarning: {case.code} {outcome['damage']}."
            if not wants_json(args):
                print(line, flush=True)  # as it happens: a later Ctrl+C keeps it on screen
    failed = sum(1 for o in outcomes if "error" in o)
    note = ""
    if args.delete_source and failed < len(outcomes):
        note = (
            "On SD cards and SSDs a deleted original may survive in the device's spare "
            "blocks: format the card in the camera too."
        )
    emit(args, outcomes, note)
    if failed:
        total = len(outcomes)
        files = "file" if total == 1 else "files"
        verb = "was" if failed == 1 else "were"
        print(f"vigdesk: {failed} of {total} {files} {verb} not imported.", file=sys.stderr)
        return 1
    return 0


def _appearing(people: list[Person], initials: str | None) -> list[PersonId] | None:
    """Person ids for `--appears MW,PW` (None without it); InvalidInput for initials
    that name nobody, or more than one person, in the case."""
    if initials is None:
        return None
    ids = []
    for wanted in (w.strip().upper() for w in initials.split(",") if w.strip()):
        found = [p for p in people if p.initials.upper() == wanted]
        if len(found) != 1:
            names = ", ".join(sorted(p.initials for p in people))
            how = "nobody" if not found else "more than one person"
            raise InvalidInput(
                f"--appears {wanted}: {how} in the case has those initials ({names})."
            )
        ids.append(found[0].id)
    return ids


def _import_one(
    s: Services,
    case_id: CaseId,
    path: Path,
    args: argparse.Namespace,
    appearing: list[PersonId] | None = None,
) -> tuple[dict[str, Any], str]:
    """(JSON outcome, text line) for one file; a failure names the file and why."""
    from vigdesk.services.media import MediaService

    progress = _progress(args, path.name)
    try:
        if getattr(args, "review_of", None):
            result = s.reviews_filmed.import_recording(
                case_id, path, args.review_of, appearing=appearing
            )
        else:
            result = s.media.import_footage(case_id, path, appearing=appearing, progress=progress)
    except (VigdeskError, OSError) as error:
        why = str(error) if isinstance(error, VigdeskError) else error.strerror or str(error)
        if path.name not in why:
            why = f"{path.name}: {why}"
        return {"source": path.name, "error": why}, f"Not imported: {why}"
    finally:
        if progress is not None:
            print(file=sys.stderr)  # end the progress line
    outcome = {
        "source": path.name,
        **media_json(result.item),
        "sha256": result.sha256,
        "source_deleted": False,
        **_check(s, result.item.id, path.name, args),
    }
    line = f"Imported {path.name} as {result.item.id} ({result.item.duration_s:.1f} s), verified"
    line += _check_words(outcome)
    if not args.delete_source:
        return outcome, line + "."
    try:
        MediaService.delete_source(path)
    except VigdeskError as error:
        return {**outcome, "error": str(error)}, f"{line}, but the original was kept: {error}"
    return {**outcome, "source_deleted": True}, line + "; original overwritten and deleted."


def _check(s: Services, media_id: MediaId, name: str, args: argparse.Namespace) -> dict[str, Any]:
    """Decode every frame of the new footage (stored with it); what it found, for JSON."""
    if args.no_check:
        return {"checked": False, "damage": ""}
    progress = _progress(args, f"{name} (checking every frame)")
    try:
        report = s.media.check_footage(media_id, progress=progress)
    except VigdeskError as error:
        return {"checked": False, "damage": "", "check_error": str(error)}
    finally:
        if progress is not None:
            print(file=sys.stderr)
    return {"checked": True, "damage": report.warning}


def _check_words(outcome: dict[str, Any]) -> str:
    if outcome.get("check_error"):
        return f"; the frame-by-frame check could not finish: {outcome['check_error']}"
    if not outcome["checked"]:
        return "; not checked frame by frame (--no-check)"
    return "" if outcome["damage"] else "; every frame decodes"


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
    """One line per item; damaged footage gets a second line with the check's warning."""
    with opened_services(args) as s:
        case_id = s.cases.find(args.case).id
        items = s.media.list_media(case_id)
        checks = s.media.checks(case_id)
    lines = []
    for m in items:
        lines.append(f"{m.kind.value:<8} {m.duration_s:7.2f} s  {m.title}  {m.id}")
        if m.id in checks and checks[m.id].damage:
            lines.append(f"         Damaged: {checks[m.id].damage}.")
    data = [
        {
            **media_json(m),
            "checked": m.id in checks,
            "damage": checks[m.id].damage if m.id in checks else "",
        }
        for m in items
    ]
    emit(args, data, "\n".join(lines) or "No media yet.")
    return 0


def cmd_appears(args: argparse.Namespace) -> int:
    """Record who the item shows; its playback and exports then need their consent."""
    with opened_services(args) as s:
        item = s.media.get(args.media_id)
        appearing = _appearing(s.cases.people(item.case_id), args.initials)
        assert appearing is not None
        item = s.media.set_appearing(item.id, appearing)
    emit(args, media_json(item), f"{item.title} shows {args.initials.upper()}.")
    return 0


def cmd_review_of(args: argparse.Namespace) -> int:
    if bool(args.session_id) == bool(args.none):
        raise InvalidInput("Give the shared review session's id, or --none.")
    with opened_services(args) as s:
        if args.none:
            s.reviews_filmed.unmark(args.media_id)
            text = "No longer marked as the recording of a review."
        else:
            s.reviews_filmed.mark(args.media_id, args.session_id)
            text = "Marked as the recording of that shared review."
    emit(args, {"media_id": args.media_id, "session_id": args.session_id}, text)
    return 0
