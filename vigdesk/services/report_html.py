"""HTML for the printable documents; the ui renders it to PDF in memory (QTextDocument)."""

from __future__ import annotations

from datetime import date
from html import escape
from typing import TYPE_CHECKING

from vigdesk.core.dates import day_text

if TYPE_CHECKING:
    from vigdesk.services.information_audit import InformationAudit
    from vigdesk.services.sar_bundle import Bundle, Section
    from vigdesk.services.subject_access import ErasureCertificate

_STYLE = """
<style>
 body { font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 10pt; color: #1f2933; }
 h1 { font-size: 18pt; color: #234e52; margin-bottom: 2pt; }
 h2 { font-size: 12pt; color: #234e52; margin-top: 14pt; }
 table { border-collapse: collapse; width: 100%; }
 th { text-align: left; background: #e6f0ef; padding: 4pt; }
 td { padding: 4pt; border-bottom: 1px solid #d9e2ec; }
 .muted { color: #627d98; font-size: 9pt; }
 .card { margin-bottom: 8pt; }
 .card td.k { color: #486581; width: 28%; }
</style>
"""


def _page(title: str, body: str) -> str:
    return f"<html><head>{_STYLE}</head><body><h1>{escape(title)}</h1>{body}</body></html>"


def _rows(header: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in header) if any(header) else ""
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(c).replace(chr(10), '<br>')}</td>" for c in r) + "</tr>"
        for r in rows
    )
    head_row = f"<tr>{head}</tr>" if head else ""
    return f'<table width="100%" cellspacing="0" cellpadding="4">{head_row}{body}</table>'


WIDE = 4  # a section with more columns than this prints each item as a card


def subject_access_bundle(bundle: Bundle) -> str:
    """Everything held about one person: contents, then one numbered part per section."""
    from vigdesk.core.dates import day_text

    p, c = bundle.person, bundle.case
    produced = day_text(date.fromisoformat(bundle.produced_at[:10]))
    contents = "".join(
        f"<li><a href='#{s.key}'>{escape(s.title)}</a>"
        f" <span class='muted'>({_items(len(s.rows))})</span></li>"
        for s in bundle.sections
    )
    body = (
        f"<p><b>{escape(p.full_name)}</b> · family reference {escape(c.code)} · "
        f"produced on {produced}</p>"
        "<p class='muted'>This is a copy of the information the Video Interaction Guidance "
        "service holds about you, with the information the law asks us to give with it. "
        "It contains personal data: keep it safe. A machine-readable copy (record.json) "
        "comes with it.</p>"
        f"<h2>Contents</h2><ol>{contents}</ol>"
        + "".join(_section(n + 1, s) for n, s in enumerate(bundle.sections))
    )
    return _page("Your information: subject access copy", body)


def _pairs(columns: list[str], rows: list[list[str]]) -> str:
    """A two-column table whose first column is a narrow label."""
    head = "".join(f"<th>{escape(c)}</th>" for c in columns)
    body = "".join(
        f"<tr><td width='34%'>{escape(k)}</td><td>{_lines(v)}</td></tr>" for k, v in rows
    )
    return f"<table width='100%' cellspacing='0' cellpadding='4'><tr>{head}</tr>{body}</table>"


def _lines(text: str) -> str:
    return escape(text).replace("\n", "<br>")


def _items(n: int) -> str:
    return "nothing held" if n == 0 else f"{n} item{'s' * (n != 1)}"


def _section(number: int, section: Section) -> str:
    head = f"<h2><a name='{section.key}'></a>{number}. {escape(section.title)}</h2>"
    intro = f"<p class='muted'>{escape(section.intro)}</p>" if section.intro else ""
    if not section.rows:
        return head + intro + "<p>We hold nothing of this kind about you.</p>"
    columns = [c for c in section.columns if c != "Reference"]
    rows = [
        [v for c, v in zip(section.columns, r, strict=True) if c != "Reference"]
        for r in section.rows
    ]
    if len(columns) == 2:
        return head + intro + _pairs(columns, rows)
    if len(columns) <= WIDE:
        return head + intro + _rows(columns, rows)
    cards = "".join(
        "<table class='card' width='100%' cellspacing='0' cellpadding='3'>"
        + "".join(
            f"<tr><td class='k' width='24%'>{escape(k)}</td><td>{_lines(v)}</td></tr>"
            for k, v in zip(columns, r, strict=True)
        )
        + "</table><p></p>"
        for r in rows
    )
    return head + intro + cards


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
