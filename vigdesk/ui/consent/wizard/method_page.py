"""Wizard page 4: a signature drawn on screen, or a signed paper form; the dates."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from vigdesk.core.consent import Method
from vigdesk.core.errors import InvalidInput
from vigdesk.ui.consent.files import choose_file_to_open
from vigdesk.ui.consent.signature_pad import SignaturePad
from vigdesk.ui.consent.texts import add_months
from vigdesk.ui.consent.wizard.draft import REVIEW_MONTHS, Draft
from vigdesk.ui.consent.wizard.layout import scrolling_cards
from vigdesk.ui.failures import Failure
from vigdesk.ui.look import set_role
from vigdesk.ui.tasks import TaskRunner
from vigdesk.ui.widgets.busy import BusyIndicator
from vigdesk.ui.widgets.day_edit import uk_day_edit
from vigdesk.ui.widgets.field import labelled
from vigdesk.ui.widgets.message_line import MessageLine
from vigdesk.ui.widgets.page import card

MAX_PAPER_BYTES = 40 * 1024 * 1024


def read_paper(path: Path) -> bytes:
    """Worker thread: the scanned form's bytes (it is sealed later, with the consent)."""
    try:
        size = path.stat().st_size
        if size > MAX_PAPER_BYTES:
            raise InvalidInput(f"{path.name} is larger than 40 MB; scan it at a lower resolution.")
        return path.read_bytes()
    except OSError as exc:
        raise InvalidInput(f"Could not read {path.name}: {exc.strerror or exc}.") from exc


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


