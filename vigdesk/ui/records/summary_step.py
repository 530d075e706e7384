"""The list of review video whose written summary is missing (the sweep preview's
summary step, and the close-case dialog's list).

Each item is kept by the sweep until the practitioner either writes the review's
summary (the owner opens the review session) or gives a reason to delete it without
one (in the preview only noted: nothing is deleted until "Delete now"). Enter never
deletes: no dialog here has a destructive default button.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vigdesk.core.retention import Due
from vigdesk.ui.look import set_role
from vigdesk.ui.records.labels import day, kind_label
from vigdesk.ui.records.tables import due_rows, due_table
from vigdesk.ui.widgets.busy import BusyIndicator
from vigdesk.ui.widgets.message_line import MessageLine


class SummaryStep(QWidget):
    """Lists the waiting items. Emits `summary_chosen(Due)` / `without_chosen(Due)`."""

    summary_chosen = Signal(object)
    without_chosen = Signal(object)

    def __init__(
        self,
        items: list[Due],
        parent: QWidget | None = None,
        *,
        explain: str = "",
        reviews: Mapping[str, date] | None = None,
    ) -> None:
        """`reviews` (review session id → its date) shows which review each item was
        shown at instead of its case (for a list within one case)."""
        super().__init__(parent)
        self.items = list(items)
        self._reviews = reviews
        self.heading = set_role(QLabel(), "heading")
        self.explain = set_role(
            QLabel(
                explain
                or self.tr(
                    "These were shown at a review whose written summary is missing. The "
                    "record must say what the review found before the video goes: write "
                    "the summary, or delete without one and say why."
                )
            ),
            "small",
        )
        self.explain.setWordWrap(True)
        self.table = due_table()
        if reviews is not None:
            self.table.setHorizontalHeaderItem(
                0, QTableWidgetItem(self.tr("Shown at the review of"))
            )
        self.write_button = QPushButton(self.tr("&Write the summary…"))
        self.without_button = QPushButton(self.tr("Delete without &summary…"))
        for button in (self.write_button, self.without_button):
            button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.write_button)
        buttons.addWidget(self.without_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.heading)
        layout.addWidget(self.explain)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.table.itemSelectionChanged.connect(self._update)
        self.write_button.clicked.connect(lambda: self._emit(self.summary_chosen))
        self.without_button.clicked.connect(lambda: self._emit(self.without_chosen))
        self._fill()

    def chosen(self) -> Due | None:
        rows = self.table.selectionModel().selectedRows()
        return self.items[rows[0].row()] if rows else None

    def take(self, item: Due) -> None:
        """Remove a resolved item from the list."""
        self.set_items([d for d in self.items if d.object_id != item.object_id])

    def set_items(self, items: list[Due], reviews: Mapping[str, date] | None = None) -> None:
        self.items = list(items)
        if reviews is not None:
            self._reviews = reviews
        self._fill()

    def _fill(self) -> None:
        self.heading.setText(self.tr("Needs a written summary (%n)", "", len(self.items)))
        rows = due_rows(self.items, summary_note=False)
        if self._reviews is not None:
            known = self._reviews

            def shown_at(d: Due) -> str:
                return ", ".join(day(known[r]) for r in d.reviews_without_summary if r in known)

            rows = [
                (cid, [shown_at(d), *cells[1:]])
                for d, (cid, cells) in zip(self.items, rows, strict=True)
            ]
        self.table.set_rows(rows)
        if self.items:
            self.table.selectRow(0)
        self.setVisible(bool(self.items))
        self._update()

    def _update(self) -> None:
        chosen = self.chosen() is not None
        self.write_button.setEnabled(chosen)
        self.without_button.setEnabled(chosen)

    def _emit(self, signal: SignalInstance) -> None:
        item = self.chosen()
        if item is not None:
            signal.emit(item)


class TextDialog(QDialog):
    """A heading, a line of help, a text box and Cancel (the default) / an action."""

    def __init__(
        self, title: str, heading: str, help_text: str, action: str, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setMinimumWidth(520)
        intro = set_role(QLabel(help_text), "muted")
        intro.setWordWrap(True)
        self.text_edit = QPlainTextEdit()
        self.text_edit.setTabChangesFocus(True)
        self.text_edit.setProperty("records", True)
        self.text_edit.setFixedHeight(110)
        self.message = MessageLine()
        self.busy = BusyIndicator()
        self.buttons = QDialogButtonBox()
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.action_button = QPushButton(action)
        self.action_button.setAutoDefault(False)
        self.buttons.addButton(self.action_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.cancel_button.setDefault(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 22, 24, 18)
        layout.setSpacing(12)
        layout.addWidget(set_role(QLabel(heading), "heading"))
        layout.addWidget(intro)
        layout.addWidget(self.text_edit)
        layout.addWidget(self.message)
        layout.addWidget(self.busy)
        layout.addWidget(self.buttons)
        self.cancel_button.clicked.connect(self.reject)
        self.text_edit.textChanged.connect(self._update)
        self._update()

    def text(self) -> str:
        return self.text_edit.toPlainText().strip()

    def _update(self) -> None:
        self.action_button.setEnabled(bool(self.text()))


class WithoutSummaryDialog(TextDialog):
    """Asks why the item may go without a summary; emits `reason_given(str)`. Deletes
    nothing: the sweep preview's Delete now does, with this reason; closing a case
    (`closing=True`) leaves it to the schedule. Cancel is the default: Enter never lets
    video go."""

    reason_given = Signal(str)

    def __init__(self, item: Due, parent: QWidget | None = None, *, closing: bool = False) -> None:
        super().__init__(
            self.tr("Delete without a written summary"),
            self.tr("Why may this %1 go without a summary?").replace(
                "%1", kind_label(item.kind).lower()
            ),
            self.tr(
                "It covers everything shown at that review. The reason is written into the "
                "review's notes, which stay in the case record, and it is audited. The "
                "video is deleted on its date by the retention schedule, not now."
            )
            if closing
            else self.tr(
                "The reason is written into the review's notes, which stay in the case "
                "record, and the deletion is audited. Nothing is deleted until you choose "
                "Delete now."
            ),
            self.tr("&Let it go without one") if closing else self.tr("&Mark for deletion"),
            parent,
        )
        self.text_edit.setAccessibleName(self.tr("Reason"))
        self.text_edit.setPlaceholderText(
            self.tr("e.g. The family moved before it was written")
            if closing
            else self.tr("e.g. The practitioner left before writing it")
        )
        self.action_button.clicked.connect(self._give)

    def _give(self) -> None:
        if self.text():
            self.reason_given.emit(self.text())
            self.accept()
