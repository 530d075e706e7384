"""`vigdesk family-copy`: the family's own copy of their clips and stills."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from vigdesk.cli.common import add_common, emit, opened_services, pdf_renderer
from vigdesk.core.errors import InvalidInput

DEFAULT_STRENGTHS = "These are the moments we chose together: they show what you do well."


def register(commands: Any) -> None:
    copy = commands.add_parser(
        "family-copy", help="a plain copy of chosen clips and stills for the family to keep"
    )
    add_common(copy)
    copy.add_argument("case", help="case code")
    copy.add_argument("media", nargs="+", help="clip and still ids")
    copy.add_argument("--to", type=Path, required=True, help="folder to put the copy in")
    copy.add_argument("--strengths", default=DEFAULT_STRENGTHS, help="the strengths summary")
    copy.set_defaults(func=cmd_family_copy)


def cmd_family_copy(args: argparse.Namespace) -> int:
    html_to_pdf = pdf_renderer()
    print(
        f"Warning: this writes the family's clips unencrypted to {args.to}, for them to "
        "keep. Hand it over, then delete anything left on council storage.",
        file=sys.stderr,
    )
    with opened_services(args) as s:
        case = s.cases.find(args.case)
        for media_id in args.media:
            if s.media.get(media_id).case_id != case.id:
                raise InvalidInput(f"{media_id[:8]} is not a clip or still of case {case.code}.")
        result = s.family_copy.give(args.media, args.strengths, args.to, html_to_pdf)
    emit(
        args,
        {"folder": str(result.folder), "files": [str(f) for f in result.files]},
        f"Wrote {len(result.files)} files to {result.folder} (on the export register).",
    )
    return 0
