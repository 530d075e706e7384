"""Save reply…: who answers and how long they spent, then where the sealed file goes."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from vigdesk.ui.look import set_role


class ReplyDialog(QDialog):
    def __init__(self, supervisor: str, comments: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Save your reply"))
        intro = set_role(
            QLabel(
                self.tr(
                    "Your %n comment(s) are sealed so that only the practitioner who sent "
                    "this package can open them. Nothing else is saved.",
                    "",
                    comments,
                )
            ),
            "muted",
        )
        intro.setWordWrap(True)
        self.name = QLineEdit(supervisor)
        self.name.setMaxLength(120)
        self.minutes = QSpinBox()
        self.minutes.setRange(1, 24 * 60)
        self.minutes.setValue(30)
        self.minutes.setSuffix(self.tr(" min"))
        form = QFormLayout()
        form.addRow(self.tr("Your &name"), self.name)
        form.addRow(self.tr("&Time spent"), self.minutes)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)
