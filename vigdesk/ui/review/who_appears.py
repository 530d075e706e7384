"""The import's "who appears" step: which people of the family the footage shows.

Consent follows who is filmed: the service refuses the import unless everyone ticked
here is covered for filming and keeping. GUI thread only; the people are loaded by the
caller in a task.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from vigdesk.core.cases import Person, PersonKind
from vigdesk.core.consent import default_appearing
from vigdesk.core.ids import PersonId
from vigdesk.ui.consent.texts import age_label
from vigdesk.ui.look import mark_primary, set_role


class WhoAppearsDialog(QDialog):
    """Ticks for each family member (the local authority's representatives are not
    filmed). Before an import (`files` videos) everyone is proposed; to change who
    appears in an item already held (`shown`: as recorded, `title`: its name) the
    ticks start as recorded and the button saves. `chosen()` after `accepted`."""

    def __init__(
        self,
        people: Sequence[Person],
        files: int,
        today: date,
        parent: QWidget | None = None,
        *,
        shown: Sequence[str] | None = None,
        title: str = "",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("whoAppearsDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setMinimumWidth(460)
        if shown is None:
            self.setWindowTitle(self.tr("Who appears in this footage?"))
            where = (
                self.tr("the video you chose")
                if files == 1
                else self.tr("the %1 videos you chose").replace("%1", str(files))
            )
            text = self.tr(
                "Tick everyone who can be seen or heard in %1. Each adult ticked needs "
                "their own consent to filming and keeping the video; each child needs it "
                "from someone who may consent for them."
            ).replace("%1", where)
        else:
            self.setWindowTitle(self.tr("Who appears in “%1”?").replace("%1", title))
            text = self.tr(
                "Tick everyone who can be seen or heard in “%1”. Consent then follows the "
                "people ticked: playing, clipping and exporting it need consent from or for "
                "each of them. The change is recorded in the audit log."
            ).replace("%1", title)
        intro = QLabel(text)
        intro.setWordWrap(True)
        self.boxes: dict[PersonId, QCheckBox] = {}
        proposed = set(default_appearing(people) if shown is None else shown)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        for person in people:
            if person.represents_authority:
                continue
            box = QCheckBox(_label(person, today))
            box.setChecked(person.id in proposed)
            box.toggled.connect(self._update)
            self.boxes[person.id] = box
            layout.addWidget(box)
        self.hint = set_role(QLabel(""), "small")
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.import_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.import_button.setText(self.tr("Import") if shown is None else self.tr("Save"))
        mark_primary(self.import_button)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._update()

    def chosen(self) -> list[PersonId]:
        return [pid for pid, box in self.boxes.items() if box.isChecked()]

    def _update(self) -> None:
        some = bool(self.chosen())
        self.import_button.setEnabled(some)
        self.hint.setText(
            "" if some else self.tr("Tick at least one person: a video always shows someone.")
        )


def _label(person: Person, today: date) -> str:
    parts = [person.full_name]
    if person.relationship:
        parts.append(person.relationship)
    if person.kind is PersonKind.CHILD:
        age = age_label(person.date_of_birth, today)
        if age:
            parts.append(age)
        if person.looked_after:
            parts.append(QCoreApplication.translate("WhoAppearsDialog", "looked after"))
    return "  ·  ".join(parts)
