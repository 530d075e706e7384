"""A letter's pages as the PDF lays them out (the same QTextDocument, A4, same margins),
shown in memory: nothing is written to disk. The BSO's copy can be printed from here."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewWidget
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget

from vigdesk.ui.consent.printing import open_print_dialog
from vigdesk.ui.look import set_role


def a4_printer() -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(18, 18, 18, 18),
            QPageLayout.Unit.Millimeter,
        )
    )
    return printer


class LetterPreview(QDialog):
    """`html` laid out on A4 pages. With `on_printed`, a Print… button (never to file)."""

    def __init__(
        self,
        html: str,
        title: str,
        note: str,
        parent: QWidget,
        on_printed: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("letterPreview")
        self.setWindowTitle(title)
        self.resize(760, 620)
        self._html, self._title = html, title
        self.document = QTextDocument(self)
        self.document.setHtml(html)
        self.printer = a4_printer()  # the widget does not own it: kept alive here
        self.view = QPrintPreviewWidget(self.printer, self)
        self.view.paintRequested.connect(self.document.print_)
        self.view.setZoomMode(QPrintPreviewWidget.ZoomMode.FitToWidth)
        self.note = set_role(QLabel(note), "muted")
        self.note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.print_button: QPushButton | None = None
        if on_printed is not None:
            self.print_button = QPushButton(self.tr("&Print…"))
            self.print_button.setAutoDefault(False)
            buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
            self.print_button.clicked.connect(lambda: self._print(on_printed))
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        if close is not None:
            close.setDefault(True)
        col = QVBoxLayout(self)
        col.addWidget(self.note)
        col.addWidget(self.view, 1)
        col.addWidget(buttons)
        self.view.setFocus()

    def _print(self, on_printed: Callable[[], None]) -> None:
        open_print_dialog(self, self._html, self._title, on_printed, lambda: None)
