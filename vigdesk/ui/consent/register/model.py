"""The register as a table: a model over RegisterEntry rows and a filter for it."""

from __future__ import annotations

from datetime import date
from enum import IntEnum

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from vigdesk.core.consent import Purpose
from vigdesk.ui.consent.register.entries import Answer, PurposeState, RegisterEntry, Status
from vigdesk.ui.consent.texts import method_label, purpose_short, purpose_title, short_date

ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()

GREEN, RED, AMBER, GREY = "#1D6B45", "#B42318", "#935F00", "#8A939D"
OVERDUE_ROW = "#FFF4E0"


class Column(IntEnum):
    CASE = 0
    GIVER = 1
    CHILD = 2
    FILM = 3
    KEEP = 4
    SUPERVISION = 5
    TRAINING = 6
    REVIEW_FILMING = 7
    FAMILY_COPY = 8
    GIVEN = 9
    METHOD = 10
    FORM = 11
    REVIEW = 12
    STATUS = 13


PURPOSE_COLUMNS = {
    Column.FILM: Purpose.FILM,
    Column.KEEP: Purpose.KEEP,
    Column.SUPERVISION: Purpose.SUPERVISION,
    Column.TRAINING: Purpose.TRAINING,
    Column.REVIEW_FILMING: Purpose.REVIEW_FILMING,
    Column.FAMILY_COPY: Purpose.FAMILY_COPY,
}


def _tr(text: str) -> str:
    return QCoreApplication.translate("ConsentRegister", text)


def status_label(status: Status) -> str:
    return {
        Status.IN_FORCE: _tr("In force"),
        Status.REVIEW_OVERDUE: _tr("Review overdue"),
        Status.PARTLY_WITHDRAWN: _tr("Partly withdrawn"),
        Status.WITHDRAWN: _tr("Withdrawn"),
        Status.REFUSED: _tr("Refused"),
        Status.CASE_CLOSED: _tr("Case closed"),
    }[status]


def answer_label(state: PurposeState) -> str:
    return {
        Answer.GIVEN: _tr("Yes"),
        Answer.REFUSED: _tr("No"),
        Answer.WITHDRAWN: _tr("Withdrawn"),
        Answer.NOT_ASKED: "—",
    }[state.answer]


_ANSWER_COLOUR = {
    Answer.GIVEN: GREEN,
    Answer.REFUSED: RED,
    Answer.WITHDRAWN: AMBER,
    Answer.NOT_ASKED: GREY,
}


