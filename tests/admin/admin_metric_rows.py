"""Invented anonymous session figures with known results, for the metrics tests and the
dashboard test (no personal data: kiosk ids, times, screen ids, counts)."""

from __future__ import annotations

import datetime as dt

from kiosk.storage.models import SessionMetric

DAY1 = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
DAY2 = dt.datetime(2026, 11, 3, 9, 0, tzinfo=dt.UTC)


def _row(kiosk, start, minutes, ending, last, screens, procedures=(), total=0, prefilled=0, card=None):
    return SessionMetric(
        kiosk_id=kiosk, started_at=start, ended_at=start + dt.timedelta(minutes=minutes), ending=ending,
        last_screen=last, language="ja", screens=[{"screen": s, "seconds": t} for s, t in screens],
        procedures=list(procedures), fields_total=total, fields_prefilled=prefilled, card_outcomes=card or {},
    )


def rows() -> list[SessionMetric]:
    """Five sessions: 3 on day 1 (kiosk-01), 2 on day 2 (kiosk-01, kiosk-02)."""
    return [
        _row("kiosk-01", DAY1, 5, "completed", "result",
             [("language", 10), ("question", 60), ("card", 40), ("review", 120), ("result", 5)],
             ["move_in"], total=20, prefilled=12, card={"ok": 1}),
        _row("kiosk-01", DAY1 + dt.timedelta(hours=1), 7, "completed", "result",
             [("language", 20), ("question", 90), ("card", 80), ("card", 20), ("review", 200), ("result", 5)],
             ["move_in", "juminhyo"], total=30, prefilled=18, card={"wrong_pin": 1, "ok": 1}),
        _row("kiosk-01", DAY1 + dt.timedelta(hours=2), 3, "timeout", "card",
             [("language", 30), ("question", 30), ("card", 60)], card={"wrong_pin": 2, "blocked": 1}),
        _row("kiosk-01", DAY2, 2, "cancelled", "question", [("language", 40), ("question", 50)]),
        _row("kiosk-02", DAY2 + dt.timedelta(hours=3), 9, "completed", "result",
             [("language", 15), ("question", 70), ("card", 30), ("review", 300), ("result", 5)],
             ["move_in"], total=10, prefilled=0, card={"removed": 1, "ok": 1}),
    ]


def seed(db) -> None:
    with db.session() as s:
        s.add_all(rows())
