"""Name, label and note the selected clip or still: the principles it shows (with their
behaviours), the family's helping question it speaks to, and the practitioner's note.

Labels are stored as strings (see services/principles.py); labels this panel does not
know are kept untouched. It asks the page to save; it never calls services itself.

Nothing is lost by accident: edits are saved a moment after the practitioner stops
typing, and at once when another item is shown or the page calls `flush()`.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vigdesk.core.ids import MediaId
from vigdesk.core.media import MediaItem, MediaKind
from vigdesk.core.sessions import HelpingQuestion
from vigdesk.services.principles import (
    HELPING_PREFIX,
    PRINCIPLE_PREFIX,
    Principles,
    helping_label,
    helping_question_of,
    principle_label,
)
from vigdesk.services.review_recordings import SKILL_PREFIX, load_guider_skills
from vigdesk.ui.look import mark_primary, set_role
from vigdesk.ui.review.wrap_tree import WrapTree
from vigdesk.ui.widgets.field import labelled
from vigdesk.ui.widgets.message_line import MessageLine

LABEL_ROLE = Qt.ItemDataRole.UserRole
Checked = Qt.CheckState.Checked
Unchecked = Qt.CheckState.Unchecked
AUTOSAVE_MS = 1000


@dataclass(frozen=True)
class ReviewChoice:
    """What the panel shows about filmed shared reviews for the item: the case's review
    sessions, the one this footage records (None: none), and whether the item is cut
    from such a recording (then its guider skills can be ticked, the choice not made)."""

    sessions: tuple[tuple[str, str], ...] = ()
    session_id: str | None = None
    cut_from_recording: bool = False

    @property
    def is_review(self) -> bool:
        return self.session_id is not None or self.cut_from_recording


class DetailsPanel(QWidget):
    """`save_requested(media_id, title, labels, note)`; the page answers with `saved` or
    `failed` for that media id. `review_of_requested(media_id, session_id or "")` when
    the practitioner says which review meeting a footage records."""

    save_requested = Signal(str, str, object, str)
    review_of_requested = Signal(str, str)
    appearing_requested = Signal(str)  # media id: change who appears in it

    def __init__(self, principles: Principles, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._principles = principles
        self._item: MediaItem | None = None
        self._loading = False
        self._edits = 0  # edits to the item shown, counted since it was shown
        self._saved_edits = 0  # how many of them are stored
        self._sending = 0  # how many of them the save in flight holds
        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(AUTOSAVE_MS)
        self._autosave.timeout.connect(self._save)
        self.meta = set_role(QLabel(), "muted")
        self.meta.setWordWrap(True)
        self.title_edit = QLineEdit()
        self.title_edit.setMaxLength(120)
        self.tree = WrapTree()
        self.tree.setHeaderHidden(True)
        self.tree.setColumnCount(1)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.setAccessibleName(self.tr("Principles this shows"))
        self.tree.setMinimumHeight(150)
        self.tree.setObjectName("reviewPrinciples")
        self.groups: list[tuple[QTreeWidgetItem, list[QTreeWidgetItem]]] = []
        for principle in principles.principles:
            top = QTreeWidgetItem([principle.name])
            top.setData(0, LABEL_ROLE, principle_label(principle.id))
            top.setToolTip(0, f"{principle.name}: {principle.summary}")
            top.setFlags(top.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            top.setCheckState(0, Unchecked)
            children = []
            for behaviour in principle.behaviours:
                child = QTreeWidgetItem([behaviour.text])
                child.setData(0, LABEL_ROLE, principle_label(principle.id, behaviour.id))
                child.setFlags(child.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                child.setToolTip(0, behaviour.text)
                child.setCheckState(0, Unchecked)
                top.addChild(child)
                children.append(child)
            self.tree.addTopLevelItem(top)
            self.groups.append((top, children))
        self.question = QComboBox()
        self.question.setAccessibleName(self.tr("Helping question"))
        self.question.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.question.setMinimumContentsLength(12)
        self.note_edit = QPlainTextEdit()
        self.note_edit.setPlaceholderText(self.tr("What happened here, and why it matters"))
        self.note_edit.setMinimumHeight(70)
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setObjectName("reviewNote")
        self.review_box = QComboBox()
        self.review_box.setAccessibleName(self.tr("Records a shared review"))
        self.review_row = labelled(
            self.tr("Records a &review meeting"),
            self.review_box,
            self.tr("Filmed for your supervision, with the family's consent to film reviews."),
        )
        self.skills = load_guider_skills()
        self.skills_tree = WrapTree()
        self.skills_tree.setHeaderHidden(True)
        self.skills_tree.setColumnCount(1)
        self.skills_tree.setAccessibleName(self.tr("Guider skills this shows"))
        self.skills_tree.setObjectName("reviewSkills")
        for skill in self.skills:
            entry = QTreeWidgetItem([skill.label])
            entry.setData(0, LABEL_ROLE, skill.tag)
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            entry.setCheckState(0, Unchecked)
            self.skills_tree.addTopLevelItem(entry)
        self.skills_tree.setMinimumHeight(120)
        self.skills_row = labelled(
            self.tr("&Guider skills it shows"),
            self.skills_tree,
            self.tr("Your guiding in the review, for supervision: kept apart from the principles."),
        )
        self._review = ReviewChoice()
        self.save = mark_primary(QPushButton(self.tr("Save details")))
        self.message = MessageLine()
        self.appears_label = QLabel()
        self.appears_label.setWordWrap(True)
        self.appears_button = QPushButton(self.tr("&Who appears…"))
        self.appears_button.setAccessibleName(self.tr("Change who appears"))
        self.appears_button.setToolTip(
            self.tr("Say who can be seen or heard in it: consent follows these people.")
        )
        self.appears_button.clicked.connect(self._appearing)
        appears = QHBoxLayout()
        appears.setContentsMargins(0, 0, 0, 0)
        appears.addWidget(self.appears_label, 1)
        appears.addWidget(self.appears_button, 0, Qt.AlignmentFlag.AlignTop)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        layout.addWidget(self.meta)
        layout.addLayout(appears)
        layout.addWidget(labelled(self.tr("&Name"), self.title_edit))
        layout.addWidget(
            labelled(
                self.tr("&Principles it shows"),
                self.tree,
                self.tr("Tick a principle, or open it to tick the behaviours you see."),
            ),
            1,
        )
        layout.addWidget(self.review_row)
        layout.addWidget(self.skills_row)
        layout.addWidget(labelled(self.tr("&Helping question"), self.question))
        layout.addWidget(labelled(self.tr("N&ote"), self.note_edit))
        layout.addWidget(self.message)
        layout.addWidget(self.save, 0, Qt.AlignmentFlag.AlignRight)

        self.tree.itemChanged.connect(self._tree_changed)
        self.skills_tree.itemChanged.connect(lambda *_: self._edited())
        self.review_box.activated.connect(self._review_chosen)
        self.title_edit.textEdited.connect(lambda _: self._edited())
        self.note_edit.textChanged.connect(self._edited)
        self.question.currentIndexChanged.connect(lambda _: self._edited())
        self.save.clicked.connect(self._save)
        self.show_item(None, [])

    # -- content -------------------------------------------------------------------------

    @property
    def item(self) -> MediaItem | None:
        return self._item

    def show_item(
        self,
        item: MediaItem | None,
        questions: list[HelpingQuestion],
        meta: str = "",
        review: ReviewChoice | None = None,
        appears: str = "",
    ) -> None:
        """Show `item` (`appears`: who it shows, in words); what was edited on the item
        shown before is saved first."""
        other = item is None or self._item is None or item.id != self._item.id
        if other:
            self.flush()
        self._loading = True
        if other:
            self.message.clear_message()
            self._edits = self._saved_edits = self._sending = 0
        self._item = item
        labels = set(item.labels) if item else set()
        if self.title_edit.text() != (item.title if item else ""):
            self.title_edit.setText(item.title if item else "")
        if self.note_edit.toPlainText() != (item.note if item else ""):
            self.note_edit.setPlainText(item.note if item else "")  # else keep the cursor
        self.meta.setText(
            meta if item else self.tr("Choose footage, a clip or a still to name and label it.")
        )
        for top, children in self.groups:
            for entry in (top, *children):
                ticked = entry.data(0, LABEL_ROLE) in labels
                entry.setCheckState(0, Checked if ticked else Unchecked)
            if other:  # a refresh of the same item keeps what the user opened
                top.setExpanded(any(c.checkState(0) == Checked for c in children))
        self.question.clear()
        self.question.addItem(self.tr("Not linked to a helping question"), "")
        for q in questions:
            self.question.addItem(q.text, q.id)
            self.question.setItemData(
                self.question.count() - 1, q.text, Qt.ItemDataRole.ToolTipRole
            )
        self._show_review(item, review or ReviewChoice(), labels)
        linked = helping_question_of(labels)
        index = self.question.findData(linked) if linked else 0
        self.question.setCurrentIndex(max(0, index))
        self.appears_label.setText(appears)
        self.appears_label.setVisible(item is not None)
        self.appears_button.setVisible(item is not None)
        for widget in (self.title_edit, self.tree, self.question, self.note_edit):
            widget.setEnabled(item is not None)
        self._loading = False
        self._show_state()

    @property
    def dirty(self) -> bool:
        """Edited and not stored yet (a save may be on its way)."""
        return self._item is not None and self._edits != self._saved_edits

    def flush(self) -> None:
        """Save now whatever is edited and not yet sent."""
        if self._item is not None and self._edits != max(self._saved_edits, self._sending):
            self._save()

    def labels(self) -> tuple[str, ...]:
        """The labels as ticked, plus any label this panel does not manage."""
        managed: tuple[str, ...] = (PRINCIPLE_PREFIX, HELPING_PREFIX)
        if self._review.is_review:
            managed += (SKILL_PREFIX,)
        kept = [
            label
            for label in (self._item.labels if self._item else ())
            if not label.startswith(managed)
        ]
        if self._review.is_review:
            for row in range(self.skills_tree.topLevelItemCount()):
                entry = self.skills_tree.topLevelItem(row)
                if entry is not None and entry.checkState(0) == Checked:
                    kept.append(str(entry.data(0, LABEL_ROLE)))
        for top, children in self.groups:
            for entry in (top, *children):
                if entry.checkState(0) == Checked:
                    kept.append(str(entry.data(0, LABEL_ROLE)))
        question = self.question.currentData()
        if question:
            kept.append(helping_label(str(question)))
        return tuple(kept)

    def saved(self, media_id: MediaId) -> None:
        if self._item is None or self._item.id != media_id:
            return
        self._saved_edits = max(self._saved_edits, self._sending)
        self._show_state()
        if not self.dirty:
            self.message.show_notice(self.tr("Saved."))

    def failed(self, media_id: MediaId, text: str) -> bool:
        """False when `media_id` is no longer shown (the page then says it elsewhere)."""
        if self._item is None or self._item.id != media_id:
            return False
        self._sending = self._saved_edits
        self._autosave.stop()  # no retry loop: the practitioner presses Save again
        self._show_state()
        self.message.show_error(text)
        return True

    # -- internals ---------------------------------------------------------------------------

    def _show_review(self, item: MediaItem | None, review: ReviewChoice, labels: set[str]) -> None:
        self._review = review
        footage = item is not None and item.kind is MediaKind.FOOTAGE
        self.review_row.setVisible(footage and bool(review.sessions or review.session_id))
        self.review_box.clear()
        self.review_box.addItem(self.tr("No: the family's interaction"), "")
        for session_id, name in review.sessions:
            self.review_box.addItem(name, session_id)
        self.review_box.setCurrentIndex(max(0, self.review_box.findData(review.session_id or "")))
        self.skills_row.setVisible(item is not None and review.is_review)
        for row in range(self.skills_tree.topLevelItemCount()):
            entry = self.skills_tree.topLevelItem(row)
            if entry is not None:
                ticked = entry.data(0, LABEL_ROLE) in labels
                entry.setCheckState(0, Checked if ticked else Unchecked)

    def _review_chosen(self, index: int) -> None:
        if self._item is not None and not self._loading:
            self.review_of_requested.emit(self._item.id, str(self.review_box.itemData(index)))

    def _tree_changed(self, item: QTreeWidgetItem, column: int) -> None:
        if self._loading:
            return
        parent = item.parent()
        self._loading = True
        if parent is not None and item.checkState(0) == Checked:
            parent.setCheckState(0, Checked)  # a behaviour shows its principle
        if parent is None and item.checkState(0) == Unchecked:
            for top, children in self.groups:
                if top is item:
                    for child in children:
                        child.setCheckState(0, Unchecked)
        self._loading = False
        self._edited()

    def _edited(self) -> None:
        if not self._loading and self._item is not None:
            self._edits += 1
            self._show_state()
            self.message.clear_message()
            self._autosave.start()

    def _show_state(self) -> None:
        self.save.setEnabled(self.dirty)

    def _appearing(self) -> None:
        if self._item is not None:
            self.appearing_requested.emit(self._item.id)

    def _save(self) -> None:
        self._autosave.stop()
        if self._item is None:
            return
        self._sending = self._edits
        self.save_requested.emit(
            self._item.id,
            self.title_edit.text().strip(),
            self.labels(),
            self.note_edit.toPlainText(),
        )
