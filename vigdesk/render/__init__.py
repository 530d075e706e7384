"""Qt-backed engines for every process kind, outside the GUI package.

`pdf.html_to_pdf` implements `services.rendering.PdfRenderer`; the composition roots
(`app.py`, `cli`) inject it. `refcounts` is the PySide6 6.12 reference-count patch every
process that starts Qt applies first. No widgets live here and nothing imports
`vigdesk.ui`; only `pdf` loads PySide6 (tests/test_layers.py).
"""
