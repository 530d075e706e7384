"""The small forms of the subject access register: a new request, an extension, the
answer. Each only collects values; the register runs the change in a task. GUI thread."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from vigdesk.core.ids import PersonId
from vigdesk.core.subject_requests import Delivery
from vigdesk.ui.look import mark_primary, set_role
from vigdesk.ui.widgets.day_edit import uk_day_edit
from vigdesk.ui.widgets.field import labelled


@dataclass(frozen=True)
class PersonChoice:
    person_id: PersonId
    label: str  # "VIG-26-AB12 · Marigold Wolstenholme (MW)"


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _day(edit: QDateEdit) -> date:
    d = edit.date()
    return date(d.year(), d.month(), d.day())


class _Form(QDialog):
    def __init__(self, title: str, action: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(480)
        self.ok_button = mark_primary(QPushButton(action))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.addButton(self.ok_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(22, 20, 22, 16)
        self.column.setSpacing(12)
        self.column.addWidget(set_role(QLabel(title), "heading"))

    def finish(self) -> None:
        self.column.addStretch(1)
        self.column.addWidget(self.buttons)


class NewRequestForm(_Form):
    def __init__(self, people: list[PersonChoice], today: date, parent: QWidget | None) -> None:
        super().__init__(self.tr("New subject access request"), self.tr("&Record"), parent)
        self.people = people
        self.person = QComboBox()
        for p in people:
            self.person.addItem(p.label)
        self.received = uk_day_edit(QDateEdit(_qdate(today)))
        self.received.setMaximumDate(_qdate(today))
        self.requester = QLineEdit(self.tr("The person"))
        self.identity = QLineEdit()
        self.identity.setPlaceholderText(self.tr("e.g. photo ID seen at the office"))
        self.scope = QLineEdit(self.tr("Everything held"))
        self.column.addWidget(labelled(self.tr("&Whose data"), self.person))
        self.column.addWidget(
            labelled(
                self.tr("&Received on"),
                self.received,
                self.tr("The month to answer starts the day after."),
            )
        )
        self.column.addWidget(
            labelled(
                self.tr("Re&quested by"),
                self.requester,
                self.tr("Someone asking for another person: note their authority."),
            )
        )
        self.column.addWidget(labelled(self.tr("&Identity checked by"), self.identity))
        self.column.addWidget(labelled(self.tr("&Scope"), self.scope))
        self.finish()

    def person_id(self) -> PersonId:
        index = self.person.currentIndex()
        return self.people[index].person_id if 0 <= index < len(self.people) else PersonId("")

    def received_on(self) -> date:
        return _day(self.received)


class ExtendForm(_Form):
    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(self.tr("Extend the time to answer"), self.tr("E&xtend"), parent)
        self.months = QSpinBox()
        self.months.setRange(1, 2)
        self.months.setSuffix(self.tr(" month(s)"))
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(80)
        self.column.addWidget(labelled(self.tr("&Extra time"), self.months))
        self.column.addWidget(
            labelled(
                self.tr("&Why (complex or numerous requests)"),
                self.reason,
                self.tr("Tell the person, with this reason, within the first month."),
            )
        )
        self.finish()


DELIVERIES = (
    (Delivery.POST, "By post"),
    (Delivery.EMAIL, "By email"),
    (Delivery.SECURE_TRANSFER, "By secure transfer"),
    (Delivery.COLLECTED, "Collected in person"),
    (Delivery.VIEWED_IN_PERSON, "Viewed in person, by agreement (no copy)"),
)


class AnswerForm(_Form):
    def __init__(self, today: date, received: date, parent: QWidget | None) -> None:
        super().__init__(self.tr("Record the answer"), self.tr("&Record"), parent)
        self.on = uk_day_edit(QDateEdit(_qdate(today)))
        self.on.setDateRange(_qdate(received), _qdate(today))
        self.how = QComboBox()
        for _, text in DELIVERIES:
            self.how.addItem(self.tr(text))
        self.what = QLineEdit()
        self.what.setPlaceholderText(self.tr("e.g. record.pdf, record.json, 2 redacted videos"))
        self.note = QLineEdit()
        self.column.addWidget(labelled(self.tr("&Answered on"), self.on))
        self.column.addWidget(labelled(self.tr("&How"), self.how))
        self.column.addWidget(labelled(self.tr("&What was sent"), self.what))
        self.column.addWidget(labelled(self.tr("&Note"), self.note))
        self.finish()

    def delivery(self) -> Delivery:
        return DELIVERIES[self.how.currentIndex()][0]

    def answered_on(self) -> date:
        return _day(self.on)
