"""`vigdesk sar export|erase|erasures` and `vigdesk report info-audit`."""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from vigdesk.cli.common import add_common, emit, opened_services, pdf_renderer


def register(commands: Any) -> None:
    sar = commands.add_parser("sar", help="subject access export and erasure requests")
    add_common(sar)
    verbs = sar.add_subparsers(dest="sar_command", required=True, metavar="VERB")
    export = verbs.add_parser("export", help="a person's data as JSON + PDF (+ video) in a folder")
    add_common(export)
    export.add_argument("person_id")
    export.add_argument("--to", type=Path, required=True, help="destination folder")
    export.add_argument("--videos", action="store_true", help="include videos as plain MP4")
    export.set_defaults(func=cmd_export)
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
    with opened_services(args) as s:
        result = SubjectAccessService(s.ctx).export(
            args.person_id, args.to, render_pdf=pdf_renderer(), include_video=args.videos
        )
    emit(
        args,
        {"folder": str(result.folder), "files": [str(f) for f in result.files]},
        f"Wrote {len(result.files)} files to {result.folder}.",
    )
    return 0


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
