"""Help › About: version, where the data lives, and the licence."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from vigdesk import __version__
from vigdesk.ui.look import icon

LICENCE = "GPL-3.0-or-later"


def about_text(home: Path) -> str:
    """The About body as rich text; every dynamic part is escaped."""
    tr = QCoreApplication.translate
    summary = tr(
        "About", "Encrypted case records, video and consent for Video Interaction Guidance."
    )
    free = tr(
        "About",
        "vigdesk is free software: you may share and change it under the GNU General "
        "Public License, version 3 or later.",
    )
    return (
        f"<h3>vigdesk {html.escape(__version__)}</h3>"
        f"<p>{html.escape(summary)}</p>"
        f"<p><b>{html.escape(tr('About', 'Data location'))}</b><br>"
        f"{html.escape(str(home))}</p>"
        f"<p><b>{html.escape(tr('About', 'Licence'))}</b><br>{LICENCE}. {html.escape(free)}</p>"
    )


def open_about(parent: QWidget, home: Path) -> QMessageBox:
    """Show the About box window-modally (no nested event loop) and return it."""
    box = QMessageBox(parent)
    box.setWindowTitle(QCoreApplication.translate("About", "About vigdesk"))
    box.setIconPixmap(icon("vigdesk").pixmap(64, 64))
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(about_text(home))
    box.setStandardButtons(QMessageBox.StandardButton.Close)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
