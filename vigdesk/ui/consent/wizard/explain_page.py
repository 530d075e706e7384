"""Wizard page 2: the plain-English explanation, from the versioned form, read together."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from vigdesk.services.consent_record_html import form_html
from vigdesk.ui.consent.wizard.draft import Draft
from vigdesk.ui.look import set_role

READING_PT = 14.0
_READING_STYLE = (
    "h2 { color: #1F6F78; margin-bottom: 8px; } p { margin-bottom: 10px; } "
    "li { margin-bottom: 4px; }"
)
_SIZES = (12.0, 14.0, 16.0, 19.0)
ACCESSIBLE_VERSIONS = (
    "Easy read",
    "Large print",
    "Read aloud",
    "Translated form",
    "British Sign Language",
)


class ExplainPage(QWizardPage):
    """Complete once the practitioner confirms it was read with the parent."""

    def __init__(self, draft: Draft, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._draft = draft
        self._size = _SIZES.index(READING_PT)
        form = draft.snapshot.form
        self.setTitle(self.tr("Read this together"))
        self.setSubTitle(self.tr("What filming means, who sees the video and how long it is kept."))
        self.text = QTextBrowser()
        self.text.setObjectName("consentReading")
        self.text.setOpenExternalLinks(False)
        self.text.document().setDefaultStyleSheet(_READING_STYLE)
        self.text.setHtml(form_html(form.text))
        self.text.document().setDocumentMargin(18)
        self.text.setAccessibleName(self.tr("The consent form"))
        self.version_label = set_role(
            QLabel(self.tr("Consent form, version {version}").format(version=form.version)),
            "small",
        )
        self.smaller = QPushButton(self.tr("A−"))
        self.larger = QPushButton(self.tr("A+"))
        for button, name in (
            (self.smaller, self.tr("Smaller text")),
            (self.larger, self.tr("Larger text")),
        ):
            button.setAccessibleName(name)
            button.setToolTip(name)
            set_role(button, "consent-compact")
        self.basis_label = set_role(
            QLabel(
                self.tr("Lawful basis (the service's policy): {basis}").format(
                    basis=draft.lawful_basis
                )
            ),
            "small",
        )
        self.basis_label.setWordWrap(True)
        self.interpreter = QLineEdit(draft.interpreter)
        self.interpreter.setPlaceholderText(
            self.tr("None, or the language and who interpreted, e.g. “Polish, AK”")
        )
        self.interpreter.setAccessibleName(self.tr("Interpreter used"))
        self.interpreter.textChanged.connect(self._note_support)
        self.accessible = QComboBox()
        self.accessible.setEditable(True)
        self.accessible.addItems(["", *(self.tr(v) for v in ACCESSIBLE_VERSIONS)])
        self.accessible.setCurrentText(draft.accessible_version)
        edit = self.accessible.lineEdit()
        assert edit is not None
        edit.setPlaceholderText(self.tr("None: the standard form"))
        self.accessible.setAccessibleName(self.tr("Accessible version used"))
        self.accessible.currentTextChanged.connect(self._note_support)
        support = QFormLayout()
        support.setContentsMargins(0, 0, 0, 0)
        support.setHorizontalSpacing(12)
        support.setVerticalSpacing(6)
        support.addRow(self.tr("&Interpreter"), self.interpreter)
        support.addRow(self.tr("Accessible &version"), self.accessible)
        self.read_box = QCheckBox()
        self.read_box.toggled.connect(self.completeChanged)

        top = QHBoxLayout()
        top.addWidget(self.version_label)
        top.addStretch(1)
        top.addWidget(self.smaller)
        top.addWidget(self.larger)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.basis_label)
        layout.addLayout(support)
        layout.addWidget(self.read_box)
        self.smaller.clicked.connect(lambda: self._resize(-1))
        self.larger.clicked.connect(lambda: self._resize(+1))
        self._apply_size()

    def initializePage(self) -> None:
        giver = self._draft.giver
        who = giver.full_name if giver else self.tr("the parent")
        self.read_box.setText(
            self.tr(
                "We have read this together, and {who} has had the chance to ask questions."
            ).format(who=who)
        )

    def _note_support(self) -> None:
        self._draft.interpreter = self.interpreter.text()
        self._draft.accessible_version = self.accessible.currentText()

    def _resize(self, step: int) -> None:
        self._size = max(0, min(len(_SIZES) - 1, self._size + step))
        self._apply_size()

    def _apply_size(self) -> None:
        font = QFont(self.text.font())
        font.setPointSizeF(_SIZES[self._size])
        self.text.document().setDefaultFont(font)
        self.smaller.setEnabled(self._size > 0)
        self.larger.setEnabled(self._size < len(_SIZES) - 1)

    def isComplete(self) -> bool:
        return self.read_box.isChecked()
