"""Figures for the metrics dashboard, computed from the anonymous ``SessionMetric`` rows.

Nothing here reads or shows personal data: rows carry only kiosk ids, times, screen ids,
procedure ids, counts and card-read outcome codes.

Definitions (shown beside the charts):

- a day is the UTC calendar day a session started;
- "reached" a screen: the session spent time on it; "abandoned" on a screen: the session ended
  there without being completed;
- time per screen: the seconds one session spent on that screen (visits added up);
- time per procedure: the duration of the completed sessions that included that procedure;
- median: the middle value (mean of the two middle values for an even count); p90: the
  nearest-rank 90th percentile (the value at position ⌈0.9·n⌉ of the sorted values);
- prefilled share: fields filled from the card ÷ fields filled, over all sessions.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from kiosk.storage.database import Database
from kiosk.storage.models import SessionMetric

COMPLETED = "completed"
CARD_OUTCOMES = ("ok", "wrong_pin", "blocked", "removed")
OUTCOME_ALIASES = {"read_ok": "ok"}  # the kiosk's recorder codes → dashboard codes
NOT_OUTCOMES = {"tries_read"}  # steps of a card read, not how it ended


@dataclass(frozen=True)
class MetricsFilter:
    start: dt.date | None = None  # first day, inclusive
    end: dt.date | None = None  # last day, inclusive
    kiosk_id: str | None = None


@dataclass(frozen=True)
class Timing:
    count: int
    median: float
    p90: float


@dataclass(frozen=True)
class ScreenFunnel:
    screen: str
    reached: int
    abandoned: int

    @property
    def abandonment_rate(self) -> float:
        return self.abandoned / self.reached if self.reached else 0.0


@dataclass
class MetricsSummary:
    sessions: int = 0
    completed: int = 0
    sessions_per_day: dict[dt.date, int] = field(default_factory=dict)
    endings: dict[str, int] = field(default_factory=dict)
    funnel: list[ScreenFunnel] = field(default_factory=list)
    screen_times: dict[str, Timing] = field(default_factory=dict)
    procedure_times: dict[str, Timing] = field(default_factory=dict)
    fields_total: int = 0
    fields_prefilled: int = 0
    card_outcomes: dict[str, int] = field(default_factory=dict)
    kiosks: list[str] = field(default_factory=list)

    @property
    def completion_rate(self) -> float:
        return self.completed / self.sessions if self.sessions else 0.0

    @property
    def prefilled_share(self) -> float:
        return self.fields_prefilled / self.fields_total if self.fields_total else 0.0


def median(values: list[float]) -> float:
    return float(statistics.median(values)) if values else 0.0


def p90(values: list[float]) -> float:
    """Nearest-rank 90th percentile."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return float(ordered[max(0, math.ceil(0.9 * len(ordered)) - 1)])


def timing(values: list[float]) -> Timing:
    return Timing(len(values), round(median(values), 3), round(p90(values), 3))


def screen_seconds(screens: Any) -> dict[str, float]:
    """Seconds per screen of one row; accepts ``[{"screen", "seconds"}, ...]`` and a mapping
    (``{"screen_seconds": {...}}`` or ``{screen: seconds}``)."""
    out: dict[str, float] = defaultdict(float)
    if isinstance(screens, dict):
        inner = screens.get("screen_seconds", screens)
        if isinstance(inner, dict):
            for name, seconds in inner.items():
                if isinstance(seconds, (int, float)) and not isinstance(seconds, bool):
                    out[str(name)] += float(seconds)
    elif isinstance(screens, list):
        for item in screens:
            if isinstance(item, dict) and isinstance(item.get("seconds"), (int, float)):
                out[str(item.get("screen", ""))] += float(item["seconds"])
    return dict(out)


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def rows(db: Database, flt: MetricsFilter = MetricsFilter()) -> list[SessionMetric]:
    query = select(SessionMetric).order_by(SessionMetric.started_at)
    if flt.start:
        query = query.where(SessionMetric.started_at >= dt.datetime.combine(flt.start, dt.time(), dt.UTC))
    if flt.end:
        query = query.where(SessionMetric.started_at < dt.datetime.combine(flt.end + dt.timedelta(days=1), dt.time(), dt.UTC))
    if flt.kiosk_id:
        query = query.where(SessionMetric.kiosk_id == flt.kiosk_id)
    with db.session() as s:
        return list(s.execute(query).scalars())