class MethodPage(QWizardPage):
    """Complete once there is a signature or a scanned form, and the dates make sense."""

    def __init__(self, draft: Draft, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._draft = draft
        self._runner = runner
        self._review_touched = False
        self.setTitle(self.tr("Signature"))
        self.setSubTitle(
            self.tr("Sign on screen with a finger, a pen or the mouse, or use a signed paper form.")
        )
        self.on_screen = QRadioButton(self.tr("Sign on &screen"))
        self.on_paper = QRadioButton(self.tr("Signed &paper form (photo or scan)"))
        self.on_screen.setChecked(True)
        methods = QButtonGroup(self)
        methods.addButton(self.on_screen)
        methods.addButton(self.on_paper)
        self.stack = QStackedWidget()
        self.stack.addWidget(self._signature_box())
        self.stack.addWidget(self._paper_box())

        how, how_layout = card()
        choice = QHBoxLayout()
        choice.setSpacing(24)
        choice.addWidget(self.on_screen)
        choice.addWidget(self.on_paper)
        choice.addStretch(1)
        how_layout.addLayout(choice)
        how_layout.addWidget(self.stack)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scrolling_cards([how, self._dates_box()]))
        self.on_screen.toggled.connect(self._method_changed)

    def _signature_box(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self.pad = SignaturePad()
        self.pad.changed.connect(self._signature_changed)
        self.clear_button = QPushButton(self.tr("&Clear"))
        self.clear_button.clicked.connect(self.pad.clear)
        self.clear_button.setEnabled(False)
        row = QHBoxLayout()
        row.addWidget(set_role(QLabel(self.tr("Use a mouse, a pen or a finger.")), "small"))
        row.addStretch(1)
        row.addWidget(self.clear_button)
        layout.addWidget(self.pad)
        layout.addLayout(row)
        return box

    def _paper_box(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self.choose_button = QPushButton(self.tr("C&hoose the photo or scan…"))
        self.choose_button.clicked.connect(self.choose_paper)
        self.paper_label = set_role(QLabel(self.tr("No file chosen yet.")), "muted")
        self.paper_label.setWordWrap(True)
        self.paper_preview = QLabel()
        self.paper_preview.setAlignment(Qt.AlignmentFlag.AlignLeft)
        self.paper_busy = BusyIndicator()
        self.paper_message = MessageLine()
        note = set_role(
            QLabel(
                self.tr(
                    "The file is encrypted into the vault with the consent. Afterwards, delete "
                    "the photo from the camera or scanner, and shred or file the paper form."
                )
            ),
            "small",
        )
        note.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.choose_button)
        row.addWidget(self.paper_label, 1)
        layout.addLayout(row)
        layout.addWidget(self.paper_busy)
        layout.addWidget(self.paper_message)
        layout.addWidget(self.paper_preview)
        layout.addWidget(note)
        return box

    def _dates_box(self) -> QWidget:
        frame, layout = card(self.tr("Dates"))
        today = self._draft.snapshot.today
        self.given_edit = QDateEdit(_qdate(self._draft.given_on))
        self.given_edit.setMaximumDate(_qdate(today))
        self.review_edit = QDateEdit(_qdate(self._draft.review_due))
        for edit in (self.given_edit, self.review_edit):
            uk_day_edit(edit)
        grid = QGridLayout()
        grid.setHorizontalSpacing(20)
        grid.addWidget(labelled(self.tr("Consent &given on"), self.given_edit), 0, 0)
        grid.addWidget(
            labelled(
                self.tr("&Review by"),
                self.review_edit,
                self.tr("Usually six months on, or sooner if something changes."),
            ),
            0,
            1,
        )
        layout.addLayout(grid)
        self.given_edit.dateChanged.connect(self._given_changed)
        self.review_edit.dateChanged.connect(self._review_changed)
        return frame

    # -- behaviour -----------------------------------------------------------------------

    def initializePage(self) -> None:
        giver = self._draft.giver
        if giver is not None:
            self.pad.hint = self.tr("{name} signs here").format(name=giver.full_name)
            self.pad.update()

    def _method_changed(self) -> None:
        paper = self.on_paper.isChecked()
        self._draft.method = Method.SCANNED_PAPER if paper else Method.SIGNED_ON_SCREEN
        self.stack.setCurrentIndex(1 if paper else 0)
        self.completeChanged.emit()

    def _signature_changed(self) -> None:
        self._draft.signature_png = self.pad.to_png()
        self.clear_button.setEnabled(not self.pad.is_empty())
        self.completeChanged.emit()

    def choose_paper(self) -> QWidget:
        return choose_file_to_open(
            self,
            self.tr("Choose the signed consent form"),
            self.tr("Photos, scans and PDFs (*.jpg *.jpeg *.png *.pdf *.tif *.tiff)"),
            self.load_paper,
        )

    def load_paper(self, path: Path) -> None:
        """Read the chosen form in a task (GUI thread)."""
        self.paper_message.clear_message()
        self.paper_busy.start(self.tr("Reading {name}…").format(name=path.name))
        self.choose_button.setEnabled(False)
        self._runner.run(
            lambda _ctx: read_paper(path),
            on_success=lambda data: self._paper_read(path.name, data),
            on_failure=self._paper_failed,
            owner=self,
        )

    def _paper_read(self, name: str, data: bytes) -> None:
        self.paper_busy.stop()
        self.choose_button.setEnabled(True)
        self._draft.paper, self._draft.paper_name = data, name
        self.paper_label.setText(
            self.tr("{name} · {size} KB").format(name=name, size=max(1, len(data) // 1024))
        )
        picture = QPixmap()
        if picture.loadFromData(data):
            self.paper_preview.setPixmap(
                picture.scaled(
                    360,
                    220,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        else:
            self.paper_preview.clear()
        self.completeChanged.emit()

    def _paper_failed(self, failure: Failure) -> None:
        self.paper_busy.stop()
        self.choose_button.setEnabled(True)
        self.paper_message.show_error(failure.message)

    def _given_changed(self, day: QDate) -> None:
        self._draft.given_on = day.toPython()  # type: ignore[assignment]
        if not self._review_touched:
            review = add_months(self._draft.given_on, REVIEW_MONTHS)
            self.review_edit.blockSignals(True)
            self.review_edit.setDate(_qdate(review))
            self.review_edit.blockSignals(False)
            self._draft.review_due = review
        self.review_edit.setMinimumDate(day)
        self.completeChanged.emit()

    def _review_changed(self, day: QDate) -> None:
        self._review_touched = True
        self._draft.review_due = day.toPython()  # type: ignore[assignment]
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        draft = self._draft
        return bool(draft.evidence) and draft.review_due >= draft.given_on
