"""The consent wizard: who, the explanation, the purposes, the signature, check, done.

One run records one person's consent, for themselves or the children they may consent
for (issue 19). It is opened on a case snapshot loaded in a task (`open_consent_wizard`),
as a window-modal child of the main window, and drops everything it holds when the
vault locks.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget, QWizard, QWizardPage

from vigdesk.core.ids import CaseId
from vigdesk.services.consent_record import RecordedConsent
from vigdesk.ui.consent.wizard.done_page import DonePage
from vigdesk.ui.consent.wizard.draft import CaseSnapshot, Draft, load_case, practitioner_initials
from vigdesk.ui.consent.wizard.explain_page import ExplainPage
from vigdesk.ui.consent.wizard.method_page import MethodPage
from vigdesk.ui.consent.wizard.purposes_page import PurposesPage
from vigdesk.ui.consent.wizard.steps import StepsPanel
from vigdesk.ui.consent.wizard.summary_page import SummaryPage
from vigdesk.ui.consent.wizard.who_page import WhoPage
from vigdesk.ui.context import MainContext
from vigdesk.ui.look import mark_primary, set_role
from vigdesk.ui.tasks import TaskContext, TaskHandle


class ConsentWizard(QWizard):
    """Emits `recorded(RecordedConsent)` when the consent is saved (before the last page)."""

    recorded = Signal(object)

    def __init__(
        self, ctx: MainContext, snapshot: CaseSnapshot, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("consentWizard")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("Record consent · {code}").format(code=snapshot.case.code))
        self.setProperty("consent", True)
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoDefaultButton, False)
        self.resize(980, 620)  # pages scroll: a 1280×720 laptop shows it whole
        self.draft = Draft(snapshot)
        by = practitioner_initials(ctx.profile.display_name)
        self.who = WhoPage(self.draft, ctx.runner, ctx.services)
        self.explain = ExplainPage(self.draft)
        self.purposes = PurposesPage(self.draft)
        self.method = MethodPage(self.draft, ctx.runner)
        self.summary = SummaryPage(self.draft, ctx.services, ctx.runner, by)
        self.done_page = DonePage(self.draft, ctx.services, ctx.runner)
        pages = (self.who, self.explain, self.purposes, self.method, self.summary, self.done_page)
        self.steps = StepsPanel(
            [
                self.tr("Who is consenting"),
                self.tr("Read together"),
                self.tr("What is agreed"),
                self.tr("Signature"),
                self.tr("Check and record"),
                self.tr("Print or save"),
            ]
        )
        self.steps.note.setText(
            self.tr("Case {code}\nForm version {version}").format(
                code=snapshot.case.code, version=snapshot.form.version
            )
        )
        self.setSideWidget(self.steps)
        for page in pages:
            _move_titles_into(page)
            self.addPage(page)
        self.currentIdChanged.connect(self.steps.show_step)
        for which in (
            QWizard.WizardButton.NextButton,
            QWizard.WizardButton.CommitButton,
            QWizard.WizardButton.FinishButton,
        ):
            mark_primary(self.button(which))
        self.summary.recorded.connect(self._recorded)
        ctx.events.vault_locked.connect(self.drop)

    def _recorded(self, result: RecordedConsent) -> None:
        self.done_page.show_result(result, self.summary.html, self.summary.pdf)
        self.recorded.emit(result)

    def reject(self) -> None:
        if self.summary.isComplete():  # not while saving
            super().reject()

    def drop(self) -> None:
        """The vault is locking: forget the answers, the signature and the record."""
        self.method.pad.clear()
        self.draft.signature_png = self.draft.paper = b""
        self.summary.clear()
        self.done_page.clear()
        self.close()


def _move_titles_into(page: QWizardPage) -> None:
    """Show the page's title and subtitle as its own header, in the app's type."""
    title = set_role(QLabel(page.title()), "title")
    title.setObjectName("pageTitle")
    subtitle = set_role(QLabel(page.subTitle()), "muted")
    subtitle.setWordWrap(True)
    header = QWidget()
    column = QVBoxLayout(header)
    column.setContentsMargins(2, 8, 0, 10)
    column.setSpacing(4)
    column.addWidget(title)
    column.addWidget(subtitle)
    layout = page.layout()
    assert isinstance(layout, QVBoxLayout)
    layout.insertWidget(0, header)
    page.setAccessibleName(page.title())
    page.setAccessibleDescription(page.subTitle())
    page.setTitle("")
    page.setSubTitle("")


def open_consent_wizard(
    ctx: MainContext,
    case_id: CaseId,
    parent: QWidget,
    on_opened: Callable[[ConsentWizard], None] | None = None,
) -> TaskHandle:
    """Load the case in a task, then open the wizard over `parent` (window-modal)."""
    services = ctx.services

    def work(_: TaskContext) -> CaseSnapshot:
        return load_case(services, case_id)

    def opened(snapshot: CaseSnapshot) -> None:
        wizard = ConsentWizard(ctx, snapshot, parent)
        wizard.open()
        if on_opened is not None:
            on_opened(wizard)

    return ctx.runner.run(work, on_success=opened, owner=parent)
