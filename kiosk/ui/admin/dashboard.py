"""The metrics dashboard (QtCharts): sessions per day, completion and abandonment by screen,
median and p90 time per screen and per procedure, share of fields prefilled from the card,
card-read outcomes; filtered by date range and kiosk; CSV export. Anonymous figures only."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QPieSeries, QValueAxis
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.admin import metrics
from kiosk.ui.admin.common import AdminContext, MessageLine, cell_text


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


class DashboardPanel(QWidget):
    def __init__(self, ctx: AdminContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.summary = metrics.MetricsSummary()
        outer = QVBoxLayout(self)
        bar = QHBoxLayout()
        today = dt.date.today()
        self.use_dates = QCheckBox(ctx.t("admin.date_range"))
        self.use_dates.setObjectName("use-dates")
        self.start = QDateEdit(_qdate(today - dt.timedelta(days=30)))
        self.start.setObjectName("start-date")
        self.end = QDateEdit(_qdate(today))
        self.end.setObjectName("end-date")
        for edit, key in ((self.start, "admin.from"), (self.end, "admin.to")):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setAccessibleName(ctx.t(key))
        self.kiosk = QComboBox()
        self.kiosk.setObjectName("kiosk-filter")
        self.kiosk.setAccessibleName(ctx.t("admin.kiosk"))
        self.refresh_button = QPushButton(ctx.t("admin.refresh"))
        self.refresh_button.setObjectName("refresh-metrics")
        self.refresh_button.clicked.connect(self.refresh)
        self.csv_button = QPushButton(ctx.t("admin.export_csv"))
        self.csv_button.setObjectName("export-csv")
        self.csv_button.clicked.connect(self.export_dialog)
        for w in (self.use_dates, self.start, QLabel("–"), self.end, QLabel(ctx.t("admin.kiosk")), self.kiosk,
                  self.refresh_button, self.csv_button):
            bar.addWidget(w)
        bar.addStretch(1)
        outer.addLayout(bar)
        self.headline = QLabel()
        self.headline.setObjectName("headline")
        outer.addWidget(self.headline)
        charts = QGridLayout()
        self.views: dict[str, QChartView] = {}
        for i, name in enumerate(("per_day", "abandonment", "screen_times", "card_outcomes")):
            view = QChartView()
            view.setObjectName(f"chart-{name}")
            view.setAccessibleName(ctx.t(f"admin.chart_{name}"))
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            view.setMinimumHeight(220)
            charts.addWidget(view, i // 2, i % 2)
            self.views[name] = view
        outer.addLayout(charts, 2)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("figures")
        self.table.setAccessibleName(ctx.t("admin.figures"))
        self.table.setHorizontalHeaderLabels([ctx.t("admin.metric"), ctx.t("admin.dimension"), ctx.t("admin.value")])
        self.table.horizontalHeader().setStretchLastSection(True)
        outer.addWidget(self.table, 1)
        self.message = MessageLine("dashboard-message")
        outer.addWidget(self.message)
        self.refresh()

    def current_filter(self) -> metrics.MetricsFilter:
        kiosk = self.kiosk.currentData()
        if self.use_dates.isChecked():
            return metrics.MetricsFilter(_pydate(self.start.date()), _pydate(self.end.date()), kiosk or None)
        return metrics.MetricsFilter(kiosk_id=kiosk or None)

    def set_filter(self, start: dt.date | None, end: dt.date | None, kiosk: str | None) -> None:
        self.use_dates.setChecked(start is not None or end is not None)
        if start:
            self.start.setDate(_qdate(start))
        if end:
            self.end.setDate(_qdate(end))
        index = self.kiosk.findData(kiosk or "")
        self.kiosk.setCurrentIndex(max(index, 0))
        self.refresh()

    def refresh(self) -> metrics.MetricsSummary:
        s = self.summary = metrics.summarise(self.ctx.db, self.current_filter())
        chosen = self.kiosk.currentData() or ""
        self.kiosk.blockSignals(True)
        self.kiosk.clear()
        self.kiosk.addItem(self.ctx.t("admin.all_kiosks"), "")
        for k in s.kiosks:
            self.kiosk.addItem(k, k)
        self.kiosk.setCurrentIndex(max(self.kiosk.findData(chosen), 0))
        self.kiosk.blockSignals(False)
        self.headline.setText(self.ctx.t(
            "admin.headline", sessions=s.sessions, completed=s.completed, rate=f"{s.completion_rate:.0%}",
            prefilled=f"{s.prefilled_share:.0%}"))
        self._bar("per_day", [d.isoformat() for d in s.sessions_per_day], {"admin.sessions": list(s.sessions_per_day.values())})
        self._bar("abandonment", [f.screen for f in s.funnel], {
            "admin.reached": [f.reached for f in s.funnel], "admin.abandoned": [f.abandoned for f in s.funnel]})
        names = list(s.screen_times)
        self._bar("screen_times", names, {"admin.median": [s.screen_times[n].median for n in names],
                                          "admin.p90": [s.screen_times[n].p90 for n in names]})
        pie = QPieSeries()
        for outcome, count in s.card_outcomes.items():
            if count:
                pie.append(f"{outcome} ({count})", count)
        self._show("card_outcomes", pie)
        self._fill_table(s)
        return s

    def _bar(self, name: str, categories: list[str], sets: dict[str, list[float]]) -> None:
        series = QBarSeries()
        top = 0.0
        for key, values in sets.items():
            bar = QBarSet(self.ctx.t(key))
            bar.append([float(v) for v in values])
            series.append(bar)
            top = max([top, *map(float, values)])
        chart = self._show(name, series)
        axis_x = QBarCategoryAxis()
        axis_x.append(categories)
        axis_y = QValueAxis()
        axis_y.setRange(0, top * 1.1 if top else 1)
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis_x)
        series.attachAxis(axis_y)

    def _show(self, name: str, series) -> QChart:
        chart = QChart()
        chart.setTitle(self.ctx.t(f"admin.chart_{name}"))
        chart.addSeries(series)
        chart.legend().setVisible(True)
        self.views[name].setChart(chart)
        return chart

    def _fill_table(self, s: metrics.MetricsSummary) -> None:
        rows: list[tuple[str, str, str]] = [("sessions", "total", str(s.sessions)), ("sessions", "completed", str(s.completed))]
        rows += [("screen_abandoned", f.screen, str(f.abandoned)) for f in s.funnel]
        for n, t in s.screen_times.items():
            rows += [("screen_seconds_median", n, f"{t.median:g}"), ("screen_seconds_p90", n, f"{t.p90:g}")]
        for n, t in s.procedure_times.items():
            rows += [("procedure_seconds_median", n, f"{t.median:g}"), ("procedure_seconds_p90", n, f"{t.p90:g}")]
        rows += [("fields", "prefilled_share", f"{s.prefilled_share:.4g}")]
        rows += [("card_outcome", k, str(v)) for k, v in s.card_outcomes.items()]
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()

    def figure(self, metric: str, dimension: str) -> str | None:
        for r in range(self.table.rowCount()):
            if cell_text(self.table, r, 0) == metric and cell_text(self.table, r, 1) == dimension:
                return cell_text(self.table, r, 2)
        return None

    def export_csv(self, target: Path) -> Path:
        path = metrics.export_csv(self.summary, target, self.current_filter())
        self.message.show_text(self.ctx.t("admin.exported", where=str(path)), "ok")
        return path

    def export_dialog(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, self.ctx.t("admin.export_csv"), "metrics.csv", "CSV (*.csv)")
        if name:
            self.export_csv(Path(name))
