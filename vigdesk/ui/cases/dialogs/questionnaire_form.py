"""Record a questionnaire: instrument, respondent and time point, then every item on one
screen as big option rows. Number keys answer, Enter moves on; Save shows the scores."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from vigdesk.core.cases import Person, PersonKind
from vigdesk.core.changes import Changed
from vigdesk.core.ids import CaseId, PersonId
from vigdesk.core.questionnaires import Administration, Instrument, Timepoint
from vigdesk.services.session import Services
from vigdesk.ui.cases.dialogs.form import FormDialog, Work, date_edit, from_qdate
from vigdesk.ui.cases.questionnaire_items import ItemCard
from vigdesk.ui.cases.questionnaire_result import ResultCard
from vigdesk.ui.look import room_for_bold, set_role
from vigdesk.ui.models.labels import (
    person_name,
    timepoint_label,
)
from vigdesk.ui.tasks import TaskContext, TaskRunner
from vigdesk.ui.widgets.field import labelled

TIMEPOINT_PADDING = 18  # the stylesheet's cases-timepoint side padding


class QuestionnaireForm(FormDialog):
    """Emits `saved(Administration)` and then shows its scores (it stays open)."""

    def __init__(
        self,
        services: Services,
        runner: TaskRunner,
        case_id: CaseId,
        instruments: Sequence[Instrument],
        people: Sequence[Person],
        recorded: Sequence[Administration],
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            services,
            runner,
            self.tr("Record a questionnaire"),
            self.tr("&Save answers"),
            parent,
            changes={Changed.QUESTIONNAIRES},
            width=760,
        )
        self.keep_open = True
        self.resize(780, 620)  # the items scroll: a 1280×720 laptop shows it whole
        self._case_id = case_id
        self._instruments = sorted(instruments, key=lambda i: (i.demo, i.name))
        self._people = {p.id: p for p in people}
        self._recorded = list(recorded)
        self.cards: list[ItemCard] = []

        self.instrument_combo = QComboBox()
        for instrument in self._instruments:
            self.instrument_combo.addItem(instrument.name, instrument.id)
        self.respondent_combo = QComboBox()
        for person in people:
            if person.kind is PersonKind.ADULT:
                label = person_name(person)
                if person.relationship:
                    label += f" ({person.relationship})"
                self.respondent_combo.addItem(label, person.id)
        self.timepoint_buttons = QButtonGroup(self)
        self.timepoint_buttons.setExclusive(True)
        timepoints = QWidget()
        row = QHBoxLayout(timepoints)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        for n, timepoint in enumerate(Timepoint):
            button = set_role(QPushButton(timepoint_label(timepoint)), "cases-timepoint")
            room_for_bold(button, TIMEPOINT_PADDING)
            button.setCheckable(True)
            button.setAutoDefault(False)
            button.setProperty("edge", ("first", "mid", "last")[n])
            self.timepoint_buttons.addButton(button, n)
            row.addWidget(button)
        self.completed_edit = date_edit(today)

        config = QGridLayout()
        config.setHorizontalSpacing(14)
        config.setVerticalSpacing(10)
        config.addWidget(labelled(self.tr("&Questionnaire"), self.instrument_combo), 0, 0, 1, 2)
        config.addWidget(labelled(self.tr("&Respondent"), self.respondent_combo), 0, 2)
        config.addWidget(labelled(self.tr("Time point"), timepoints), 1, 0)
        config.addWidget(labelled(self.tr("C&ompleted on"), self.completed_edit), 1, 1)
        config.setColumnStretch(0, 1)
        config.setColumnStretch(1, 1)
        config.setColumnStretch(2, 1)
        self.fields.addLayout(config)

        self.instructions = set_role(QLabel(), "muted")
        self.instructions.setWordWrap(True)
        self.demo_note = set_role(QLabel(), "cases-warning")
        self.demo_note.setWordWrap(True)
        self.fields.addWidget(self.instructions)
        self.fields.addWidget(self.demo_note)

        self.items_body = QWidget()
        self.items_body.setObjectName("scrollBody")
        self.items_layout = QVBoxLayout(self.items_body)
        self.items_layout.setContentsMargins(0, 0, 8, 0)
        self.items_layout.setSpacing(10)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setWidget(self.items_body)
        self.results = QWidget()
        self.results_layout = QVBoxLayout(self.results)
        self.results_layout.setContentsMargins(0, 0, 0, 0)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.scroll_area)
        self.pages.addWidget(self.results)
        self.fields.addWidget(self.pages, 1)
        self.outer.setStretchFactor(self.fields, 1)
        self.progress = set_role(QLabel(), "small")
        self.outer.insertWidget(self.outer.count() - 1, self.progress)
        hint = self.tr("Keys: type an answer's number · Enter for the next item · Tab to move on")
        self.progress.setToolTip(hint)
        self._hint = hint

        self.instrument_combo.currentIndexChanged.connect(self._instrument_changed)
        self.respondent_combo.currentIndexChanged.connect(self._suggest_timepoint)
        self._instrument_changed()

    # -- building the items -------------------------------------------------------------

    @property
    def instrument(self) -> Instrument | None:
        index = self.instrument_combo.currentIndex()
        return self._instruments[index] if 0 <= index < len(self._instruments) else None

    @property
    def timepoint(self) -> Timepoint | None:
        picked = self.timepoint_buttons.checkedId()
        return None if picked < 0 else list(Timepoint)[picked]

    def _instrument_changed(self) -> None:
        instrument = self.instrument
        for card in self.cards:
            card.hide()
            card.deleteLater()
        self.cards = []
        while self.items_layout.count():
            self.items_layout.takeAt(0)
        if instrument is None:
            return
        self.instructions.setText(instrument.instructions)
        self.instructions.setVisible(bool(instrument.instructions))
        self.demo_note.setText(
            self.tr("Demo questionnaire: invented and not validated. Do not use it with families.")
        )
        self.demo_note.setVisible(instrument.demo)
        for n, item in enumerate(instrument.items, start=1):
            card = ItemCard(n, item)
            card.answered.connect(self._update_progress)
            card.next_requested.connect(lambda c=card: self._next_after(c))
            self.items_layout.addWidget(card)
            card.setVisible(True)  # now, so that it can take the focus at once
            self.cards.append(card)
        self.items_layout.addStretch(1)
        for first, second in zip(self.cards, self.cards[1:], strict=False):
            QWidget.setTabOrder(first, second)
        self._suggest_timepoint()
        self._update_progress()
        if self.cards:
            self.cards[0].setFocus()

    def _suggest_timepoint(self) -> None:
        """The first time point not yet recorded for this questionnaire and respondent."""
        instrument, respondent = self.instrument, self.respondent_combo.currentData()
        done = {
            a.timepoint
            for a in self._recorded
            if instrument and a.instrument_id == instrument.id and a.respondent_id == respondent
        }
        order = list(Timepoint)
        suggestion = next((t for t in order if t not in done), Timepoint.END)
        self.timepoint_buttons.button(order.index(suggestion)).setChecked(True)

    def _next_after(self, card: ItemCard) -> None:
        index = self.cards.index(card)
        if index + 1 < len(self.cards):
            target = self.cards[index + 1]
            target.setFocus(Qt.FocusReason.TabFocusReason)
            self.scroll_area.ensureWidgetVisible(target, 0, 60)
        else:
            self.save_button.setFocus(Qt.FocusReason.TabFocusReason)

    def _update_progress(self) -> None:
        answered = sum(card.value is not None for card in self.cards)
        missing = sum(card.item.required and card.value is None for card in self.cards)
        text = self.tr("%1 of %2 answered").replace("%1", str(answered))
        text = text.replace("%2", str(len(self.cards)))
        if missing:
            text += " · " + self.tr("%1 required still to answer").replace("%1", str(missing))
        self.progress.setText(f"{text}   —   {self._hint}")

    def answers(self) -> dict[str, int]:
        return {c.item.id: v for c in self.cards if (v := c.value) is not None}

    # -- saving ------------------------------------------------------------------------------

    def task(self) -> Work | None:
        instrument, timepoint = self.instrument, self.timepoint
        respondent = self.respondent_combo.currentData()
        if instrument is None or timepoint is None or not respondent:
            self.message.show_error(
                self.tr("Choose the questionnaire, the respondent and the time point.")
            )
            return None
        missing = [c for c in self.cards if c.item.required and c.value is None]
        if missing:
            first = missing[0]
            self.message.show_error(
                self.tr("Item %1 needs an answer: it is required.").replace(
                    "%1", str(self.cards.index(first) + 1)
                )
            )
            first.setFocus()
            self.scroll_area.ensureWidgetVisible(first, 0, 60)
            return None
        answers, completed = self.answers(), from_qdate(self.completed_edit.date())
        case_id, questionnaires = self._case_id, self.services.questionnaires

        def work(ctx: TaskContext) -> Administration:
            return questionnaires.record(
                case_id,
                instrument.id,
                PersonId(str(respondent)),
                timepoint,
                answers,
                completed_on=completed,
            )

        return work

    def succeeded(self, result: Administration) -> None:
        self._show_results(result)
        self.save_button.hide()
        close = self.buttons.button(self.buttons.StandardButton.Cancel)
        if close is not None:
            close.setText(self.tr("&Done"))
            close.setFocus()
        for widget in (self.instrument_combo, self.respondent_combo, self.completed_edit):
            widget.setEnabled(False)
        for button in self.timepoint_buttons.buttons():
            button.setEnabled(False)
        self.progress.hide()

    def _show_results(self, admin: Administration) -> None:
        respondent = self._people.get(admin.respondent_id)
        self.result_card = ResultCard(admin, self.instrument, respondent)
        self.results_layout.addWidget(self.result_card)
        self.results_layout.addStretch(1)
        self.pages.setCurrentWidget(self.results)
