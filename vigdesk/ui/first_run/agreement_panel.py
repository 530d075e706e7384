"""The confidentiality agreement, rendered from markdown, with its accept box."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QTextBrowser, QVBoxLayout, QWidget

from vigdesk.services.documents import VersionedText


class AgreementPanel(QWidget):
    """Emits `changed` when the box is ticked or cleared."""

    changed = Signal()

    def __init__(self, agreement: VersionedText, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.version = agreement.version
        self.title, body = split_title(agreement.text)
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.setMarkdown(body)
        self.browser.setMinimumHeight(220)
        self.browser.setAccessibleName(self.tr("Confidentiality agreement"))
        self.accept_box = QCheckBox(
            self.tr("I have read and accept the confidentiality agreement (version %1)").replace(
                "%1", agreement.version
            )
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(self.browser, 1)
        layout.addWidget(self.accept_box)
        self.accept_box.toggled.connect(self.changed)

    def accepted(self) -> bool:
        return self.accept_box.isChecked()


def split_title(markdown: str) -> tuple[str, str]:
    """The leading `# Heading` (shown as the card's title) and the rest of the text."""
    first, _, rest = markdown.lstrip().partition("\n")
    if first.startswith("# "):
        return first[2:].strip(), rest.strip()
    return "", markdown