class RegisterModel(QAbstractTableModel):
    """Read-only rows; `set_entries` replaces them all. GUI thread only."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._entries: list[RegisterEntry] = []
        self.today = date.today()

    def set_entries(self, entries: list[RegisterEntry], today: date) -> None:
        self.beginResetModel()
        self._entries = list(entries)
        self.today = today
        self.endResetModel()

    def entry(self, row: int) -> RegisterEntry:
        return self._entries[row]

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal:
            return None
        column = Column(section)
        if role == Qt.ItemDataRole.ToolTipRole and column in PURPOSE_COLUMNS:
            return purpose_title(PURPOSE_COLUMNS[column])
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column in PURPOSE_COLUMNS:
            return purpose_short(PURPOSE_COLUMNS[column])
        return {
            Column.CASE: _tr("Case"),
            Column.GIVER: _tr("Given by"),
            Column.CHILD: _tr("For"),
            Column.GIVEN: _tr("Given on"),
            Column.METHOD: _tr("How"),
            Column.FORM: _tr("Form"),
            Column.REVIEW: _tr("Review due"),
            Column.STATUS: _tr("Status"),
        }[column]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        entry = self._entries[index.row()]
        column = Column(index.column())
        if role == ENTRY_ROLE:
            return entry
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(entry, column)
        if role == SORT_ROLE:
            return self._sort_key(entry, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._colour(entry, column)
        if role == Qt.ItemDataRole.BackgroundRole and entry.review_overdue(self.today):
            return QBrush(QColor(OVERDUE_ROW))
        if role == Qt.ItemDataRole.FontRole and self._is_alert(entry, column):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(entry, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in PURPOSE_COLUMNS:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _text(self, entry: RegisterEntry, column: Column) -> str:
        if column in PURPOSE_COLUMNS:
            return answer_label(entry.state(PURPOSE_COLUMNS[column]))
        if column == Column.GIVER:
            relation = f" ({entry.giver_relationship})" if entry.giver_relationship else ""
            return entry.giver_initials + relation
        return {
            Column.CASE: entry.case_code,
            Column.CHILD: entry.child_initials,
            Column.GIVEN: short_date(entry.given_on),
            Column.METHOD: method_label(entry.method),
            Column.FORM: entry.form_version,
            Column.REVIEW: short_date(entry.review_due),
            Column.STATUS: status_label(entry.status(self.today)),
        }.get(column, "")

    def _sort_key(self, entry: RegisterEntry, column: Column) -> str:
        if column == Column.GIVEN:
            return entry.given_on.isoformat()
        if column == Column.REVIEW:
            return entry.review_due.isoformat() if entry.review_due else "9999"
        return self._text(entry, column)

    def _is_alert(self, entry: RegisterEntry, column: Column) -> bool:
        overdue = entry.review_overdue(self.today)
        return overdue and column in (Column.REVIEW, Column.STATUS)

    def _colour(self, entry: RegisterEntry, column: Column) -> QBrush | None:
        if column in PURPOSE_COLUMNS:
            return QBrush(QColor(_ANSWER_COLOUR[entry.state(PURPOSE_COLUMNS[column]).answer]))
        if self._is_alert(entry, column):
            return QBrush(QColor(RED))
        status = entry.status(self.today)
        if column == Column.STATUS and status in (Status.WITHDRAWN, Status.PARTLY_WITHDRAWN):
            return QBrush(QColor(AMBER))
        if status is Status.CASE_CLOSED:
            return QBrush(QColor(GREY))
        return None

    def _tooltip(self, entry: RegisterEntry, column: Column) -> str | None:
        if column in PURPOSE_COLUMNS:
            state = entry.state(PURPOSE_COLUMNS[column])
            if state.answer is Answer.WITHDRAWN:
                text = _tr("Withdrawn on {date}").format(date=short_date(state.withdrawn_on))
                return f"{text}: {state.reason}" if state.reason else text
            return None
        if column == Column.GIVER and entry.giver_relationship:
            return f"{entry.giver_initials}, {entry.giver_relationship}"
        if column == Column.CHILD and entry.child_view:
            return _tr("The child's view: {view}").format(view=entry.child_view)
        if column == Column.METHOD and entry.recorded_by:
            return _tr("Recorded by {initials}").format(initials=entry.recorded_by)
        return None


class RegisterFilter(QSortFilterProxyModel):
    """Filters by a text (case code or initials) and by status; sorts by SORT_ROLE."""

    ALL = ""
    OVERDUE = Status.REVIEW_OVERDUE.value

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._status = self.ALL
        self.setSortRole(SORT_ROLE)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._text = text.strip().lower()
        self.endFilterChange()

    def set_status(self, status: str) -> None:
        self.beginFilterChange()
        self._status = status
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        assert isinstance(model, RegisterModel)
        entry = model.entry(source_row)
        if self._text:
            haystack = f"{entry.case_code} {entry.giver_initials} {entry.child_initials}".lower()
            if not all(word in haystack for word in self._text.split()):
                return False
        if not self._status:
            return True
        status = entry.status(model.today)
        if self._status == self.OVERDUE:
            return entry.review_overdue(model.today)
        if self._status == Status.WITHDRAWN.value:
            return status in (Status.WITHDRAWN, Status.PARTLY_WITHDRAWN)
        if self._status == Status.REFUSED.value:
            return any(s.answer is Answer.REFUSED for _, s in entry.states)
        return status.value == self._status
