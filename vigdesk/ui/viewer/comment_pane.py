"""The supervisor's comments in the viewer: typed against the moment showing, kept in
memory only, saved as one sealed reply file (see `ViewerWindow.save_reply`)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vigdesk.core.replies import Comment, check_comment, moment_text
from vigdesk.ui.look import set_role

AT_ROLE = Qt.ItemDataRole.UserRole


class _CommentList(QListWidget):
    removed = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.currentRow() >= 0:
            self.removed.emit(self.currentRow())
            return
        super().keyPressEvent(event)


class CommentPane(QWidget):
    """`seek_requested(ms)` when a comment is chosen; `save_requested` for the reply."""

    seek_requested = Signal(int)
    save_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.comments: list[Comment] = []
        self.saved = True  # nothing typed since the last save
        self._item = ""
        self.heading = set_role(QLabel(self.tr("Your comments for the practitioner")), "heading")
        self.list = _CommentList()
        self.list.setMaximumHeight(96)
        self.list.setObjectName("viewerComments")
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(
            self.tr("Type a comment on the moment showing and press Enter")
        )
        self.edit.setMaxLength(2000)
        self.save_button = QPushButton(self.tr("Save &reply…"))
        self.save_button.setAutoDefault(False)
        self.save_button.setEnabled(False)
        row = QHBoxLayout()
        row.addWidget(self.edit, 1)
        row.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.heading)
        layout.addWidget(self.list)
        layout.addLayout(row)
        self.list.itemActivated.connect(self._chosen)
        self.list.removed.connect(self._remove)
        self.save_button.clicked.connect(self.save_requested)
        self.edit.returnPressed.connect(self._typed)
        self.position_ms: Callable[[], int] = lambda: 0  # the player's position, set by the panel

    def show_item(self, name: str) -> None:
        """List the comments on item `name` (the package's file name of the clip/still)."""
        self._item = name
        self.list.clear()
        for c in self.comments:
            if c.item == name:
                row = QListWidgetItem(f"{moment_text(c.at_s)}  {c.text}")
                row.setData(AT_ROLE, c)
                self.list.addItem(row)

    def add(self, text: str, at_ms: int) -> Comment | None:
        """A comment on the current item at `at_ms`; None (nothing added) when empty."""
        try:
            comment = check_comment(self._item, at_ms / 1000, text)
        except ValueError:
            return None
        self.comments.append(comment)
        self.comments.sort(key=lambda c: (c.item, c.at_s))
        self.saved = False
        self.save_button.setEnabled(True)
        self.show_item(self._item)
        return comment

    def clear(self) -> None:
        """Forget every comment (the package is closed)."""
        self.comments.clear()
        self.list.clear()
        self.edit.clear()
        self.saved = True
        self.save_button.setEnabled(False)

    def _typed(self) -> None:
        if self.add(self.edit.text(), self.position_ms()) is not None:
            self.edit.clear()

    def _remove(self, row: int) -> None:
        item = self.list.item(row)
        if item is None:
            return
        self.comments.remove(item.data(AT_ROLE))
        self.saved = False
        self.save_button.setEnabled(bool(self.comments))
        self.show_item(self._item)

    def _chosen(self, item: QListWidgetItem) -> None:
        comment: Comment = item.data(AT_ROLE)
        self.seek_requested.emit(round(comment.at_s * 1000))
