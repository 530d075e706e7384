"""HTML for the printable documents; the ui renders it to PDF in memory (QTextDocument)."""

from __future__ import annotations

from datetime import date
from html import escape
from typing import TYPE_CHECKING

from vigdesk.core.dates import day_text

if TYPE_CHECKING:
    from vigdesk.services.information_audit import InformationAudit
    from vigdesk.services.subject_access import ErasureCertificate, SubjectRecord

_STYLE = """
<style>
 body { font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 10pt; color: #1f2933; }
 h1 { font-size: 18pt; color: #234e52; margin-bottom: 2pt; }
 h2 { font-size: 12pt; color: #234e52; margin-top: 14pt; }
 table { border-collapse: collapse; width: 100%; }
 th { text-align: left; background: #e6f0ef; padding: 4pt; }
 td { padding: 4pt; border-bottom: 1px solid #d9e2ec; }
 .muted { color: #627d98; font-size: 9pt; }
</style>
"""


def _page(title: str, body: str) -> str:
    return f"<html><head>{_STYLE}</head><body><h1>{escape(title)}</h1>{body}</body></html>"


def _rows(header: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in header) if any(header) else ""
    body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in r) + "</tr>" for r in rows)
    head_row = f"<tr>{head}</tr>" if head else ""
    return f'<table width="100%" cellspacing="0" cellpadding="4">{head_row}{body}</table>'


def subject_access(record: SubjectRecord) -> str:
    p = record.person
    facts = [
        ["Name", p.full_name],
        ["Initials", p.initials],
        ["Role in the family", p.relationship or p.kind.value],
        ["Date of birth", p.date_of_birth.isoformat() if p.date_of_birth else "—"],
        ["Parental responsibility", "yes" if p.parental_responsibility else "no"],
        ["Case", record.case.code],
        ["Referred", record.case.referral_date.isoformat()],
        ["Status", record.case.status.value],
    ]
    consents = [
        [
            c.given_on.isoformat(),
            c.purpose.value,
            "given" if c.granted else "refused",
            c.form_version,
            c.withdrawn_on.isoformat() if c.withdrawn_on else "—",
        ]
        for c in record.consents
    ]
    video = [
        [m.kind.value, m.title, f"{m.duration_s:.1f} s", m.created_at[:10]] for m in record.media
    ]
    others = ", ".join(record.others_in_video) or "nobody else recorded"
    said = (
        f"<h2>What you said in shared reviews</h2>"
        f"{_rows(['Review', 'Said'], [list(r) for r in record.reflections])}"
        if record.reflections
        else ""
    )
    body = (
        "<p class='muted'>Subject access copy produced by the Video Interaction Guidance "
        "service. It contains personal data: keep it safe.</p>"
        f"<h2>Your details</h2>{_rows(['', ''], facts)}"
        f"<h2>Consent</h2>{_rows(['Date', 'Purpose', 'Answer', 'Form', 'Withdrawn'], consents)}"
        f"<h2>Video held</h2>{_rows(['Kind', 'Title', 'Length', 'Made'], video)}"
        f"<p class='muted'>Other people who may appear in the video (to be redacted before "
        f"release): {escape(others)}.</p>{said}"
    )
    return _page("Subject access request", body)


def erasure_certificate(cert: ErasureCertificate) -> str:
    rows = [[k, str(v)] for k, v in cert.deleted.items()]
    body = (
        f"<p>This certifies that on {escape(_day(cert.erased_on))} the Video Interaction "
        f"Guidance service erased the personal data of <b>{escape(cert.person_initials)}</b> "
        f"(case {escape(cert.case_code)}) held in vigdesk.</p>"
        f"<p>Reason recorded: {escape(cert.reason)}</p>"
        f"<h2>What was deleted</h2>{_rows(['Item', 'Count'], rows)}"
        + (
            "<p>The whole case record was deleted and its encryption key destroyed.</p>"
            if cert.case_record_deleted
            else ""
        )
        + "<p>Removed from this laptop: the records counted above"
        + (
            f", and the values sync kept of them ({cert.sync_records} sync records)"
            if cert.sync_records
            else ""
        )
        + ". No earlier copy of the database remains beside the vault.</p>"
        + (_site_paragraph(cert) if cert.synced else "")
        + "<p class='muted'>Video and documents are destroyed by deleting their encryption "
        "keys, so copies on the network folder or in backups can no longer be read.</p>"
    )
    return _page("Certificate of erasure", body)


def _day(text: str) -> str:
    return day_text(date.fromisoformat(text[:10]))


def _site_paragraph(cert: ErasureCertificate) -> str:
    """What is still pending on the site, or the day it was confirmed gone."""
    if cert.site_confirmed_on:
        return (
            "<h2>On the service's site</h2>"
            f"<p>Confirmed gone on {escape(_day(cert.site_confirmed_on))}: that day a "
            "sync searched every change file on the site's network folder and found no "
            "readable copy of the erased records, video or documents. Every laptop that "
            "held them has removed them and deleted its older change files.</p>"
        )
    checked = (
        f" At the last check ({escape(_day(cert.site_checked_at))}) "
        f"{cert.site_waiting} {'laptop' if cert.site_waiting == 1 else 'laptops'} still "
        "had older change files holding them."
        if cert.site_checked_at and cert.site_waiting
        else ""
    )
    return (
        "<h2>On the service's site: pending</h2>"
        "<p>This laptop syncs with the service's site. The erasure is sent at its next "
        "sync, which also deletes the site's copies of the video and documents; each "
        "other laptop removes its copy and replaces its older change files (which still "
        "hold the records, encrypted under the case's key) when it next syncs."
        f"{checked} The date the site is confirmed clear is recorded by the sync that "
        "finds it so: <code>vigdesk sar erasures</code> shows it and issues this "
        "certificate again with it.</p>"
    )


def information_audit(report: InformationAudit) -> str:
    rows = [
        ["Families", str(report.families)],
        *[[f"  {k}", str(v)] for k, v in sorted(report.families_by_status.items())],
        ["People", str(report.people)],
        ["Children", str(report.children)],
        *[[f"Video: {k}", str(v)] for k, v in sorted(report.videos.items())],
        ["Hours of footage", f"{report.footage_hours:.2f}"],
        ["Items due for deletion", str(report.media_due_for_deletion)],
        ["Cases on legal hold", str(report.on_legal_hold)],
        ["Oldest item", (report.oldest_item or "—")[:10]],
        *[[f"Consent in force: {k}", f"{v:.0%}"] for k, v in report.consent_coverage.items()],
    ]
    return _page(f"Information audit — {report.as_of}", _rows(["Measure", "Value"], rows))
