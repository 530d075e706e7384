"""Print a consent record to a printer: never to a file (a saved copy is a separate choice)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QTextDocument
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget


def refuses_file_output(printer: QPrinter) -> bool:
    """True when the printer would write a file (e.g. "Print to file (PDF)")."""
    return bool(printer.outputFileName()) or (
        printer.outputFormat() == QPrinter.OutputFormat.PdfFormat
    )


def print_document(printer: QPrinter, html: str) -> None:
    """Typeset `html` onto `printer` (GUI thread)."""
    document = QTextDocument()
    document.setHtml(html)
    document.print_(printer)


def open_print_dialog(
    parent: QWidget,
    html: str,
    title: str,
    on_printed: Callable[[], None],
    on_refused: Callable[[], None],
) -> QPrintDialog:
    """The system print dialog without "print to file"; prints when accepted."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    printer.setOutputFormat(QPrinter.OutputFormat.NativeFormat)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(title)
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintToFile, False)
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintSelection, False)

    def accepted() -> None:
        if refuses_file_output(printer):
            on_refused()
            return
        print_document(printer, html)
        on_printed()

    dialog.accepted.connect(accepted)
    QDialog.open(dialog)  # QPrintDialog's own open() wants a receiver; this is the plain one
    return dialog
