"""The app's look: Fusion, a light neutral palette with one accent, and the stylesheet."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from PySide6.QtGui import QColor, QFont, QFontMetrics, QIcon, QPalette
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

from vigdesk.paths import resources_dir

ACCENT = "#1F6F78"
W = TypeVar("W", bound=QWidget)


def icon_path(name: str) -> Path:
    """A bundled SVG icon, e.g. `icon_path("lock-open")`."""
    return resources_dir() / "icons" / f"{name}.svg"


def icon(name: str) -> QIcon:
    return QIcon(str(icon_path(name)))


def palette() -> QPalette:
    pal = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#F5F6F8",
        QPalette.ColorRole.WindowText: "#1B1F24",
        QPalette.ColorRole.Base: "#FFFFFF",
        QPalette.ColorRole.AlternateBase: "#F7F8FA",
        QPalette.ColorRole.Text: "#1B1F24",
        QPalette.ColorRole.PlaceholderText: "#8A939D",
        QPalette.ColorRole.Button: "#FFFFFF",
        QPalette.ColorRole.ButtonText: "#1B1F24",
        QPalette.ColorRole.Highlight: ACCENT,
        QPalette.ColorRole.HighlightedText: "#FFFFFF",
        QPalette.ColorRole.Link: ACCENT,
        QPalette.ColorRole.ToolTipBase: "#1B1F24",
        QPalette.ColorRole.ToolTipText: "#FFFFFF",
        QPalette.ColorRole.Mid: "#C8CED6",
        QPalette.ColorRole.Dark: "#9AA3AD",
        QPalette.ColorRole.Light: "#FFFFFF",
    }
    for role, colour in roles.items():
        pal.setColor(role, QColor(colour))
    disabled = QPalette.ColorGroup.Disabled
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.ButtonText,
    ):
        pal.setColor(disabled, role, QColor("#98A1AB"))
    return pal


def stylesheet() -> str:
    """The bundled sheet with `@icons@` pointing at the icons folder."""
    text = (resources_dir() / "style" / "vigdesk.qss").read_text(encoding="utf-8")
    return text.replace("@icons@", (resources_dir() / "icons").as_posix())


def apply_look(app: QApplication) -> None:
    """Style, palette, stylesheet and window icon for the whole application."""
    app.setStyle("Fusion")
    app.setPalette(palette())
    app.setStyleSheet(stylesheet())
    app.setWindowIcon(icon("vigdesk"))


def set_role(widget: W, role: str) -> W:
    """Tag a widget for the stylesheet (`role="card"`, `"title"`, `"muted"`, ...).

    Safe to call again on a shown widget: it re-polishes so the new role shows.
    """
    widget.setProperty("role", role)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    return widget


def mark_primary(widget: W) -> W:
    """The one main button of a screen gets the accent colour."""
    widget.setProperty("primary", True)
    return widget


def room_for_bold(button: QPushButton, padding: int) -> QPushButton:
    """A checkable button the stylesheet makes bold when checked keeps its text whole:
    its width is that of the bold text plus the stylesheet's side `padding` (and border)."""
    bold = QFont(button.font())
    bold.setWeight(QFont.Weight.DemiBold)
    button.setMinimumWidth(QFontMetrics(bold).horizontalAdvance(button.text()) + 2 * padding + 2)
    return button
