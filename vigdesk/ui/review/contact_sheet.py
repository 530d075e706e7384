"""A case's stills on one sheet, in memory; exported as a PDF only when the user asks,
to a file they choose. The stills are read through the media service (audited).
"""

from __future__ import annotations

import base64
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from vigdesk.core.dates import day_text
from vigdesk.core.ids import MediaId
from vigdesk.core.media import MediaItem, MediaKind
from vigdesk.render.pdf import html_to_pdf
from vigdesk.services.session import Services
from vigdesk.ui.context import MainContext
from vigdesk.ui.failures import Failure
from vigdesk.ui.look import set_role
from vigdesk.ui.review.contact_html import sheet_html
from vigdesk.ui.review.file_dialogs import choose_save_path
from vigdesk.ui.review.library import CaseMedia
from vigdesk.ui.review.timecode import timecode
from vigdesk.ui.review.words import count
from vigdesk.ui.widgets.busy import BusyIndicator
from vigdesk.ui.widgets.message_line import MessageLine

COLUMNS = 3
TILE_W = 230
PDF_MAX_SIDE = 1000


def load_stills_job(services: Services, ids: list[MediaId]) -> list[tuple[MediaId, bytes]]:
    """Worker thread: each still's PNG (the service checks consent and audits)."""
    return [(media_id, services.media.still_png(media_id)) for media_id in ids]


