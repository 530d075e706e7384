"""HTML → PDF bytes in memory with QTextDocument and QPdfWriter (nothing touches disk)."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF
from PySide6.QtGui import QGuiApplication, QPageLayout, QPageSize, QPdfWriter, QTextDocument


def ensure_gui_app() -> None:
    """QTextDocument needs a QGuiApplication; the CLI makes an offscreen one on demand.

    It is a full QApplication, so widgets can still be made later in the same process
    (a bare QGuiApplication would make any later QWidget abort).
    """
    if QGuiApplication.instance() is None:
        import os

        from PySide6.QtWidgets import QApplication

        from vigdesk.render.refcounts import pin_singletons

        pin_singletons()
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        QApplication(["vigdesk"])


def html_to_pdf(html: str, title: str = "vigdesk") -> bytes:
    """A4 portrait PDF of `html`. Call on the GUI thread (or from the CLI)."""
    ensure_gui_app()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setTitle(title)
    writer.setCreator("vigdesk")
    writer.setResolution(300)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(18, 18, 18, 18),
            QPageLayout.Unit.Millimeter,
        )
    )
    document = QTextDocument()
    document.setHtml(html)
    document.print_(writer)  # paginates a copy to the writer's page, scaled to its resolution
    del writer
    buffer.close()
    return bytes(data.data())
