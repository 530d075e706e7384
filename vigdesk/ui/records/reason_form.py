"""The form of the records dialogs that take a reason (a legal hold, keeping a case
open): a heading, what it means, a required reason, and the primary action. GUI thread."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from vigdesk.ui.look import mark_primary, set_role
from vigdesk.ui.widgets.busy import BusyIndicator
from vigdesk.ui.widgets.field import labelled
from vigdesk.ui.widgets.message_line import MessageLine


@dataclass(frozen=True)
class ReasonForm:
    reason_edit: QPlainTextEdit
    message: MessageLine
    busy: BusyIndicator
    buttons: QDialogButtonBox
    primary: QPushButton


def build_reason_form(
    dialog: QDialog,
    heading: str,
    intro: str,
    *,
    placeholder: str,
    accessible_name: str,
    label: str,
    note: str,
    action: str,
) -> ReasonForm:
    """Lay `dialog` out as a reason form; texts arrive translated by the dialog."""
    heading_label = set_role(QLabel(heading), "heading")
    intro_label = set_role(QLabel(intro), "muted")
    intro_label.setWordWrap(True)
    edit = QPlainTextEdit()
    edit.setTabChangesFocus(True)
    edit.setProperty("records", True)
    edit.setFixedHeight(84)
    edit.setPlaceholderText(placeholder)
    edit.setAccessibleName(accessible_name)
    message, busy = MessageLine(), BusyIndicator()
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    primary = mark_primary(QPushButton(action))
    buttons.addButton(primary, QDialogButtonBox.ButtonRole.AcceptRole)
    layout = QVBoxLayout(dialog)
    layout.setContentsMargins(24, 22, 24, 18)
    layout.setSpacing(14)
    for widget in (heading_label, intro_label, labelled(label, edit, note), message, busy):
        layout.addWidget(widget)
    layout.addWidget(buttons)
    return ReasonForm(edit, message, busy, buttons, primary)
