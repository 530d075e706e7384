"""`vigdesk sar export|redact|erase|erasures|request` and `vigdesk report info-audit`."""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from vigdesk.cli.common import add_common, emit, opened_services, parse_date, pdf_renderer


def register(commands: Any) -> None:
    sar = commands.add_parser("sar", help="subject access export and erasure requests")
    add_common(sar)
    verbs = sar.add_subparsers(dest="sar_command", required=True, metavar="VERB")
    export = verbs.add_parser("export", help="a person's data as JSON + PDF (+ video) in a folder")
    add_common(export)
    export.add_argument("person_id")
    export.add_argument("--to", type=Path, required=True, help="destination folder")
    export.add_argument(
        "--videos", action="store_true", help="include the video and stills they appear in"
    )
    export.add_argument(
        "--redactions",
        type=Path,
        help="JSON {MEDIA_ID: spec}: masks and muted spans burnt into those copies",
    )
    export.set_defaults(func=cmd_export)
    redact = verbs.add_parser("redact", help="a redacted copy of one video or still")
    add_common(redact)
    redact.add_argument("media_id")
    redact.add_argument("--spec", type=Path, required=True, help="JSON: masks and muted spans")
    redact.add_argument("--to", type=Path, required=True, help="the file to write (new)")
    redact.set_defaults(func=cmd_redact)
    request = verbs.add_parser("request", help="the register of subject access requests")
    add_common(request)
    rq = request.add_subparsers(dest="request_command", required=True, metavar="VERB")
    add = rq.add_parser("add", help="record a request (the clock starts the day after)")
    add.add_argument("person_id")
    add.add_argument("--received", type=parse_date, required=True, help="YYYY-MM-DD")
    add.add_argument("--requester", default="The person", help="who asked, if not the person")
    add.add_argument("--identity", default="", help="how identity was checked")
    add.add_argument("--scope", default="Everything held")
    add_common(add)
    add.set_defaults(func=cmd_request_add)
    listing = rq.add_parser("list", help="every request with its due date")
    add_common(listing)
    listing.set_defaults(func=cmd_request_list)
    erase = verbs.add_parser("erase", help="erase a person's data, with a PDF certificate")
    add_common(erase)
    erase.add_argument("person_id")
    erase.add_argument("--reason", required=True)
    erase.add_argument("--certificate", type=Path, required=True, help="where to write the PDF")
    erase.set_defaults(func=cmd_erase)
    erasures = verbs.add_parser(
        "erasures", help="the erasure register: confirmed gone from the site, or pending"
    )
    add_common(erasures)
    erasures.add_argument("--pending", action="store_true", help="only those not confirmed")
    erasures.add_argument(
        "--certificates", type=Path, help="write each one's certificate (as it stands) here"
    )
    erasures.set_defaults(func=cmd_erasures)

    report = commands.add_parser("report", help="reports for the council")
    add_common(report)
    rverbs = report.add_subparsers(dest="report_command", required=True, metavar="VERB")
    info = rverbs.add_parser("info-audit", help="information audit: counts only, no names")
    add_common(info)
    info.add_argument("--pdf", type=Path, help="also write it as a PDF")
    info.set_defaults(func=cmd_info_audit)


def cmd_export(args: argparse.Namespace) -> int:
    from vigdesk.services.subject_access import SubjectAccessService

    print(
        "Warning: this writes personal data unencrypted to "
        f"{args.to}. Keep it on council storage and delete it once sent.",
        file=sys.stderr,
    )
    redactions = _redactions(args.redactions) if args.redactions is not None else None
    with opened_services(args) as s:
        result = SubjectAccessService(s.ctx, s.retention.policy_in_force).export(
            args.person_id,
            args.to,
            render_pdf=pdf_renderer(),
            include_video=args.videos or redactions is not None,
            redactions=redactions,
        )
    emit(
        args,
        {
            "folder": str(result.folder),
            "files": [str(f) for f in result.files],
            "redacted": result.redacted,
        },
        f"Wrote {len(result.files)} files to {result.folder}"
        + (f" ({len(result.redacted)} redacted)." if result.redacted else "."),
    )
    return 0


def _read_json(path: Path, what: str) -> Any:
    import json

    from vigdesk.core.errors import InvalidInput

    try:
        if path.stat().st_size > 16 * 1024 * 1024:
            raise InvalidInput(f"{path} is too large for {what}.")
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InvalidInput(f"{path} is not readable {what} JSON: {exc}") from exc


def _redactions(path: Path) -> Any:
    from vigdesk.media.redact import redactions_from_json

    return redactions_from_json(_read_json(path, "a redactions file"), str(path))


def cmd_redact(args: argparse.Namespace) -> int:
    from vigdesk.media.redact import redaction_from_json
    from vigdesk.services.redaction import RedactionService

    redaction = redaction_from_json(_read_json(args.spec, "a redaction spec"), str(args.spec))
    print(
        f"Warning: this writes a video unencrypted to {args.to}. Keep it on council "
        "storage and delete it once sent.",
        file=sys.stderr,
    )
    with opened_services(args) as s:
        copy = RedactionService(s.ctx).redact(args.media_id, redaction)
    _write_only_there(args.to, copy.data)
    emit(
        args,
        {"file": str(args.to), "redacted": copy.redacted},
        f"Wrote {args.to}:\n" + "\n".join(f"  {line}" for line in copy.redacted),
    )
    return 0


