"""A form field with its label above it (the layout every form here uses)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from vigdesk.ui.look import set_role


def labelled(text: str, field: QWidget, hint: str = "", extras: Sequence[QWidget] = ()) -> QWidget:
    """`text` (with an &-mnemonic) above `field`, then `extras`, then an optional hint."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(5)
    label = QLabel(text)
    label.setBuddy(field)
    layout.addWidget(label)
    layout.addWidget(field)
    for extra in extras:
        layout.addWidget(extra)
    if hint:
        note = set_role(QLabel(hint), "small")
        note.setWordWrap(True)
        layout.addWidget(note)
    return box
