"""Engines the services take from the composition root, never import.

Rendering HTML to PDF needs Qt (`QTextDocument` + `QPdfWriter`), which only the
composition roots may load: the GUI (`app.py`) and the headless CLI (`cli`) pass
`vigdesk.render.pdf.html_to_pdf`; tests may pass any function of this shape.
"""

from __future__ import annotations

from typing import Protocol


class PdfRenderer(Protocol):
    """HTML (QTextDocument's subset) → A4 PDF bytes in memory; nothing touches disk.
    Call on the thread that owns the Qt application (the GUI thread, or the CLI's).
    `title` goes in the PDF's metadata."""

    def __call__(self, html: str, title: str = "vigdesk", /) -> bytes: ...
