"""Turn an exception from background work into what a practitioner is shown.

VigdeskError messages are written for people (core/messages.py) and shown translated;
anything else is a bug, so the user sees a calm generic sentence and the details stay
folded away.
"""

from __future__ import annotations

import logging
import traceback
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from vigdesk.core.errors import Cancelled, VigdeskError
from vigdesk.core.messages import Message

log = logging.getLogger(__name__)
# Parentless boxes would be garbage-collected at once; hold them until they close.
_unparented: set[QMessageBox] = set()


@dataclass(frozen=True)
class Failure:
    """A failed task: `message` is safe to show; `details` is for "Show details"."""

    error: BaseException
    message: str
    details: str
    expected: bool
    cancelled: bool


def translated(message: Message) -> str:
    """`message` in the installed translator's words ("messages" context; the English
    template when there is none), its fields filled in. GUI thread."""
    template = QCoreApplication.translate("messages", message.template)
    if not message.fields:
        return template
    try:
        return template.format(**message.fields)
    except (KeyError, IndexError, ValueError):  # a broken translation: keep the English
        return str(message)


def describe(error: BaseException, details: str = "") -> Failure:
    """Map any exception to a Failure. Call on the GUI thread (it translates text)."""
    if isinstance(error, Cancelled):
        text = translated(error.message) or QCoreApplication.translate("Failure", "Cancelled.")
        return Failure(error, text, "", expected=True, cancelled=True)
    if isinstance(error, VigdeskError):
        return Failure(error, translated(error.message), "", expected=True, cancelled=False)
    # Only the type is logged: an exception's text may quote personal data.
    log.error("unexpected %s in background task", type(error).__name__)
    generic = QCoreApplication.translate(
        "Failure",
        "Something went wrong. Nothing was lost; please try again, and tell your "
        "service lead if it keeps happening.",
    )
    body = details or "".join(traceback.format_exception(error))
    return Failure(error, generic, body, expected=False, cancelled=False)


def show_failure(failure: Failure, parent: QWidget | None = None) -> QMessageBox | None:
    """Show a window-modal message (not a nested event loop); None for a cancellation."""
    if failure.cancelled:
        return None
    owner = parent if parent is not None else QApplication.activeWindow()
    box = QMessageBox(owner)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(QCoreApplication.translate("Failure", "vigdesk"))
    box.setText(failure.message)
    if failure.details:
        box.setDetailedText(failure.details)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if owner is None:
        _unparented.add(box)
        box.finished.connect(lambda _: _unparented.discard(box))
    box.open()
    return box
