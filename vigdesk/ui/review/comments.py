"""The review workspace's "Supervisor" tab: comments a supervisor sent back on the clip
shown (imported from their reply file), by time; activating one shows that moment."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from vigdesk.core.dates import day_text
from vigdesk.core.ids import MediaId
from vigdesk.core.replies import moment_text
from vigdesk.services.replies import ClipComment
from vigdesk.ui.look import set_role

AT_ROLE = Qt.ItemDataRole.UserRole


class SupervisorComments(QWidget):
    """`seek_requested(seconds)` when a comment is activated."""

    seek_requested = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.media_id: MediaId | None = None
        self.empty = set_role(QLabel(), "muted")
        self.empty.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("reviewComments")
        self.list.setWordWrap(True)
        self.list.setAccessibleName(self.tr("Supervisor's comments"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 10, 8, 8)
        layout.addWidget(self.empty)
        layout.addWidget(self.list, 1)
        self.list.itemActivated.connect(
            lambda row: self.seek_requested.emit(float(row.data(AT_ROLE)))
        )
        self.show_comments(None, [])

    def show_comments(self, media_id: MediaId | None, comments: list[ClipComment]) -> None:
        self.media_id = media_id
        self.list.clear()
        for c in comments:
            row = QListWidgetItem(
                f"{moment_text(c.at_s)}  {c.text}\n— {c.author}, {day_text(_day(c.created_at))}"
            )
            row.setData(AT_ROLE, c.at_s)
            self.list.addItem(row)
        self.list.setVisible(bool(comments))
        self.empty.setVisible(not comments)
        self.empty.setText(
            self.tr(
                "No supervisor's comments on this item. Export it for supervision; when "
                "the supervisor sends a reply file, import it with Training › "
                "Import supervisor's reply…"
            )
            if media_id
            else self.tr("Choose a clip or still to see its supervisor's comments.")
        )

    def texts(self) -> list[str]:
        rows = (self.list.item(i) for i in range(self.list.count()))
        return [r.text() for r in rows if r is not None]


def _day(stamp: str) -> date | None:
    try:
        return date.fromisoformat(stamp[:10])
    except ValueError:
        return None
