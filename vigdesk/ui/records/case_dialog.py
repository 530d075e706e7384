"""The shared base of the per-person dialogs (subject access, erasure) for one case.

It opens the case in a task (an audited read), fills a person chooser, and drops
everything when the vault locks. Subclasses lay out the rest and react to
`_people_loaded` and `_person_changed`.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QWidget

from vigdesk.core.ids import CaseId, PersonId
from vigdesk.ui.context import MainContext
from vigdesk.ui.failures import Failure
from vigdesk.ui.records.labels import person_line
from vigdesk.ui.records.snapshots import CasePeople, PersonSummary, load_people
from vigdesk.ui.tasks import TaskContext
from vigdesk.ui.widgets.busy import BusyIndicator
from vigdesk.ui.widgets.message_line import MessageLine


class CaseDialog(QDialog):
    """A dialog about one case whose people are loaded in the background. GUI thread only."""

    def __init__(
        self, ctx: MainContext, case_id: CaseId, code: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.case_id = case_id
        self.code = code
        self.people: CasePeople | None = None
        self._busy = False
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.person_combo = QComboBox()
        self.person_combo.setAccessibleName(self.tr("Person"))
        self.person_combo.setEnabled(False)
        self.message = MessageLine()
        self.busy = BusyIndicator()
        self.person_combo.currentIndexChanged.connect(lambda _: self._person_changed())
        ctx.events.vault_locked.connect(self._drop)

    def load(self) -> None:
        """Read the case's people in a task; call once the layout is built."""
        services, case_id = self._ctx.services, self.case_id

        def work(task: TaskContext) -> CasePeople:
            return load_people(services, case_id)

        self.busy.start(self.tr("Opening the case…"))
        self._ctx.runner.run(
            work, on_success=self._loaded, on_failure=self._load_failed, owner=self
        )

    def selected(self) -> PersonSummary | None:
        if self.people is None:
            return None
        index = self.person_combo.currentIndex()
        return self.people.people[index] if 0 <= index < len(self.people.people) else None

    def select_person(self, person_id: PersonId) -> bool:
        if self.people is None:
            return False
        for index, summary in enumerate(self.people.people):
            if summary.person.id == person_id:
                self.person_combo.setCurrentIndex(index)
                return True
        return False

    def fit_height(self, shrink: bool = True) -> None:
        """Fit the content at the current width (wrapped text included); Qt does not
        enforce a minimum height for height-for-width layouts, so call after changes."""
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        height = self.heightForWidth(self.width())
        if height > 0 and (shrink or height > self.height()):
            self.resize(self.width(), height)

    def show_notice(self, text: str) -> None:
        self.message.show_notice(text)
        self.fit_height(shrink=False)

    def show_error(self, text: str) -> None:
        self.message.show_error(text)
        self.fit_height(shrink=False)

    def reject(self) -> None:
        if not self._busy:
            super().reject()

    def _loaded(self, people: CasePeople) -> None:
        self.busy.stop()
        self.people = people
        self.person_combo.blockSignals(True)
        self.person_combo.clear()
        for summary in people.people:
            self.person_combo.addItem(person_line(summary.person))
        self.person_combo.blockSignals(False)
        self.person_combo.setEnabled(bool(people.people))
        if not people.people:
            self.message.show_notice(self.tr("Nobody is recorded in this case."))
        self._people_loaded()
        self._person_changed()
        self.fit_height()

    def _load_failed(self, failure: Failure) -> None:
        self.busy.stop()
        self.show_error(failure.message)

    def _people_loaded(self) -> None:
        """Hook: the people are in `self.people`."""

    def _person_changed(self) -> None:
        """Hook: the chosen person changed (or was first set)."""

    def _drop(self) -> None:
        """The vault locked: forget every name and close."""
        self._busy = False
        self.people = None
        self.person_combo.clear()
        self.done(QDialog.DialogCode.Rejected)