def kiosk_ids(db: Database) -> list[str]:
    with db.session() as s:
        return sorted(s.execute(select(SessionMetric.kiosk_id).distinct()).scalars())


def summarise(db: Database, flt: MetricsFilter = MetricsFilter()) -> MetricsSummary:
    summary = compute(rows(db, flt))
    summary.kiosks = kiosk_ids(db)
    return summary


def compute(records: Iterable[SessionMetric]) -> MetricsSummary:
    out = MetricsSummary()
    per_day: Counter[dt.date] = Counter()
    endings: Counter[str] = Counter()
    reached: Counter[str] = Counter()
    abandoned: Counter[str] = Counter()
    per_screen: dict[str, list[float]] = defaultdict(list)
    per_procedure: dict[str, list[float]] = defaultdict(list)
    outcomes: Counter[str] = Counter({k: 0 for k in CARD_OUTCOMES})
    order: list[str] = []
    for row in records:
        out.sessions += 1
        started, ended = _aware(row.started_at), _aware(row.ended_at)
        per_day[started.date()] += 1
        endings[row.ending] += 1
        seconds = screen_seconds(row.screens)
        for name, value in seconds.items():
            if name not in order:
                order.append(name)
            reached[name] += 1
            per_screen[name].append(value)
        if row.ending == COMPLETED:
            out.completed += 1
            duration = (ended - started).total_seconds()
            for pid in row.procedures or ():
                per_procedure[str(pid)].append(duration)
        elif row.last_screen:
            abandoned[row.last_screen] += 1
            if row.last_screen not in reached:
                reached[row.last_screen] += 1
                order.append(row.last_screen)
        out.fields_total += row.fields_total or 0
        out.fields_prefilled += row.fields_prefilled or 0
        for outcome, count in (row.card_outcomes or {}).items():
            if isinstance(count, int) and outcome not in NOT_OUTCOMES:
                outcomes[OUTCOME_ALIASES.get(str(outcome), str(outcome))] += count
    out.sessions_per_day = dict(sorted(per_day.items()))
    out.endings = dict(sorted(endings.items()))
    out.funnel = [ScreenFunnel(name, reached[name], abandoned[name]) for name in order]
    out.screen_times = {name: timing(values) for name, values in per_screen.items()}
    out.procedure_times = {pid: timing(values) for pid, values in sorted(per_procedure.items())}
    out.card_outcomes = dict(outcomes)
    return out


def export_csv(summary: MetricsSummary, target: Path, flt: MetricsFilter = MetricsFilter()) -> Path:
    """The figures as one CSV table (metric, dimension, value); no personal data."""
    lines: list[tuple[str, str, Any]] = [
        ("filter", "start", flt.start.isoformat() if flt.start else ""),
        ("filter", "end", flt.end.isoformat() if flt.end else ""),
        ("filter", "kiosk", flt.kiosk_id or ""),
        ("sessions", "total", summary.sessions),
        ("sessions", "completed", summary.completed),
        ("sessions", "completion_rate", round(summary.completion_rate, 4)),
    ]
    lines += [("sessions_per_day", day.isoformat(), n) for day, n in summary.sessions_per_day.items()]
    lines += [("ending", name, n) for name, n in summary.endings.items()]
    for f in summary.funnel:
        lines += [("screen_reached", f.screen, f.reached), ("screen_abandoned", f.screen, f.abandoned)]
    for name, t in summary.screen_times.items():
        lines += [("screen_seconds_median", name, t.median), ("screen_seconds_p90", name, t.p90)]
    for name, t in summary.procedure_times.items():
        lines += [("procedure_seconds_median", name, t.median), ("procedure_seconds_p90", name, t.p90),
                  ("procedure_sessions", name, t.count)]
    lines += [("fields", "total", summary.fields_total), ("fields", "prefilled", summary.fields_prefilled),
              ("fields", "prefilled_share", round(summary.prefilled_share, 4))]
    lines += [("card_outcome", name, n) for name, n in summary.card_outcomes.items()]
    target = Path(target)
    with target.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(("metric", "dimension", "value"))
        writer.writerows(lines)
    return target