def _write_only_there(path: Path, data: bytes) -> None:
    """Straight into the chosen file (no temporary copy beside it); never replaces one;
    a half-written file is removed."""
    from vigdesk.core.errors import InvalidInput, storage_error

    try:
        with open(path, "xb") as fh:
            try:
                fh.write(data)
            except BaseException:
                fh.close()
                path.unlink(missing_ok=True)
                raise
    except FileExistsError as exc:
        raise InvalidInput(f"{path} already exists: choose another file name.") from exc
    except OSError as exc:
        raise storage_error(exc, f"write {path}") from exc


def cmd_request_add(args: argparse.Namespace) -> int:
    from vigdesk.core.dates import day_text
    from vigdesk.services.subject_requests import SubjectRequestService

    with opened_services(args) as s:
        request = SubjectRequestService(s.ctx).add(
            args.person_id,
            args.received,
            requester=args.requester,
            identity_check=args.identity,
            scope=args.scope,
        )
    emit(
        args,
        _request_json(request),
        f"Recorded request {request.id} from {request.requester}; "
        f"answer by {day_text(request.due_on)}.",
    )
    return 0


def cmd_request_list(args: argparse.Namespace) -> int:
    from vigdesk.core.dates import day_text
    from vigdesk.services.subject_requests import SubjectRequestService

    with opened_services(args) as s:
        requests = SubjectRequestService(s.ctx).list_requests()
        today = s.ctx.today()
    lines = [
        f"{q.id}  {q.person_initials}  received {day_text(q.received_on)}  "
        f"due {day_text(q.due_on)}  {q.status.value}"
        + ("  DUE WITHIN A WEEK" if q.needs_warning(today) else "")
        for q in requests
    ]
    emit(args, [_request_json(q) for q in requests], "\n".join(lines) or "No requests.")
    return 0


def _request_json(q: Any) -> dict[str, Any]:
    data = asdict(q)
    data["due_on"] = q.due_on.isoformat()
    return data


def cmd_erase(args: argparse.Namespace) -> int:
    from vigdesk.services import report_html
    from vigdesk.services.subject_access import SubjectAccessService

    with opened_services(args) as s:
        cert = SubjectAccessService(s.ctx).erase(args.person_id, args.reason)
    args.certificate.write_bytes(pdf_renderer()(report_html.erasure_certificate(cert)))
    emit(
        args,
        asdict(cert),
        f"Erased {cert.person_initials} ({cert.case_code}) from this laptop; certificate: "
        f"{args.certificate}"
        + (
            "\nIt reaches the site and the other laptops at their next sync." if cert.synced else ""
        ),
    )
    return 0


def cmd_info_audit(args: argparse.Namespace) -> int:
    from vigdesk.services.information_audit import information_audit

    with opened_services(args) as s:
        report = information_audit(s.ctx, s.retention)
    if args.pdf is not None:
        from vigdesk.services import report_html

        args.pdf.write_bytes(pdf_renderer()(report_html.information_audit(report)))
    lines = [f"{k}: {v}" for k, v in asdict(report).items()]
    emit(args, asdict(report), "\n".join(lines))
    return 0


def cmd_erasures(args: argparse.Namespace) -> int:
    """List the register; with --certificates, issue each certificate again, with the
    day the site was confirmed clear filled in once a sync has found it so."""
    from vigdesk.services import report_html
    from vigdesk.services.subject_access import SubjectAccessService, certificate_of

    with opened_services(args) as s:
        found = SubjectAccessService(s.ctx).erasures()
    if args.pending:
        found = [e for e in found if e.pending]
    written: list[str] = []
    if args.certificates is not None and found:
        html_to_pdf = pdf_renderer()
        args.certificates.mkdir(parents=True, exist_ok=True)
        for e in found:
            path = args.certificates / f"erasure-{e.case_code}-{e.person_id[:8]}.pdf"
            path.write_bytes(html_to_pdf(report_html.erasure_certificate(certificate_of(e))))
            written.append(str(path))

    def line(e: Any) -> str:
        where = "here" if e.erased_here else "on another laptop"
        if not e.on_site:
            site = "not on a site"
        elif e.confirmed_on:
            site = f"confirmed gone from the site on {e.confirmed_on}"
        else:
            site = f"pending on the site ({len(e.waiting)} still holding it at the last check)"
        return f"{e.erased_on[:10]}  {e.initials} ({e.case_code}), erased {where}: {site}"

    emit(
        args,
        [
            {
                "person_id": e.person_id,
                "case_code": e.case_code,
                "initials": e.initials,
                "erased_on": e.erased_on,
                "erased_here": e.erased_here,
                "on_site": e.on_site,
                "checked_at": e.checked_at,
                "waiting": list(e.waiting),
                "confirmed_on": e.confirmed_on,
            }
            for e in found
        ],
        "\n".join([line(e) for e in found] + [f"Wrote {p}" for p in written])
        or "No erasures recorded.",
    )
    return 0
