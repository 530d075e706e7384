"""The workspace's top row: back to the case, which case this is, and the page actions."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from vigdesk.ui.look import mark_primary, set_role
from vigdesk.ui.review.words import count


class PageHeader(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.back = set_role(QPushButton(self.tr("← Back to case")), "review-link")
        self.back.setAccessibleName(self.tr("Back to the case"))
        self.title = set_role(QLabel(self.tr("Video review")), "title")
        self.subtitle = set_role(QLabel(), "muted")
        self.contact_sheet = QPushButton(self.tr("Contact sheet"))
        self.contact_sheet.setToolTip(self.tr("All stills of this case on one page"))
        self.family_copy = QPushButton(self.tr("Family copy…"))
        self.family_copy.setToolTip(
            self.tr("A plain copy of chosen clips and stills for the family to keep")
        )
        self.export = QPushButton(self.tr("Export…"))
        self.export.setToolTip(
            self.tr(
                "A sealed, watermarked package of this case's clips and stills "
                "for supervision or training (needs the family's consent)"
            )
        )
        self.shared_review = QPushButton(self.tr("Shared review…"))
        self.shared_review.setToolTip(self.tr("Watch chosen clips with the family, full screen"))
        self.import_button = mark_primary(QPushButton(self.tr("Import footage…")))
        self.import_button.setToolTip(
            self.tr("Choose video files, or drop them anywhere on this page")
        )

        texts = QVBoxLayout()
        texts.setSpacing(2)
        texts.addWidget(self.title)
        texts.addWidget(self.subtitle)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(8)
        column = QVBoxLayout()
        column.setSpacing(6)
        column.addWidget(self.back, 0, Qt.AlignmentFlag.AlignLeft)
        column.addLayout(texts)
        row.addLayout(column, 1)
        row.addWidget(self.contact_sheet)
        row.addWidget(self.family_copy)
        row.addWidget(self.export)
        row.addWidget(self.shared_review)
        row.addWidget(self.import_button)

    def show_case(self, code: str, initials: str, counts: tuple[int, int, int]) -> None:
        footage, clips, stills = counts
        parts = [
            code,
            initials,
            count(footage, "%n video", "%n videos"),
            count(clips, "%n clip", "%n clips"),
            count(stills, "%n still", "%n stills"),
        ]
        self.subtitle.setText(" · ".join(p for p in parts if p))
        self.contact_sheet.setEnabled(stills > 0)
        self.shared_review.setEnabled(clips + stills > 0)
        self.family_copy.setEnabled(clips + stills > 0)
