"""The consent record's printable HTML: initials only, the form version, each purpose
answered yes or no, the drawn signature embedded as a data: URI, and the text the parent
read as an appendix. The ui renders it to PDF on the GUI thread. Pure functions.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable, Sequence
from datetime import date
from html import escape

from vigdesk.core.consent import Method
from vigdesk.core.consent_wording import COMMITMENTS, PURPOSE_TITLES, purpose_line
from vigdesk.services.consent_record import RecordFacts

METHOD_TEXT = {
    Method.SIGNED_ON_SCREEN: "Signed on screen",
    Method.SCANNED_PAPER: "Signed paper form (scanned)",
}


_STYLE = """<style>
 body { font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 10pt; color: #1B1F24; }
 h1 { font-size: 18pt; color: #1B1F24; margin-top: 0; margin-bottom: 2pt; }
 h2 { font-size: 12pt; color: #1F6F78; margin-top: 14pt; margin-bottom: 5pt; }
 th { text-align: left; background: #E8F3F4; color: #184A50; font-weight: bold; }
 td { border-bottom: 1px solid #DFE3E8; vertical-align: top; }
 td.k { color: #5C6670; }
 .kicker { color: #1F6F78; font-size: 9pt; font-weight: bold; }
 .yes { color: #1D6B45; font-weight: bold; }
 .no { color: #B42318; font-weight: bold; }
 .muted { color: #5C6670; font-size: 9pt; }
 .form p, .form li { font-size: 10pt; }
</style>"""


def _date(d: date | None) -> str:
    return f"{d.day} {d:%B %Y}" if d else "—"


def _table(rows: Iterable[Sequence[str]], widths: Sequence[int], header: Sequence[str] = ()) -> str:
    """A full-width table; without a header, the first column is a muted label."""

    def cell(n: int, text: str, tag: str = "td") -> str:
        kind = " class='k'" if tag == "td" and n == 0 and not header else ""
        return f"<{tag} width='{widths[n]}%'{kind}>{text}</{tag}>"

    head = "<tr>" + "".join(cell(n, h, "th") for n, h in enumerate(header)) + "</tr>"
    body = "".join("<tr>" + "".join(cell(n, c) for n, c in enumerate(r)) + "</tr>" for r in rows)
    return (
        "<table width='100%' cellspacing='0' cellpadding='4'>"
        f"{head if header else ''}{body}</table>"
    )


def _image_uri(data: bytes) -> str | None:
    kinds = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}
    for magic, mime in kinds.items():
        if data.startswith(magic):
            return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
    return None


def form_html(text: str) -> str:
    """The small Markdown subset the consent form uses: #, paragraphs, **bold**, - lists."""
    out: list[str] = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = [ln.strip() for ln in block.splitlines() if ln.strip()]
        html = [re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", escape(ln)) for ln in lines]
        if lines[0].startswith("#"):
            out.append(f"<h2>{html[0].lstrip('#').strip()}</h2>")
        elif all(ln.startswith("- ") for ln in lines):
            out.append("<ul>" + "".join(f"<li>{h[2:]}</li>" for h in html) + "</ul>")
        else:
            out.append(f"<p>{' '.join(html)}</p>")
    return "".join(out)


def record_html(facts: RecordFacts) -> str:
    """The consent record as HTML for QTextDocument (A4; the form text on page two)."""
    children = ", ".join(
        f"{escape(c.initials)} (aged {escape(c.age)})" if c.age else escape(c.initials)
        for c in facts.children
    )
    giver = escape(facts.giver_initials)
    if facts.giver_relationship:
        giver += f" ({escape(facts.giver_relationship)})"
    details = [
        ("Consent given by", f"{giver}, {escape(facts.giver_standing)}"),
        ("For", children),
        ("Date given", _date(facts.given_on)),
        ("How", METHOD_TEXT[facts.method]),
        ("Review due", _date(facts.review_due)),
        ("Recorded by", escape(facts.recorded_by) or "—"),
        ("Case", escape(facts.case_code)),
        ("Consent form", f"version {escape(facts.form_version)}"),
        ("Lawful basis", escape(facts.lawful_basis) or "—"),
        ("Interpreter", escape(facts.interpreter) or "None used"),
        ("Accessible version", escape(facts.accessible_version) or "None used"),
    ]
    answers = [
        (
            f"<b>{PURPOSE_TITLES[p]}</b>",
            purpose_line(p, facts.video_period),
            "<span class='yes'>✓ Yes</span>" if granted else "<span class='no'>✗ No</span>",
        )
        for p, granted in facts.answers
    ]
    parts = [
        f"<html><head>{_STYLE}</head><body>",
        "<p class='kicker'>VIDEO INTERACTION GUIDANCE</p>",
        "<h1>Consent record</h1>",
        "<p class='muted'>What was agreed, recorded with initials only. The service keeps "
        "the original, encrypted.</p>",
        _table(details, (30, 70)),
        "<h2>What was agreed</h2>",
        _table(answers, (24, 60, 16), ("Purpose", "What it means", "Answer")),
    ]
    if facts.child_view.strip():
        view = escape(facts.child_view.strip()).replace("\n", "<br>")
        parts.append(f"<h2>The child's own view</h2><p>{view}</p>")
    promises = "".join(f"<li>{escape(c)}</li>" for c in COMMITMENTS)
    parts.append(f"<h2>Our promises</h2><ul>{promises}</ul>")
    parts.append(_signature(facts))
    if facts.withdrawals:
        rows = [
            (PURPOSE_TITLES[w.purpose], escape(w.child_initials), _date(w.on), escape(w.reason))
            for w in facts.withdrawals
        ]
        parts.append("<h2>Withdrawn since</h2>")
        parts.append(_table(rows, (24, 12, 22, 42), ("Purpose", "Child", "Withdrawn on", "Reason")))
    parts.append(
        "<h2>Changing your mind</h2><p>You can withdraw any part of this consent at any time "
        "by telling your practitioner or the service. We stop using the video straight away "
        "and delete it.</p>"
    )
    if facts.form is not None:
        parts.append(
            "<div style='page-break-before: always'></div>"
            f"<p class='muted'>What was read together: consent form version "
            f"{escape(facts.form.version)}</p>"
            f"<div class='form'>{form_html(facts.form.text)}</div>"
        )
    parts.append("</body></html>")
    return "".join(parts)


def _signature(facts: RecordFacts) -> str:
    heading = "<h2>Signature</h2>"
    if facts.evidence is None:
        return heading + "<p>The signed paper form is kept by the service.</p>"
    digest = hashlib.sha256(facts.evidence).hexdigest()
    uri = _image_uri(facts.evidence)
    if facts.method is Method.SIGNED_ON_SCREEN and uri:
        shown = f"<p><img src='{uri}' width='280'></p>"
    elif uri:
        shown = f"<p>The signed paper form:</p><p><img src='{uri}' width='360'></p>"
    else:
        shown = "<p>The signed paper form is kept, encrypted, with this record.</p>"
    signed = f"<p>Signed by {escape(facts.giver_initials)} on {_date(facts.given_on)}.</p>"
    fingerprint = f"<p class='muted'>Evidence fingerprint (SHA-256): {digest}</p>"
    return heading + shown + signed + fingerprint


# -- the service ---------------------------------------------------------------------------
