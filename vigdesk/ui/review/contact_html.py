"""The contact sheet as HTML for `render.pdf.html_to_pdf` (QTextDocument's HTML subset)."""

from __future__ import annotations

from html import escape

COLUMNS = 2
IMAGE_W = 215


def sheet_html(title: str, subtitle: str, footer: str, tiles: list[tuple[str, str, str]]) -> str:
    """`tiles`: (image data URI, caption, where it comes from), in order."""
    rows = []
    for start in range(0, len(tiles), COLUMNS):
        cells = []
        for uri, caption, where in tiles[start : start + COLUMNS]:
            picture = f'<img src="{escape(uri)}" width="{IMAGE_W}">' if uri else ""
            cells.append(
                '<td width="50%" valign="top" style="padding: 8px;">'
                f"{picture}"
                f'<p style="margin: 6px 0 0 0; font-weight: 600;">{escape(caption)}</p>'
                f'<p style="margin: 2px 0 0 0; color: #5C6670; font-size: 8pt;">{escape(where)}</p>'
                "</td>"
            )
        cells.extend('<td width="50%"></td>' for _ in range(COLUMNS - len(cells)))
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return (
        '<html><body style="font-family: sans-serif; font-size: 10pt; color: #1B1F24;">'
        f'<h2 style="margin: 0; color: #1F6F78;">{escape(title)}</h2>'
        f'<p style="margin: 2px 0 12px 0; color: #5C6670;">{escape(subtitle)}</p>'
        f'<table width="100%" cellspacing="6" cellpadding="0">{"".join(rows)}</table>'
        f'<p style="margin-top: 14px; color: #912018; font-size: 8pt;">{escape(footer)}</p>'
        "</body></html>"
    )
