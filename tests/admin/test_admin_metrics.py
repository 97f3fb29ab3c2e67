"""Dashboard figures computed from recorded (anonymous) session rows; the numbers are known."""

from __future__ import annotations

import csv
import datetime as dt

from admin_metric_rows import DAY1, DAY2, seed

from kiosk.admin.metrics import MetricsFilter, export_csv, median, p90, summarise


def test_figures_over_all_sessions(db):
    seed(db)
    m = summarise(db)
    assert m.sessions == 5 and m.completed == 3 and round(m.completion_rate, 2) == 0.6
    assert m.sessions_per_day == {DAY1.date(): 3, DAY2.date(): 2}
    assert m.endings == {"cancelled": 1, "completed": 3, "timeout": 1}
    funnel = {f.screen: (f.reached, f.abandoned) for f in m.funnel}
    assert funnel == {"language": (5, 0), "question": (5, 1), "card": (4, 1), "review": (3, 0), "result": (3, 0)}
    # seconds on "card" per session: 40, 100 (two visits), 60, 30 → median 50, p90 100
    assert (m.screen_times["card"].median, m.screen_times["card"].p90) == (50.0, 100.0)
    assert (m.screen_times["review"].median, m.screen_times["review"].p90) == (200.0, 300.0)
    # completed sessions with move_in last 5, 7 and 9 minutes
    assert m.procedure_times["move_in"].count == 3
    assert (m.procedure_times["move_in"].median, m.procedure_times["move_in"].p90) == (420.0, 540.0)
    assert m.procedure_times["juminhyo"].median == 420.0
    assert (m.fields_prefilled, m.fields_total, m.prefilled_share) == (30, 60, 0.5)
    assert m.card_outcomes == {"ok": 3, "wrong_pin": 3, "blocked": 1, "removed": 1}
    assert m.kiosks == ["kiosk-01", "kiosk-02"]


def test_filter_by_date_range_and_kiosk(db):
    seed(db)
    day2 = summarise(db, MetricsFilter(start=DAY2.date(), end=DAY2.date()))
    assert day2.sessions == 2 and day2.completed == 1
    one = summarise(db, MetricsFilter(kiosk_id="kiosk-02"))
    assert one.sessions == 1 and one.card_outcomes["removed"] == 1
    none = summarise(db, MetricsFilter(start=DAY2.date() + dt.timedelta(days=1)))
    assert none.sessions == 0 and none.completion_rate == 0.0 and none.prefilled_share == 0.0


def test_percentiles():
    assert median([1, 2, 3, 4]) == 2.5 and p90(list(range(1, 11))) == 9.0 and p90([7]) == 7.0


def test_rows_written_by_the_kiosk_recorder_are_counted(db):
    """The kiosk's own writer (kiosk.metrics.store) produces rows the dashboard reads."""
    from kiosk import metrics as kiosk_metrics

    recorder = kiosk_metrics.MetricsRecorder("kiosk-07")
    recorder.language("en")
    for outcome in ("tries_read", "wrong_pin", "tries_read", "read_ok"):
        recorder.card_outcome(outcome)
    record = recorder.finish("completed", [("language", 12.0), ("review", 20.0), ("review", 10.0)])
    assert kiosk_metrics.store(db, record)
    m = summarise(db, MetricsFilter(kiosk_id="kiosk-07"))
    assert m.sessions == 1 and m.completed == 1
    assert m.screen_times["review"].median == 30.0
    assert m.card_outcomes == {"ok": 1, "wrong_pin": 1, "blocked": 0, "removed": 0}


def test_csv_export_has_the_figures_and_no_personal_data(db, tmp_path):
    seed(db)
    flt = MetricsFilter(start=DAY1.date(), end=DAY2.date())
    out = export_csv(summarise(db, flt), tmp_path / "metrics.csv", flt)
    with out.open(encoding="utf-8") as handle:
        table = {(r["metric"], r["dimension"]): r["value"] for r in csv.DictReader(handle)}
    assert table[("sessions", "total")] == "5"
    assert table[("screen_seconds_p90", "card")] == "100.0"
    assert table[("fields", "prefilled_share")] == "0.5"
    assert table[("card_outcome", "wrong_pin")] == "3"
    assert {m for m, _ in table} <= {"filter", "sessions", "sessions_per_day", "ending", "screen_reached",
                                     "screen_abandoned", "screen_seconds_median", "screen_seconds_p90",
                                     "procedure_seconds_median", "procedure_seconds_p90", "procedure_sessions",
                                     "fields", "card_outcome"}
