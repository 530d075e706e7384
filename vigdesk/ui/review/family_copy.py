"""Family copy…: the practitioner ticks the clips and stills the family keeps, writes a
short strengths summary and picks a folder (a USB stick); the service checks the
family_copy consent of everyone who appears, writes the plain folder and registers it.
The consent check is shown as soon as the choice changes, before anything is written."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vigdesk.core.changes import Changed
from vigdesk.core.ids import MediaId
from vigdesk.core.media import MediaKind
from vigdesk.render.pdf import html_to_pdf
from vigdesk.services.family_copy import FamilyCopy
from vigdesk.ui.context import MainContext
from vigdesk.ui.failures import Failure
from vigdesk.ui.look import mark_primary, set_role
from vigdesk.ui.review.library import CaseMedia
from vigdesk.ui.tasks import TaskContext
from vigdesk.ui.widgets.message_line import MessageLine


class FamilyCopyDialog(QDialog):
    """`made` is the copy once made."""

    def __init__(self, ctx: MainContext, media: CaseMedia, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("familyCopy")
        self.setWindowTitle(self.tr("Family copy"))
        self.resize(720, 600)
        self._ctx = ctx
        self.made: FamilyCopy | None = None
        self.folder: Path | None = None
        intro = set_role(
            QLabel(
                self.tr(
                    "A plain copy the family keeps: the clips (MP4, they play anywhere), "
                    "the stills and a page of strengths. It carries no case code and none "
                    "of your notes, and is not called back later. It needs the family copy "
                    "consent of everyone who appears."
                )
            ),
            "muted",
        )
        intro.setWordWrap(True)
        self.items = QListWidget()
        self.items.setAccessibleName(self.tr("Clips and stills"))
        for item in media.items:
            if item.kind is MediaKind.FOOTAGE:
                continue
            kind = self.tr("Clip") if item.kind is MediaKind.CLIP else self.tr("Still")
            row = QListWidgetItem(f"{kind}: {item.title or self.tr('untitled')}")
            row.setData(Qt.ItemDataRole.UserRole, item.id)
            row.setFlags(row.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            row.setCheckState(Qt.CheckState.Unchecked)
            self.items.addItem(row)
        self.items.itemChanged.connect(lambda *_: self._check_consent())
        self.strengths = QPlainTextEdit()
        self.strengths.setTabChangesFocus(True)
        self.strengths.setAccessibleName(self.tr("Strengths"))
        self.strengths.setPlaceholderText(
            self.tr("What the family does well, in words they will recognise.")
        )
        self.strengths.setMaximumHeight(130)
        strengths_label = QLabel(self.tr("&Strengths (one page, addressed to the family):"))
        strengths_label.setBuddy(self.strengths)
        self.consent = set_role(QLabel(), "muted")
        self.consent.setWordWrap(True)
        self.where = set_role(QLabel(self.tr("No folder chosen.")), "muted")
        self.choose_button = QPushButton(self.tr("Choose &folder…"))
        self.choose_button.clicked.connect(self.ask_folder)
        self.message = MessageLine()
        self.make_button = mark_primary(QPushButton(self.tr("&Make the copy")))
        self.make_button.setEnabled(False)
        self.make_button.clicked.connect(self.make)
        close = QPushButton(self.tr("Close"))
        for button in (self.choose_button, self.make_button, close):
            button.setAutoDefault(False)
        close.clicked.connect(self.reject)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.where, 1)
        folder_row.addWidget(self.choose_button)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.make_button)
        buttons.addWidget(close)
        col = QVBoxLayout(self)
        col.setContentsMargins(24, 20, 24, 16)
        col.setSpacing(8)
        col.addWidget(
            set_role(QLabel(self.tr("Family copy of %1").replace("%1", media.code)), "heading")
        )
        col.addWidget(intro)
        col.addWidget(self.items, 1)
        col.addWidget(strengths_label)
        col.addWidget(self.strengths)
        col.addWidget(self.consent)
        col.addLayout(folder_row)
        col.addWidget(self.message)
        col.addLayout(buttons)
        self.strengths.textChanged.connect(self._enable)
        ctx.events.vault_locked.connect(self.reject)
        self._problem: str | None = ""
        self._check_consent()
        self.items.setFocus()

    def chosen(self) -> list[MediaId]:
        rows = (self.items.item(n) for n in range(self.items.count()))
        return [
            MediaId(str(r.data(Qt.ItemDataRole.UserRole)))
            for r in rows
            if r is not None and r.checkState() == Qt.CheckState.Checked
        ]

    def choose(self, media_ids: list[MediaId]) -> None:
        for n in range(self.items.count()):
            row = self.items.item(n)
            if row is not None:
                wanted = row.data(Qt.ItemDataRole.UserRole) in media_ids
                row.setCheckState(Qt.CheckState.Checked if wanted else Qt.CheckState.Unchecked)

    def _check_consent(self) -> None:
        ids = self.chosen()
        if not ids:
            self._problem = ""
            self.consent.setText(self.tr("Tick the clips and stills the family keeps."))
            self._enable()
            return
        copies = self._ctx.services.family_copy

        def work(_: TaskContext) -> str | None:
            return copies.problem(ids)

        self._ctx.runner.run(work, on_success=self._checked, owner=self)

    def _checked(self, problem: str | None) -> None:
        self._problem = problem
        self.consent.setText(problem or self.tr("Everyone who appears agreed to a family copy."))
        set_role(self.consent, "cases-warning" if problem else "muted")
        self._enable()

    def _enable(self) -> None:
        self.make_button.setEnabled(
            self._problem is None
            and bool(self.chosen())
            and bool(self.strengths.toPlainText().strip())
            and self.folder is not None
        )

    def ask_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(
            self, self.tr("Where to put the family's copy"), str(Path.home())
        )
        if chosen:
            self.set_folder(Path(chosen))

    def set_folder(self, folder: Path) -> None:
        self.folder = folder
        self.where.setText(self.tr("Into: %1").replace("%1", str(folder)))
        self._enable()

    def make(self) -> None:
        if self.folder is None:
            return
        copies, ids, folder = self._ctx.services.family_copy, self.chosen(), self.folder
        strengths = self.strengths.toPlainText()
        self.make_button.setEnabled(False)

        def page(_: TaskContext) -> str:
            return copies.strengths_page(ids, strengths)

        def rendered(html: str) -> None:
            pdf = html_to_pdf(html, "Our strengths")

            def work(_: TaskContext) -> FamilyCopy:
                return copies.give(ids, strengths, folder, lambda _html, _title: pdf)

            self._ctx.runner.run(
                work,
                on_success=self._made,
                on_failure=self._failed,
                serial=True,
                changes={Changed.EXPORTS},
                owner=self,
            )

        self._ctx.runner.run(page, on_success=rendered, on_failure=self._failed, owner=self)

    def _made(self, result: FamilyCopy) -> None:
        self.made = result
        self.message.show_notice(
            self.tr("Made %1: give it to the family, then delete any other copy.").replace(
                "%1", str(result.folder)
            )
        )

    def _failed(self, failure: Failure) -> None:
        self.message.show_error(failure.message)
        self._enable()