class ContactSheet(QDialog):
    def __init__(self, ctx: MainContext, media: CaseMedia, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._case_id = media.case_id
        self.setWindowTitle(self.tr("Contact sheet"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._ctx = ctx
        self._code = media.code
        titles: dict[str, str] = {m.id: m.title for m in media.items}
        self.stills = sorted(
            (m for m in media.items if m.kind is MediaKind.STILL),
            key=lambda m: (titles.get(m.source_media_id or "", ""), m.start_s or 0.0),
        )
        self._sources = titles
        self.images: dict[str, QImage] = {}
        self.save_dialog: QWidget | None = None
        self.grid = QGridLayout()
        self.grid.setSpacing(14)
        self.grid.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        body = QWidget()
        body.setObjectName("scrollBody")
        outer = QVBoxLayout(body)
        outer.setContentsMargins(4, 4, 4, 4)
        outer.addLayout(self.grid)
        outer.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        self.busy = BusyIndicator()
        self.message = MessageLine()
        self.case_file_reason = QLineEdit()
        self.case_file_reason.setMaxLength(60)
        self.case_file_reason.setPlaceholderText(
            self.tr(
                "Leave empty when the sheet is for the family (needs their family copy consent)"
            )
        )
        self.export = QPushButton(self.tr("Export PDF…"))
        self.export.setEnabled(False)
        self.export.setToolTip(self.tr("Save the sheet as a PDF file you choose"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.export, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 18, 22, 16)
        layout.setSpacing(12)
        heading = self.tr("Stills of %1").replace("%1", media.code)
        layout.addWidget(set_role(QLabel(heading), "heading"))
        layout.addWidget(self.busy)
        layout.addWidget(scroll, 1)
        reason_row = QHBoxLayout()
        reason_label = QLabel(self.tr("For the &case file, why:"))
        reason_label.setBuddy(self.case_file_reason)
        reason_row.addWidget(reason_label)
        reason_row.addWidget(self.case_file_reason, 1)
        layout.addLayout(reason_row)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(COLUMNS * (TILE_W + 30) + 60, 640)
        self.export.clicked.connect(self.choose_export)
        self._load()

    def _load(self) -> None:
        if not self.stills:
            self.message.show_notice(self.tr("This case has no stills yet."))
            return
        self.busy.start(count(len(self.stills), "Opening %n still…", "Opening %n stills…"))
        services, ids = self._ctx.services, [m.id for m in self.stills]
        self._ctx.runner.run(
            lambda _: load_stills_job(services, ids),
            on_success=self._loaded,
            on_failure=self._failed,
            owner=self,
        )

    @property
    def ready(self) -> bool:
        return len(self.images) == len(self.stills) and bool(self.stills)

    def _loaded(self, pngs: list[tuple[MediaId, bytes]]) -> None:
        self.busy.stop()
        for media_id, data in pngs:
            self.images[media_id] = QImage.fromData(data)
        for index, still in enumerate(self.stills):
            self.grid.addWidget(self._tile(still), index // COLUMNS, index % COLUMNS)
        self.export.setEnabled(self.ready)

    def _failed(self, failure: Failure) -> None:
        self.busy.stop()
        self.message.show_error(failure.message)

    def _tile(self, still: MediaItem) -> QWidget:
        tile = set_role(QFrame(), "card")
        tile.setFixedWidth(TILE_W + 22)
        layout = QVBoxLayout(tile)
        layout.setContentsMargins(10, 10, 10, 12)
        layout.setSpacing(6)
        picture = QLabel()
        image = self.images.get(still.id, QImage())
        if not image.isNull():
            scaled = image.scaledToWidth(TILE_W, Qt.TransformationMode.SmoothTransformation)
            picture.setPixmap(QPixmap.fromImage(scaled))
        caption = QLabel(still.title)
        caption.setWordWrap(True)
        set_role(caption, "heading")
        layout.addWidget(picture)
        layout.addWidget(caption)
        layout.addWidget(set_role(QLabel(self._where(still)), "small"))
        layout.addStretch(1)
        return tile

    def _where(self, still: MediaItem) -> str:
        source = self._sources.get(still.source_media_id or "", "")
        at = timecode(still.start_s or 0.0)
        return self.tr("%1 in “%2”").replace("%1", at).replace("%2", source) if source else at

    # -- export -------------------------------------------------------------------------------

    def html(self) -> str:
        tiles = []
        for still in self.stills:
            image = self.images.get(still.id, QImage())
            tiles.append((_data_uri(image), still.title, self._where(still)))
        today = day_text(self._ctx.services.ctx.today())
        return sheet_html(
            self.tr("Contact sheet"),
            self.tr("%1 · printed %2").replace("%1", self._code).replace("%2", today),
            self.tr(
                "Confidential: contains images of a family. Keep it safe and shred it when done."
            ),
            tiles,
        )

    def choose_export(self) -> None:
        suggested = f"{self._code}-stills.pdf"
        self.save_dialog = choose_save_path(
            self,
            self.tr("Export the contact sheet"),
            suggested,
            self.tr("PDF (*.pdf)"),
            self.export_to,
        )

    def export_to(self, path: Path) -> None:
        pdf = html_to_pdf(self.html(), self.tr("Contact sheet"))
        self.busy.start(self.tr("Saving the PDF…"))
        copies, case_id = self._ctx.services.family_copy, self._case_id
        ids, reason = [m.id for m in self.stills], self.case_file_reason.text()
        self._ctx.runner.run(
            lambda _: copies.contact_sheet(case_id, ids, path, pdf, case_file_reason=reason),
            on_success=lambda _: self._exported(path),
            on_failure=self._failed,
            owner=self,
        )

    def _exported(self, path: Path) -> None:
        self.busy.stop()
        self.message.show_notice(self.tr("Saved %1.").replace("%1", path.name))


def _data_uri(image: QImage) -> str:
    """The picture as an in-memory JPEG data: URI, at most PDF_MAX_SIDE pixels wide."""
    if image.isNull():
        return ""
    if max(image.width(), image.height()) > PDF_MAX_SIDE:
        image = image.scaled(
            PDF_MAX_SIDE,
            PDF_MAX_SIDE,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "JPG", 88)  # type: ignore[call-overload]  # the stub wants bytes; PySide takes str
    buffer.close()
    return "data:image/jpeg;base64," + base64.b64encode(bytes(data.data())).decode("ascii")
