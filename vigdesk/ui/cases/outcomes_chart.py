"""Outcome charts for one family: helping-question ratings over time, and questionnaire
scores by time point (one instrument at a time, one line per scale)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCharts import (
    QCategoryAxis,
    QChart,
    QChartView,
    QDateTimeAxis,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QDateTime, QMargins, Qt, QTime
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from vigdesk.core.cases import Person
from vigdesk.core.ids import PersonId
from vigdesk.core.questionnaires import Instrument, Method, Timepoint
from vigdesk.core.sessions import RATING_MAX
from vigdesk.services.outcomes import FamilyOutcomes, HelpingSeries, ScoreSeries
from vigdesk.ui.cases.dialogs.form import to_qdate
from vigdesk.ui.look import set_role
from vigdesk.ui.models.labels import person_name, scale_label, timepoint_label
from vigdesk.ui.widgets.empty_state import EmptyState

COLOURS = ("#1F6F78", "#D98A1E", "#7B61A8", "#3D8F6A", "#C0504D", "#4A6FA5")
_TEXT = QColor("#5C6670")
_GRID = QColor("#EEF0F2")
_LEGEND_CHARS = 48


def _chart() -> QChart:
    chart = QChart()
    chart.setBackgroundBrush(QBrush(QColor("#FFFFFF")))
    chart.setBackgroundRoundness(0)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    legend = chart.legend()
    legend.setAlignment(Qt.AlignmentFlag.AlignBottom)
    legend.setLabelColor(_TEXT)
    legend.setMarkerShape(legend.MarkerShape.MarkerShapeCircle)
    return chart


def _style_axis(axis: QValueAxis | QDateTimeAxis | QCategoryAxis) -> None:
    axis.setLabelsColor(_TEXT)
    axis.setGridLineColor(_GRID)
    axis.setLinePenColor(QColor("#C8CED6"))
    font = QFont(axis.labelsFont())
    font.setPointSizeF(8.5)
    axis.setLabelsFont(font)


def _line(name: str, n: int) -> QLineSeries:
    series = QLineSeries()
    series.setName(name)
    pen = QPen(QColor(COLOURS[n % len(COLOURS)]))
    pen.setWidthF(2.5)
    series.setPen(pen)
    series.setPointsVisible(True)
    series.setMarkerSize(6)
    return series


def _padded_axis(top: float, step: float) -> QValueAxis:
    """0 to `top` with ticks every `step`, padded so markers at the ends are not cut."""
    axis = QValueAxis()
    pad = top * 0.05
    axis.setRange(-pad, top + pad)
    axis.setTickType(QValueAxis.TickType.TicksDynamic)
    axis.setTickAnchor(0)
    axis.setTickInterval(step)
    axis.setLabelFormat("%g")
    return axis


def _nice_step(top: float) -> float:
    for step in (0.5, 1, 2, 5, 10, 20, 50, 100):
        if top / step <= 6:
            return float(step)
    return max(1.0, top / 5)


def _shorten(text: str) -> str:
    return text if len(text) <= _LEGEND_CHARS else text[: _LEGEND_CHARS - 1].rstrip() + "…"


def _msecs(on: date) -> float:
    return float(QDateTime(to_qdate(on), QTime(12, 0)).toMSecsSinceEpoch())


class OutcomesView(QWidget):
    """Shows a FamilyOutcomes; `helping_chart` and `scores_chart` are the QCharts."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.helping_chart = _chart()
        self.scores_chart = _chart()
        self.helping_view = self._view(self.helping_chart)
        self.scores_view = self._view(self.scores_chart)
        self.instrument_combo = QComboBox()
        self.instrument_combo.setAccessibleName(self.tr("Questionnaire to chart"))
        self.instrument_combo.currentIndexChanged.connect(self._draw_scores)
        self._outcomes: FamilyOutcomes | None = None
        self._instruments: dict[str, Instrument] = {}
        self._person: Callable[[PersonId], Person | None] = lambda _: None

        self.helping_stack = QStackedWidget()
        self.helping_stack.addWidget(self.helping_view)
        self.helping_stack.addWidget(
            EmptyState(
                self.tr("No ratings yet"),
                self.tr("Ratings of the helping questions will draw a line here."),
            )
        )
        self.scores_stack = QStackedWidget()
        self.scores_stack.addWidget(self.scores_view)
        self.scores_stack.addWidget(
            EmptyState(
                self.tr("No questionnaire scores yet"),
                self.tr("Scores at baseline, mid and end will show here."),
            )
        )
        helping_card = set_role(QFrame(), "card")
        helping_layout = QVBoxLayout(helping_card)
        helping_layout.setContentsMargins(18, 14, 18, 10)
        helping_layout.addWidget(set_role(QLabel(self.tr("Helping questions, 0 to 10")), "heading"))
        helping_layout.addWidget(self.helping_stack, 1)
        scores_card = set_role(QFrame(), "card")
        scores_layout = QVBoxLayout(scores_card)
        scores_layout.setContentsMargins(18, 14, 18, 10)
        scores_top = QHBoxLayout()
        scores_top.addWidget(set_role(QLabel(self.tr("Questionnaire scores")), "heading"))
        scores_top.addStretch(1)
        scores_top.addWidget(self.instrument_combo)
        scores_layout.addLayout(scores_top)
        scores_layout.addWidget(self.scores_stack, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(14)
        layout.addWidget(helping_card, 1)
        layout.addWidget(scores_card, 1)

    def _view(self, chart: QChart) -> QChartView:
        view = QChartView(chart)
        view.setRenderHint(QPainter.RenderHint.Antialiasing)
        view.setMinimumHeight(170)
        set_role(view, "cases-chart")
        return view

    def show_outcomes(
        self,
        outcomes: FamilyOutcomes,
        instruments: tuple[Instrument, ...],
        person: Callable[[PersonId], Person | None],
    ) -> None:
        self._outcomes = outcomes
        self._instruments = {i.id: i for i in instruments}
        self._person = person
        self._draw_helping(outcomes.helping)
        chosen = self.instrument_combo.currentData()
        self.instrument_combo.blockSignals(True)
        self.instrument_combo.clear()
        for instrument_id in dict.fromkeys(s.instrument_id for s in outcomes.scores):
            found = self._instruments.get(instrument_id)
            self.instrument_combo.addItem(found.name if found else instrument_id, instrument_id)
        index = self.instrument_combo.findData(chosen)
        self.instrument_combo.setCurrentIndex(max(0, index))
        self.instrument_combo.blockSignals(False)
        self.instrument_combo.setVisible(self.instrument_combo.count() > 0)
        self._draw_scores()

    def clear(self) -> None:
        self.helping_chart.removeAllSeries()
        self.scores_chart.removeAllSeries()
        self._outcomes = None

    def _rater(self, person_id: PersonId) -> str:
        found = self._person(person_id)
        return person_name(found) if found else "?"

    def _draw_helping(self, helping: tuple[HelpingSeries, ...]) -> None:
        chart = self.helping_chart
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        drawn = [s for s in helping if s.points]
        self.helping_stack.setCurrentIndex(0 if drawn else 1)
        if not drawn:
            return
        raters = {s.rated_by for s in drawn}
        x_axis = QDateTimeAxis()
        x_axis.setFormat("d MMM")
        y_axis = _padded_axis(RATING_MAX, 2)
        for axis in (x_axis, y_axis):
            _style_axis(axis)
        chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        first = min(p.on for s in drawn for p in s.points)
        last = max(p.on for s in drawn for p in s.points)
        span = max((last - first).days, 14)
        pad = 86_400_000.0 * max(2, span // 12)
        x_axis.setRange(
            QDateTime.fromMSecsSinceEpoch(int(_msecs(first) - pad)),
            QDateTime.fromMSecsSinceEpoch(int(_msecs(last) + pad)),
        )
        x_axis.setTickCount(min(7, max(3, span // 14 + 2)))
        for n, found in enumerate(drawn):
            name = _shorten(found.text)
            if len(raters) > 1:
                name += f" · {self._rater(found.rated_by)}"
            series = _line(name, n)
            for point in sorted(found.points, key=lambda p: p.on):
                series.append(_msecs(point.on), float(point.score))
            chart.addSeries(series)
            series.attachAxis(x_axis)
            series.attachAxis(y_axis)

    def _draw_scores(self) -> None:
        chart = self.scores_chart
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        instrument_id = self.instrument_combo.currentData()
        chosen = [
            s
            for s in (self._outcomes.scores if self._outcomes else ())
            if s.instrument_id == instrument_id and any(p.value is not None for p in s.points)
        ]
        self.scores_stack.setCurrentIndex(0 if chosen else 1)
        if not chosen:
            return
        instrument = self._instruments.get(str(instrument_id))
        order = list(Timepoint)
        x_axis = QCategoryAxis()
        x_axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        for n, timepoint in enumerate(order):
            x_axis.append(timepoint_label(timepoint), n)
        x_axis.setRange(-0.25, len(order) - 0.75)
        top = self._scale_top(instrument, chosen)
        y_axis = _padded_axis(top, _nice_step(top))
        for axis in (x_axis, y_axis):
            _style_axis(axis)
        chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        respondents = {s.respondent_id for s in chosen}
        for n, found in enumerate(chosen):
            name = scale_label(instrument, found.scale)
            if len(respondents) > 1:
                name += f" · {self._rater(found.respondent_id)}"
            series = _line(name, n)
            for point in found.points:
                if point.value is not None:
                    series.append(float(order.index(point.timepoint)), point.value)
            chart.addSeries(series)
            series.attachAxis(x_axis)
            series.attachAxis(y_axis)

    @staticmethod
    def _scale_top(instrument: Instrument | None, chosen: list[ScoreSeries]) -> float:
        """The highest possible score of the charted scales (else the highest seen)."""
        seen = max((p.value or 0.0) for s in chosen for p in s.points)
        if instrument is None:
            return max(1.0, seen)
        tops = []
        for scale, item_ids, _ in instrument.scales():
            if any(s.scale == scale for s in chosen):
                highs = [max(instrument.item(i).values) for i in item_ids]
                summed = instrument.scoring.method is Method.SUM
                tops.append(float(sum(highs) if summed else max(highs)))
        return max([seen, *tops]) if tops else max(1.0, seen)
